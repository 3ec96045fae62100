package cn.gongkai.web.evidence;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Marks a finding's excerpt in a captured page on the server, so the replay stays free of scripts: the first text
 * node holding the excerpt (or, failing that, its longest fragment of at least four characters) has the match
 * wrapped in {@code <mark id="gongkai-mark">}, which the viewer's frame scrolls to by its URL fragment.
 * Scripts, event-handler attributes and external resources are left to the replay's CSP to refuse.
 */
final class ExcerptHighlighter {

    static final String MARK_ID = "gongkai-mark";
    private static final String MARK_STYLE = "mark#" + MARK_ID + ",mark.gongkai-mark{background:#ffeb3b;color:#000;"
            + "outline:2px solid #f57f17}";

    private ExcerptHighlighter() {
    }

    /** The page with the excerpt marked, and whether it was found. */
    record Result(String html, boolean found) {
    }

    static Result highlight(String html, String excerpt) {
        Document document = Jsoup.parse(html);
        boolean found = false;
        if (excerpt != null && !excerpt.isBlank()) {
            for (String candidate : candidates(excerpt)) {
                if (mark(document, candidate)) {
                    found = true;
                    break;
                }
            }
        }
        document.head().appendElement("style").appendText(MARK_STYLE);
        document.outputSettings().prettyPrint(false);
        return new Result(document.outerHtml(), found);
    }

    /** The whole excerpt first, then its fragments between ellipses, quotes and whitespace, longest first. */
    static List<String> candidates(String excerpt) {
        List<String> out = new ArrayList<>();
        String whole = excerpt.strip().replaceAll("\\s+", " ");
        out.add(whole);
        List<String> parts = new ArrayList<>();
        for (String part : whole.split("[\\s…「」“”《》【】\"'：:，,。；;]+|\\.\\.\\.")) {
            if (part.codePointCount(0, part.length()) >= 4 && !part.equals(whole)) {
                parts.add(part);
            }
        }
        parts.sort((a, b) -> Integer.compare(b.length(), a.length()));
        out.addAll(parts);
        return out;
    }

    private static boolean mark(Document document, String needle) {
        List<TextNode> texts = new ArrayList<>();
        NodeTraversor.traverse((NodeVisitor) (node, depth) -> {
            if (node instanceof TextNode text && !(node.parent() instanceof Element parent
                    && (parent.normalName().equals("script") || parent.normalName().equals("style")
                    || parent.normalName().equals("title")))) {
                texts.add(text);
            }
        }, document.body());
        for (TextNode text : texts) {
            String value = text.getWholeText();
            String normalised = value.replaceAll("\\s+", " ");
            int at = normalised.indexOf(needle);
            if (at < 0) {
                continue;
            }
            if (!normalised.equals(value)) {
                // Whitespace differed: mark the whole text node rather than guess offsets.
                text.wrap("<mark id=\"" + MARK_ID + "\" class=\"gongkai-mark\"></mark>");
                return true;
            }
            TextNode match = at == 0 ? text : text.splitText(at);
            if (needle.length() < match.getWholeText().length()) {
                match.splitText(needle.length());
            }
            match.wrap("<mark id=\"" + MARK_ID + "\" class=\"gongkai-mark\"></mark>");
            return true;
        }
        return false;
    }
}
