package cn.gongkai.crawler;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps the crawler out of spider traps: endless calendars (a next-month link on every month page), query
 * parameters that multiply without end (sorting, filters, session ids), and paths that repeat their own segments
 * (relative links that climb into themselves). A refused link gets a reason, so the evaluator can see it.
 */
final class TrapGuard {

    static final int MAX_QUERY_VARIANTS_PER_PATH = 25;
    static final int MAX_DATE_VARIANTS_PER_PATH = 12;
    static final int MAX_QUERY_PARAMETERS = 8;
    static final int MAX_SEGMENT_REPEATS = 3;
    static final int MAX_PATH_SEGMENTS = 15;

    private static final Pattern DATE_VALUE = Pattern.compile(
            "(?:19|20)\\d{2}[-/_.]?(?:0?[1-9]|1[0-2])(?:[-/_.]?(?:0?[1-9]|[12]\\d|3[01]))?");
    private static final Pattern DATE_PATH = Pattern.compile(
            "/(?:19|20)\\d{2}/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\\d|3[01]))?/?$");
    private static final Pattern CALENDAR_KEY = Pattern.compile("(?i)(date|day|month|year|cal|rq|riqi|time)");

    /** Per channel and host+path: the distinct query strings and calendar variants seen. */
    private final Map<String, Set<String>> queries = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> dates = new ConcurrentHashMap<>();

    /** Why following {@code url} for {@code channelId} would walk into a trap, or empty when it looks fine. */
    Optional<String> check(long channelId, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("网址无法解析");
        }
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        String[] segments = path.split("/");
        if (segments.length > MAX_PATH_SEGMENTS) {
            return Optional.of("疑似爬虫陷阱：路径层级超过 " + MAX_PATH_SEGMENTS + " 级");
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String s : segments) {
            if (!s.isEmpty() && counts.merge(s, 1, Integer::sum) >= MAX_SEGMENT_REPEATS) {
                return Optional.of("疑似爬虫陷阱：路径段“" + s + "”重复出现 " + MAX_SEGMENT_REPEATS + " 次以上");
            }
        }
        String key = channelId + " " + uri.getHost() + ":" + uri.getPort() + (uri.getRawQuery() == null
                ? DATE_PATH.matcher(path).replaceAll("/{date}") : path);
        String query = uri.getRawQuery();
        boolean calendar = DATE_PATH.matcher(path).find();
        if (query != null) {
            String[] params = query.split("&");
            if (params.length > MAX_QUERY_PARAMETERS) {
                return Optional.of("疑似爬虫陷阱：查询参数超过 " + MAX_QUERY_PARAMETERS + " 个");
            }
            for (String p : params) {
                String[] kv = p.split("=", 2);
                if (kv.length == 2 && CALENDAR_KEY.matcher(kv[0]).find() && DATE_VALUE.matcher(kv[1]).find()) {
                    calendar = true;
                }
            }
            Set<String> seen = queries.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
            if (!seen.contains(query) && seen.size() >= MAX_QUERY_VARIANTS_PER_PATH) {
                return Optional.of("疑似爬虫陷阱：同一路径的查询参数组合超过 " + MAX_QUERY_VARIANTS_PER_PATH + " 种");
            }
            seen.add(query);
        }
        if (calendar) {
            Set<String> seen = dates.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
            if (!seen.contains(url) && seen.size() >= MAX_DATE_VARIANTS_PER_PATH) {
                return Optional.of("疑似爬虫陷阱：日历类网址（按日期无限翻页）超过 " + MAX_DATE_VARIANTS_PER_PATH + " 个");
            }
            seen.add(url);
        }
        return Optional.empty();
    }

}
