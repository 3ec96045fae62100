package cn.gongkai.crawler;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Links as written on pages (resolved), mapped to their normal form when they are worth fetching. Every page of a
 * site repeats its menu and footer links, and normalising a URL costs more than the rest of following it, so a crawl
 * keeps the answers; the map is emptied when full, which only costs the work again. Safe for the crawl's threads.
 */
final class FetchableLinks {

    private static final int MAX_REMEMBERED = 20_000;

    private final Map<String, Optional<String>> answers = new ConcurrentHashMap<>();

    /** The link's normal form if it is an http(s) URL worth fetching ({@link Urls#worthFetching}). */
    Optional<String> of(String link) {
        if (link == null) {
            return Optional.empty();
        }
        Optional<String> answer = answers.get(link);
        if (answer == null) {
            answer = Urls.normalize(link).filter(Urls::worthFetching);
            if (answers.size() >= MAX_REMEMBERED) {
                answers.clear();
            }
            answers.put(link, answer);
        }
        return answer;
    }
}
