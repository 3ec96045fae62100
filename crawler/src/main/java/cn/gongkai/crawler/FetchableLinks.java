package cn.gongkai.crawler;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Links as written on pages (resolved), mapped to their normal form when they are worth fetching. Every page of a
 * site repeats its menu and footer links, and normalising a URL costs more than the rest of following it, so a crawl
 * keeps the answers for links it has seen twice. Most links (articles) are seen once or twice in a whole crawl:
 * remembering every one kept tens of thousands of them alive, and the garbage collector copied them again at each
 * young collection. A link seen once is only noted, in a set emptied often; both are emptied when full, which only
 * costs the work again. Safe for the crawl's threads.
 */
final class FetchableLinks {

    private static final int MAX_REMEMBERED = 20_000;
    private static final int MAX_SEEN_ONCE = 4_096;

    private final Map<String, Optional<String>> answers = new ConcurrentHashMap<>();
    private final Set<String> seenOnce = ConcurrentHashMap.newKeySet();

    /** The link's normal form if it is an http(s) URL worth fetching ({@link Urls#worthFetching}). */
    Optional<String> of(String link) {
        if (link == null) {
            return Optional.empty();
        }
        Optional<String> answer = answers.get(link);
        if (answer != null) {
            return answer;
        }
        answer = Urls.normalize(link).filter(Urls::worthFetching);
        if (seenOnce.remove(link)) {
            if (answers.size() >= MAX_REMEMBERED) {
                answers.clear();
            }
            answers.put(link, answer);
        } else {
            if (seenOnce.size() >= MAX_SEEN_ONCE) {
                seenOnce.clear();
            }
            seenOnce.add(link);
        }
        return answer;
    }
}
