package cn.gongkai.crawler.extract;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * The further pages of a column list: a "下一页" link, the TRS WCM pager script
 * ({@code createPageHTML(total, current, "index", "html")}, whose pages are index.html, index_1.html, …), and
 * links to the same list under another page number ({@code index_2.html}, {@code ?page=3}, {@code pageIndex=3}).
 */
final class Pagination {

    private static final Pattern NEXT_TEXT = Pattern.compile(
            "(?i)下一页|下页|后一页|后页|尾页|末页|最后一页|next(?:\\s*page)?|[>»›]{1,2}");
    private static final Pattern TRS_PAGER = Pattern.compile(
            "createPageHTML\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*,\\s*['\"]([\\w-]+)['\"]\\s*,\\s*['\"](\\w+)['\"]");
    /**
     * index_3.html, list_3.shtml: the static pages a CMS writes for one list. The name is letters only, so that
     * articles (t20261120_123.html) are never taken for pages of a list.
     */
    private static final Pattern STATIC_PAGE = Pattern.compile("^(.*/)([A-Za-z]+)(?:_(\\d+))?\\.(s?html?)$");
    private static final Pattern PAGE_PARAM = Pattern.compile(
            "(?i)(?:^|[?&])(page|pageindex|pageno|pagenum|currentpage|curpage|pn|p)=(\\d+)(?=&|$)");
    private static final int MAX_PAGES_FROM_SCRIPT = 2;

    private Pagination() {
    }

    /** The URLs of the list's other pages this page links to or its pager script names, in page order. */
    static List<String> pages(Document doc) {
        String self = doc.location();
        Set<String> out = new LinkedHashSet<>();
        Hrefs hrefs = Hrefs.of(doc);
        URI selfUri = uri(self);
        // A link to another page of the same list names this page's host; most of a page's links do not.
        String selfHost = selfUri == null || selfUri.getHost() == null ? null : selfUri.getHost().toLowerCase(Locale.ROOT);
        for (Element a : doc.select(Css.of("a[href]"))) {
            String url = hrefs.abs(a, "href");
            if (url.isEmpty() || url.equals(self)) {
                continue;
            }
            String lower = url.toLowerCase(Locale.ROOT);
            if (lower.startsWith("javascript:")) {
                continue;
            }
            String text = a.text().strip();
            if (text.isEmpty()) {
                text = a.attr("title").strip();
            }
            if (NEXT_TEXT.matcher(text).matches() || (selfHost != null
                    && lower.contains(selfHost) && sameList(selfUri, url))) {
                out.add(url);
            }
        }
        out.addAll(fromPagerScript(doc, self));
        out.remove(self);
        return List.copyOf(out);
    }

    /** TRS WCM writes its pager with a script: page n (from 0) of a list "index" is index_n.html, page 0 index.html. */
    private static List<String> fromPagerScript(Document doc, String self) {
        List<String> out = new ArrayList<>();
        // TRS templates often set countPage and currentPage in one script and call the pager in the next
        Elements scripts = doc.select(Css.of("script"));
        String allScripts = null; // joined only for a page that has the pager: most pages have not
        for (Element script : scripts) {
            String code = script.data();
            Matcher m = TRS_PAGER.matcher(code);
            if (!m.find()) {
                continue;
            }
            if (allScripts == null) {
                StringBuilder all = new StringBuilder();
                for (Element s : scripts) {
                    all.append(s.data()).append('\n');
                }
                allScripts = all.toString();
            }
            Integer total = number(m.group(1), allScripts);
            Integer current = number(m.group(2), allScripts);
            if (total == null || current == null) {
                continue;
            }
            String prefix = m.group(3);
            String ext = m.group(4);
            for (int n = current + 1; n < total && n <= current + MAX_PAGES_FROM_SCRIPT; n++) {
                try {
                    out.add(URI.create(self).resolve(prefix + "_" + n + "." + ext).toString());
                } catch (IllegalArgumentException e) {
                    return out;
                }
            }
        }
        return out;
    }

    /** A literal, or a variable the script sets to a literal ({@code var countPage = 12}). */
    private static Integer number(String token, String code) {
        if (token.chars().allMatch(Character::isDigit)) {
            return token.length() > 6 ? null : Integer.parseInt(token);
        }
        Matcher v = Pattern.compile("\\b" + Pattern.quote(token) + "\\s*=\\s*(\\d{1,6})\\b").matcher(code);
        return v.find() ? Integer.parseInt(v.group(1)) : null;
    }

    /** Whether {@code url} is the same list as {@code self} under another page number. */
    static boolean sameList(String self, String url) {
        URI a = uri(self);
        return a != null && sameList(a, url);
    }

    private static URI uri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean sameList(URI a, String url) {
        URI b = uri(url);
        if (b == null) {
            return false;
        }
        if (a.getHost() == null || !a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))) {
            return false;
        }
        String pa = a.getPath() == null || a.getPath().isEmpty() ? "/" : a.getPath();
        String pb = b.getPath() == null || b.getPath().isEmpty() ? "/" : b.getPath();
        if (pa.endsWith("/")) {
            pa = pa + "index.html";
        }
        Matcher ma = STATIC_PAGE.matcher(pa);
        Matcher mb = STATIC_PAGE.matcher(pb);
        if (b.getRawQuery() == null && ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1))
                && ma.group(2).equals(mb.group(2)) && mb.group(3) != null
                && ma.group(4).equalsIgnoreCase(mb.group(4))) {
            return true; // index.html → index_1.html; list_2.shtml → list_3.shtml
        }
        if (!pa.equals(pb) && !(a.getPath().endsWith("/") && pb.equals(a.getPath()))) {
            return false;
        }
        String qa = a.getRawQuery() == null ? "" : a.getRawQuery();
        String qb = b.getRawQuery() == null ? "" : b.getRawQuery();
        Matcher pageB = PAGE_PARAM.matcher(qb);
        if (!pageB.find()) {
            return false;
        }
        // the same query but for the page number
        String restA = PAGE_PARAM.matcher(qa).replaceAll("");
        String restB = PAGE_PARAM.matcher(qb).replaceAll("");
        return restA.replaceAll("^&|&$", "").equals(restB.replaceAll("^&|&$", ""));
    }
}
