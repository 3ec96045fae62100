package cn.gongkai.web.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.netpreserve.jwarc.WarcDigest;

/** Times in the readers' zone, WARC digests in hex. */
class ReaderFormatTest {

    private final ReaderFormat beijing = new ReaderFormat(ZoneId.of("Asia/Shanghai"));

    @Test
    void storedUtcTimesAreShownInBeijingTime() {
        LocalDateTime utc = LocalDateTime.of(2026, 12, 31, 20, 5, 9);
        assertThat(beijing.time(utc)).isEqualTo("2027-01-01 04:05:09");
        assertThat(beijing.minutes(utc)).isEqualTo("2027-01-01 04:05");
        assertThat(beijing.zoneLabel()).isEqualTo("北京时间");
        assertThat(beijing.time(null)).isEmpty();
        ReaderFormat urumqi = new ReaderFormat(ZoneId.of("Asia/Urumqi"));
        assertThat(urumqi.time(utc)).isEqualTo("2027-01-01 02:05:09");
        assertThat(urumqi.zoneLabel()).isEqualTo("Asia/Urumqi");
        assertThat(beijing.localizeUtc("采集记录 #3 http://x/（采集于 2026-12-05 20:30 UTC）：摘录"))
                .isEqualTo("采集记录 #3 http://x/（采集于 2026-12-06 04:30 北京时间）：摘录");
    }

    @Test
    void warcDigestsAreShownAsTheHexThatSha256sumPrints() throws Exception {
        byte[] payload = "<html>石桥县</html>".getBytes(StandardCharsets.UTF_8);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String hex = HexFormat.of().formatHex(sha256.digest(payload));
        sha256.update(payload);
        String stored = new WarcDigest(sha256).raw(); // as WarcFileWriter stores it
        assertThat(stored).startsWith("sha256:").isNotEqualTo("sha256:" + hex);
        assertThat(ReaderFormat.digestHex(stored)).isEqualTo("sha256:" + hex);
        assertThat(ReaderFormat.digestValue(stored)).isEqualTo(hex);
        // SHA-1 as older WARC tools write it
        assertThat(ReaderFormat.digestHex("sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"))
                .isEqualTo("sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assertThat(ReaderFormat.digestHex(null)).isNull();
        assertThat(ReaderFormat.digestHex("sha256:not-base32!")).isEqualTo("sha256:not-base32!");
    }
}
