package cn.gongkai.evaluator.check.interpretation;

import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The unit's leaders as its website publishes them (领导之窗、领导信息、领导简介), read for who its principal leader
 * (主要负责人) is: the head of a government (县长、区长、市长…) or of a department (局长、主任…), never a deputy (副职).
 * The page is found as a user finds it: a link so named on the homepage or on a registered column's page, or a
 * registered column so named.
 */
final class Leaders {

    /** Titles of a unit's head; a position holding one of these without 副 is the principal leader's. */
    static final List<String> PRINCIPAL_TITLES = List.of("县长", "区长", "市长", "旗长", "州长", "镇长", "乡长", "局长",
            "主任", "厅长", "署长", "主席");
    private static final Pattern PAGE_NAME = Pattern.compile("领导之窗|领导信息|领导简介|领导班子|领导介绍|现任领导|领导分工");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s:：,，、;；()（）|/\\u00a0]+");
    private static final Pattern NAME = Pattern.compile("[\\p{IsHan}]{2,4}");
    /** Tokens of a leader entry that are labels or roles, not a person's name. */
    private static final Pattern NOT_A_NAME = Pattern.compile(
            "姓名|职务|分工|简历|职位|领导|照片|性别|民族|籍贯|学历|出生|党派|简介|详细|更多|查看|负责|分管|主持|联系"
                    + "|政府|委员|办公|工作|书记|长$|主任|主席|副|员$|党组|常务");
    /** An entry longer than this holds more than one leader. */
    private static final int MAX_ENTRY = 120;

    /**
     * What the site says of its leaders.
     *
     * @param page       the captured leader page, if one was found and captured
     * @param uncaptured the leader page's address when a link to it was found but it could not be captured
     * @param principals principal leaders' names with their positions as the page writes them
     */
    record Info(Optional<CaptureRef> page, String uncaptured, Map<String, String> principals) {
    }

    private Leaders() {
    }

    static Info load(CheckContext context) {
        Captures captures = context.captures();
        Map<String, String> candidates = new LinkedHashMap<>();
        List<String> linkPages = new ArrayList<>();
        linkPages.add(context.channelUrl());
        for (Captures.Column column : captures.columns(context.channelId())) {
            linkPages.add(column.url());
            if (PAGE_NAME.matcher(column.name()).find()) {
                candidates.putIfAbsent(column.url(), column.name());
            }
        }
        for (String url : linkPages) {
            Optional<Document> page = captures.latest(context.roundId(), context.channelId(), url)
                    .filter(CaptureRef::ok).flatMap(c -> captures.html(c.id()));
            if (page.isEmpty()) {
                continue;
            }
            for (Element link : page.get().select("a[href]")) {
                String text = link.text().strip();
                if (text.length() <= 10 && PAGE_NAME.matcher(text).find()) {
                    candidates.putIfAbsent(link.absUrl("href"), text);
                }
            }
        }
        String uncaptured = null;
        for (String url : candidates.keySet()) {
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), url)
                    .filter(CaptureRef::ok);
            Optional<Document> html = capture.flatMap(c -> captures.html(c.id()));
            if (html.isEmpty()) {
                uncaptured = uncaptured == null ? url : uncaptured;
                continue;
            }
            return new Info(capture, null, principals(html.get()));
        }
        return new Info(Optional.empty(), uncaptured, Map.of());
    }

    /**
     * The principal leaders of a leader page, name → position: each innermost element that names a principal
     * position, with the name found in it or, for layouts that put name and position in separate cells, in its
     * nearest ancestor short enough to be one leader's entry.
     */
    static Map<String, String> principals(Document page) {
        Element content = PageChrome.content(page);
        Map<String, String> out = new LinkedHashMap<>();
        for (Element e : content.getAllElements()) {
            String text = e.text().strip();
            if (text.length() > MAX_ENTRY || principalPosition(text).isEmpty()
                    || e.children().stream().anyMatch(c -> principalPosition(c.text()).isPresent())) {
                continue;
            }
            String position = principalPosition(text).get();
            Element entry = e;
            Optional<String> name = name(entry.text());
            while (name.isEmpty() && entry.parent() != null && entry.parent().text().length() <= MAX_ENTRY) {
                entry = entry.parent();
                name = name(entry.text());
            }
            name.ifPresent(n -> out.putIfAbsent(n, position));
        }
        return out;
    }

    /** The principal position a text names ("县委副书记、县长" → 县长), never a deputy's ("常务副县长"). */
    static Optional<String> principalPosition(String text) {
        for (String token : SEPARATORS.split(text)) {
            if (token.contains("副") || token.contains("办公室") || token.length() > 8) {
                continue;
            }
            for (String title : PRINCIPAL_TITLES) {
                if (token.endsWith(title)) {
                    return Optional.of(token);
                }
            }
        }
        return Optional.empty();
    }

    /** The first token of an entry that can be a person's name: two to four Han characters, not a label or role. */
    static Optional<String> name(String text) {
        for (String token : SEPARATORS.split(text)) {
            if (NAME.matcher(token).matches() && !NOT_A_NAME.matcher(token).find()) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    /** Names in a set, for messages. */
    static String describe(Map<String, String> principals) {
        Set<String> parts = new LinkedHashSet<>();
        principals.forEach((name, position) -> parts.add(name + "（" + position + "）"));
        return String.join("、", parts);
    }
}
