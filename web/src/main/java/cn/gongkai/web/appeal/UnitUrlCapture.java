package cn.gongkai.web.appeal;

import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;

import cn.gongkai.crawler.CaptureScope;
import cn.gongkai.crawler.Crawler;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Captures, now, a URL that a unit under evaluation gave (an appeal's, a 整改 answer's) as evidence of that unit's
 * channel in the round: written to WARC and indexed like any capture. The URL is the unit's to write, so it is
 * fetched only on the unit's registered sites unless an evaluator widens that (the caller logs why); whatever is
 * allowed, {@link CaptureScope} never reaches this application's own ports or its database's.
 */
@Service
public class UnitUrlCapture {

    private static final Pattern JDBC_PORT = Pattern.compile("^jdbc:[a-z]+://[^/:,?]+:(\\d+)");

    private final DSLContext dsl;
    private final Crawler crawler;
    private final Environment environment;

    public UnitUrlCapture(DSLContext dsl, Crawler crawler, Environment environment) {
        this.dsl = dsl;
        this.crawler = crawler;
        this.environment = environment;
    }

    /**
     * The capture of {@code url} for the unit's channel on the same host (else its first website, else its first
     * channel). A failed fetch is a capture with a failed status, not an exception.
     *
     * @throws IllegalArgumentException in Chinese, when the unit has no channel in the round or the URL is out of
     *                                  scope
     */
    public Crawler.Captured capture(long roundId, long unitId, String url, boolean widen) {
        Long channelId = channelFor(roundId, unitId, url);
        if (channelId == null) {
            throw new IllegalArgumentException("该单位在本轮没有登记网站或栏目，无法关联采集结果");
        }
        Set<String> registered = dsl.select(CHANNEL.URL).from(CHANNEL)
                .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId)).and(CHANNEL.UNIT_ID.eq(unitId))
                .fetch(CHANNEL.URL).stream().map(CaptureScope::origin).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        try {
            return crawler.captureOne(roundId, channelId, url, new CaptureScope(registered, widen, ownPorts()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("无法采集该网址：" + e.getMessage(), e);
        }
    }

    /** The ports of this application (web, management) and of its database: never fetched on this machine. */
    private Set<Integer> ownPorts() {
        String jdbcUrl = dsl.connectionResult(c -> c.getMetaData().getURL());
        Matcher port = JDBC_PORT.matcher(jdbcUrl == null ? "" : jdbcUrl);
        return Stream.concat(
                        Stream.of("local.server.port", "server.port", "local.management.port", "management.server.port")
                                .map(p -> environment.getProperty(p, Integer.class)),
                        Stream.of(port.find() ? Integer.valueOf(port.group(1)) : 3306))
                .filter(p -> p != null && p > 0).collect(Collectors.toSet());
    }

    /** The unit's channel in the round on the URL's host, else its first website, else its first channel. */
    private Long channelFor(long roundId, long unitId, String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        var channels = dsl.select(CHANNEL.ID, CHANNEL.URL, CHANNEL.KIND).from(CHANNEL)
                .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId)).and(CHANNEL.UNIT_ID.eq(unitId))
                .orderBy(CHANNEL.ID).fetch();
        for (var channel : channels) {
            try {
                String channelHost = URI.create(channel.value2()).getHost();
                if (host != null && host.equalsIgnoreCase(channelHost)) {
                    return channel.value1();
                }
            } catch (IllegalArgumentException e) {
                // a channel URL that is not a URI cannot match
            }
        }
        return channels.stream().filter(c -> "WEBSITE".equals(c.value3())).findFirst()
                .or(() -> channels.stream().findFirst()).map(c -> c.value1()).orElse(null);
    }
}
