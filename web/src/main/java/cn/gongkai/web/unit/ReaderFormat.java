package cn.gongkai.web.unit;

import cn.gongkai.web.GongkaiProperties;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.netpreserve.jwarc.WarcDigest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Times and digests as a unit's page and its PDF show them. The database keeps times in UTC; a county reads them in
 * the zone of {@code gongkai.time-zone} (Asia/Shanghai unless set), named beside them. WARC payload digests are stored
 * as the WARC writes them ({@code sha256:} and Base32, e.g. {@code sha256:XJ4BNP4P…}); people compare digests with
 * what {@code sha256sum} prints, so they are shown as hex.
 */
@Component
public class ReaderFormat {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    @Autowired
    public ReaderFormat(GongkaiProperties properties) {
        this.zone = properties.zone();
    }

    public ReaderFormat(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The zone's name for readers: 北京时间 for Asia/Shanghai (and the zones that keep its clock), else its id. */
    public String zoneLabel() {
        return zone.getId().equals("Asia/Shanghai") || zone.getId().equals("PRC") ? "北京时间" : zone.getId();
    }

    /** A stored UTC time in the readers' zone, to the second; empty for null. */
    public String time(LocalDateTime utc) {
        return utc == null ? "" : SECONDS.format(local(utc));
    }

    /** A stored UTC time in the readers' zone, to the minute; empty for null. */
    public String minutes(LocalDateTime utc) {
        return utc == null ? "" : MINUTES.format(local(utc));
    }

    private static final java.util.regex.Pattern UTC_TIME =
            java.util.regex.Pattern.compile("(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}) UTC");

    /**
     * Text recorded with its times in UTC ("采集于 2026-12-05 03:10 UTC", as negative-list entries keep their
     * evidence) with those times in the readers' zone.
     */
    public String localizeUtc(String text) {
        if (text == null) {
            return null;
        }
        return UTC_TIME.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                minutes(LocalDateTime.parse(m.group(1).replace(' ', 'T'))) + " " + zoneLabel()));
    }

    private LocalDateTime local(LocalDateTime utc) {
        return utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDateTime();
    }

    /** {@link #digestHex} for templates. */
    public String hex(String stored) {
        return digestHex(stored);
    }

    /** {@link #digestValue} for templates. */
    public String hexValue(String stored) {
        return digestValue(stored);
    }

    /**
     * A stored digest as {@code algorithm:hex} ({@code sha256:ba7816bf…}); a value that is not a WARC digest (none
     * should be) is shown as stored rather than hidden; null stays null.
     */
    public static String digestHex(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        try {
            WarcDigest digest = new WarcDigest(stored.strip());
            return digest.algorithm().toLowerCase(java.util.Locale.ROOT) + ":" + digest.hex();
        } catch (IllegalArgumentException e) {
            return stored;
        }
    }

    /** The hex part alone, what the copy button copies (sha256sum's form); the stored value if it cannot be read. */
    public static String digestValue(String stored) {
        String hex = digestHex(stored);
        if (hex == null) {
            return null;
        }
        int colon = hex.indexOf(':');
        return colon < 0 ? hex : hex.substring(colon + 1);
    }
}
