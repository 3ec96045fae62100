package cn.gongkai.evaluator.check.disclosure;

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

    static boolean declared(CheckContext context) {
        return context.captures().columns(context.channelId()).stream().anyMatch(c -> "DISCLOSURE".equals(c.type()));
    }

    /** The first link (outside navigation) whose text contains one of the names, followed into the captures. */
    Optional<Section> section(CheckContext context, List<String> names) {
        for (Element link : page.select("a[href]")) {
            if (link.closest(".nav, nav, .header, .footer, .position") != null) {
                continue;
            }
            String text = link.text();
            if (names.stream().anyMatch(text::contains)) {
                String url = link.absUrl("href");
                Optional<CaptureRef> target = context.captures().latest(context.roundId(), context.channelId(), url);
                Optional<Document> targetPage = target.filter(CaptureRef::ok)
                        .flatMap(c -> context.captures().html(c.id()));
                return Optional.of(new Section(text, url, target, targetPage));
            }
        }
        return Optional.empty();
    }

    /** The text of a page's main content, leaving out navigation, header and footer. */
    static String mainText(Document page) {
        Document copy = page.clone();
        copy.select("script, style, .nav, nav, .header, header, .footer, footer, .position").remove();
        return copy.body() == null ? "" : copy.body().text();
    }
}
