package cn.gongkai.crawler.warc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.warc.EvidenceStore.CapturedRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

class EvidenceStoreTest {

    @TempDir
    Path dir;

    private static FetchResult ok(String url, String body, Map<String, List<String>> headers) throws IOException {
        return new FetchResult(URI.create(url), Instant.parse("2026-11-20T01:30:00.123Z"),
                InetAddress.getByName("127.0.0.1"), Map.of("User-Agent", List.of("gongkai/0.1")), 200, headers,
                body.getBytes(StandardCharsets.UTF_8), false, 12, null);
    }

    @Test
    void writtenResponsesReadBackWithMatchingDigest() throws IOException {
        WarcLocation first;
        WarcLocation second;
        try (WarcFileWriter writer = new WarcFileWriter(dir, 7, WarcFileWriter.DEFAULT_ROTATE_BYTES)) {
            first = writer.write(ok("http://127.0.0.1:8080/", "<p>首页</p>",
                    Map.of("Content-Type", List.of("text/html; charset=utf-8"),
                            "Transfer-Encoding", List.of("chunked")))).orElseThrow();
            second = writer.write(ok("http://127.0.0.1:8080/tzgg/", "<p>通知公告</p>",
                    Map.of("Content-Type", List.of("text/html; charset=utf-8")))).orElseThrow();
        }

        assertThat(first.warcFile()).matches("gongkai-7-\\d{17}-00001\\.warc\\.gz").isEqualTo(second.warcFile());
        assertThat(first.payloadDigest()).startsWith("sha256:");
        assertThat(second.offset()).isGreaterThan(first.offset() + first.length()); // its request lies between

        EvidenceStore store = new EvidenceStore(dir);
        CapturedRecord home = store.read(first.warcFile(), first.offset());
        assertThat(home.targetUri()).isEqualTo("http://127.0.0.1:8080/");
        assertThat(home.date()).isEqualTo(Instant.parse("2026-11-20T01:30:00.123Z"));
        assertThat(home.httpStatus()).isEqualTo(200);
        assertThat(home.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(home.payload(), StandardCharsets.UTF_8)).isEqualTo("<p>首页</p>");
        assertThat(home.payloadDigest()).isEqualTo(first.payloadDigest());
        assertThat(home.digestMatches()).isTrue();

        CapturedRecord notices = store.read(second.warcFile(), second.offset());
        assertThat(new String(notices.payload(), StandardCharsets.UTF_8)).isEqualTo("<p>通知公告</p>");
        assertThat(notices.digestMatches()).isTrue();
    }

    @Test
    void fileHoldsWarcinfoThenRequestResponsePairs() throws IOException {
        WarcLocation location;
        try (WarcFileWriter writer = new WarcFileWriter(dir, 1, WarcFileWriter.DEFAULT_ROTATE_BYTES)) {
            location = writer.write(ok("http://127.0.0.1:8080/", "x", Map.of())).orElseThrow();
        }
        try (WarcReader reader = new WarcReader(dir.resolve(location.warcFile()))) {
            List<String> types = reader.records().map(WarcRecord::type).toList();
            assertThat(types).containsExactly("warcinfo", "request", "response");
        }
        try (WarcReader reader = new WarcReader(dir.resolve(location.warcFile()))) {
            WarcRequest request = (WarcRequest) reader.records().filter(r -> r instanceof WarcRequest)
                    .findFirst().orElseThrow();
            assertThat(request.http().headers().first("User-Agent")).contains("gongkai/0.1");
            assertThat(request.headers().first("WARC-IP-Address")).contains("127.0.0.1");
        }
    }

    @Test
    void failedFetchIsRecordedWithoutAResponse() throws IOException {
        FetchResult failed = new FetchResult(URI.create("http://127.0.0.1:9/"), Instant.now(), null,
                Map.of(), -1, Map.of(), new byte[0], false, 3, "无法连接服务器（ConnectException）");
        Optional<WarcLocation> location;
        try (WarcFileWriter writer = new WarcFileWriter(dir, 1, WarcFileWriter.DEFAULT_ROTATE_BYTES)) {
            location = writer.write(failed);
        }
        assertThat(location).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            Path file = files.findFirst().orElseThrow();
            try (WarcReader reader = new WarcReader(file)) {
                assertThat(reader.records().map(WarcRecord::type).toList())
                        .containsExactly("warcinfo", "request", "metadata");
            }
        }
    }

    @Test
    void filesRotateWhenFull() throws IOException {
        try (WarcFileWriter writer = new WarcFileWriter(dir, 3, 1)) {
            WarcLocation a = writer.write(ok("http://127.0.0.1:8080/a", "a", Map.of())).orElseThrow();
            WarcLocation b = writer.write(ok("http://127.0.0.1:8080/b", "b", Map.of())).orElseThrow();
            assertThat(a.warcFile()).endsWith("-00001.warc.gz");
            assertThat(b.warcFile()).endsWith("-00002.warc.gz");
            EvidenceStore store = new EvidenceStore(dir);
            assertThat(store.read(b.warcFile(), b.offset()).payload()).containsExactly('b');
        }
    }

    @Test
    void tamperedPayloadDoesNotMatchItsDigest() throws IOException {
        byte[] payload = "<p>原文</p>".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("forged.warc");
        try (WarcWriter writer = new WarcWriter(Files.newByteChannel(file,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE),
                WarcCompression.NONE)) {
            HttpResponse http = new HttpResponse.Builder(200, "OK")
                    .body(MediaType.HTML_UTF8, "<p>篡改</p>".getBytes(StandardCharsets.UTF_8)).build();
            writer.write(new WarcResponse.Builder("http://example.gov.cn/")
                    .payloadDigest(new WarcDigest(sha256(payload)))
                    .body(http)
                    .build());
        }

        CapturedRecord record = new EvidenceStore(dir).read("forged.warc", 0);

        assertThat(record.digestMatches()).isFalse();
        assertThat(record.payloadDigest()).startsWith("sha256:");
    }

    @Test
    void namesThatLeaveTheDirectoryAreRefused() {
        EvidenceStore store = new EvidenceStore(dir);
        for (String name : List.of("../secret.warc.gz", "sub/x.warc.gz", "..\\x.warc.gz", "/etc/passwd", "..", "")) {
            assertThatThrownBy(() -> store.read(name, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("非法的 WARC 文件名");
        }
    }

    @Test
    void offsetOfARequestRecordIsRefused() throws IOException {
        WarcLocation location;
        try (WarcFileWriter writer = new WarcFileWriter(dir, 1, WarcFileWriter.DEFAULT_ROTATE_BYTES)) {
            location = writer.write(ok("http://127.0.0.1:8080/", "x", Map.of())).orElseThrow();
        }
        assertThatThrownBy(() -> new EvidenceStore(dir).read(location.warcFile(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("response");
    }

    private static java.security.MessageDigest sha256(byte[] data) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(data);
            return md;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
