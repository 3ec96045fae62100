package cn.gongkai.crawler.extract;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.regex.Pattern;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Attributes;
import org.jsoup.nodes.Element;

/**
 * Absolute URLs of a page's links, as jsoup's {@code absUrl} gives them, for the steps that read every link of a page.
 * {@code absUrl} parses the page's address again for every link; on a government page of several hundred links that
 * was a large part of reading it. Here the address is parsed once per base URI (a {@code <base href>} changes it for
 * what follows), and the resolution is jsoup's own.
 */
public final class Hrefs {

    /** What jsoup strips from both URLs before resolving, as browsers do. */
    private static final Pattern CONTROL_CHARS = Pattern.compile("[\\x00-\\x1f]*");
    private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+-.]*:");

    private String baseUri;
    private URL base;
    private boolean baseUnusable;

    /** The absolute URL of the element's {@code key} attribute ({@code href}, {@code src}), or "" as absUrl has it. */
    @SuppressWarnings("deprecation") // java.net.URL's parsing, as jsoup's, so that the URLs come out the same
    public String abs(Element element, String key) {
        Attributes attributes = element.attributes();
        if (!attributes.hasKeyIgnoreCase(key)) {
            return "";
        }
        String rel = strip(attributes.getIgnoreCase(key));
        String uri = element.baseUri();
        if (!uri.equals(baseUri)) {
            baseUri = uri;
            try {
                base = new URL(strip(uri));
                baseUnusable = false;
            } catch (MalformedURLException | IllegalArgumentException e) {
                base = null;
                baseUnusable = true;
            }
        }
        try {
            if (baseUnusable) {
                return new URL(rel).toExternalForm(); // the base is unsuitable, but the link may be absolute
            }
            return StringUtil.resolve(base, rel).toExternalForm();
        } catch (MalformedURLException e) {
            // a scheme Java has no handler for (tel:, weixin:) is kept as written
            return URI_SCHEME.matcher(rel).find() ? rel : "";
        }
    }

    private static String strip(String s) {
        return CONTROL_CHARS.matcher(s).replaceAll("");
    }
}
