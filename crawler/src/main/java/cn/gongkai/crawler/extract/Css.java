package cn.gongkai.crawler.extract;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * The extractor's CSS queries, each parsed once. jsoup parses a query string again on every {@code select}; on the
 * crawl's hot path, where every page runs some forty fixed queries, that parsing cost as much as a step of reading.
 * Only the extractor's own constant queries belong here, never a user's (those are checked and kept by their profile).
 */
public final class Css {

    private static final Map<String, Evaluator> PARSED = new ConcurrentHashMap<>();

    private Css() {
    }

    /** The query, parsed; jsoup's evaluators keep no state between uses, so one serves every thread. */
    public static Evaluator of(String query) {
        return PARSED.computeIfAbsent(query, QueryParser::parse);
    }
}
