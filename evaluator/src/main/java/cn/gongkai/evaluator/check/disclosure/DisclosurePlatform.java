package cn.gongkai.evaluator.check.disclosure;

import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import java.util.List;
import java.util.Optional;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** The 政府信息公开 column of a website and the pages its links lead to, as captured. */
record DisclosurePlatform(CaptureRef capture, Document page) {

    /** A page of the platform: where the link pointed and what was captured there, if anything. */
    record Section(String linkText, String url, Optional<CaptureRef> capture, Optional<Document> page) {

        boolean captured() {
            return capture.isPresent() && capture.get().ok() && page.isPresent();
        }
    }

    static Optional<DisclosurePlatform> load(CheckContext context) {
        Captures captures = context.captures();
        for (Captures.Column column : captures.columns(context.channelId())) {
            if (!"DISCLOSURE".equals(column.type())) {
                continue;
            }
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), column.url())
                    .filter(CaptureRef::ok);
            Optional<Document> page = capture.flatMap(c -> captures.html(c.id()));
            if (page.isPresent()) {
                return Optional.of(new DisclosurePlatform(capture.get(), page.get()));
            }
        }
        return Optional.empty();
    }

    /** Why each registered 政府信息公开 column page was not read. */
    static List<String> unread(CheckContext context) {
        return context.captures().columns(context.channelId()).stream().filter(c -> "DISCLOSURE".equals(c.type()))
                .map(c -> context.captures().unread(context.roundId(), context.channelId(), c.url())
                        .orElse(c.url() + "（页面不是 HTML）"))
                .toList();
    }

    /** Why the homepage, where many sites put the platform's entry links, was not read; empty when it was. */
    Optional<String> homepageUnread(CheckContext context) {
        return context.captures().unread(context.roundId(), context.channelId(), context.channelUrl());
    }

    static boolean declared(CheckContext context) {
        return context.captures().columns(context.channelId()).stream().anyMatch(c -> "DISCLOSURE".equals(c.type()));
    }

    /**
     * The link (outside navigation) that leads to a section: one named exactly so (政府信息公开 prefix allowed)
     * first, else the shortest text containing a name — so that an article titled "…主动公开内容目录" is not taken
     * for the catalogue itself.
     */
    Optional<Section> section(CheckContext context, List<String> names) {
        // The platform's own page first; many sites put the platform's entry links on the homepage instead.
        List<Element> links = new java.util.ArrayList<>(page.select("a[href]"));
        context.captures().latest(context.roundId(), context.channelId(), context.channelUrl())
                .filter(CaptureRef::ok)
                .flatMap(home -> context.captures().html(home.id()))
                .ifPresent(home -> links.addAll(home.select("a[href]")));
        Element best = null;
        for (Element link : links) {
            if (PageChrome.contains(link)) {
                continue;
            }
            String text = link.text().strip();
            String bare = text.startsWith("政府信息公开") ? text.substring("政府信息公开".length()) : text;
            for (String name : names) {
                if (bare.equals(name)) {
                    return Optional.of(follow(context, link));
                }
            }
            if (names.stream().anyMatch(text::contains) && (best == null || text.length() < best.text().strip().length())) {
                best = link;
            }
        }
        return Optional.ofNullable(best).map(link -> follow(context, link));
    }

    private static Section follow(CheckContext context, Element link) {
        String url = link.absUrl("href");
        Optional<CaptureRef> target = context.captures().latest(context.roundId(), context.channelId(), url);
        Optional<Document> targetPage = target.filter(CaptureRef::ok).flatMap(c -> context.captures().html(c.id()));
        return new Section(link.text(), url, target, targetPage);
    }

    /**
     * The text of a section page's main content: what the site's profile selects as the article body, else the page
     * without navigation, header and footer.
     */
    static String mainText(Captures captures, Section section) {
        Document page = section.page().orElseThrow();
        return section.capture().map(c -> captures.content(c.id(), page)).orElseGet(() -> PageChrome.content(page))
                .text();
    }
}
