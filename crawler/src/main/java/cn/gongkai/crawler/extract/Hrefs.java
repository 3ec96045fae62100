package cn.gongkai.crawler.extract;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.nodes.Attributes;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Absolute URLs of a page's links, as jsoup's {@code absUrl} gives them, for the steps that read every link of a page.
 * {@code absUrl} parses the page's address again for every link; on a government page of several hundred links that
 * was a large part of reading it. Here the address is parsed once per base URI (a {@code <base href>} changes it for
 * what follows), and the resolution is jsoup's own. One instance serves every step that reads a document's links
 * ({@link #of}), so a link written on the page is resolved once, however many steps read it.
 */
public final class Hrefs {

    private static final String KEY = Hrefs.class.getName();
    private static final Pattern EXTRA_DOT_SEGMENTS = Pattern.compile("^/(?>(?>\\.\\.?/)+)");
    private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+-.]*:");

    private String baseUri;
    private URL base;
    private boolean baseUnusable;
    /** Under the current base: each link as written, resolved. */
    private final Map<String, String> resolved = new HashMap<>();

    /**
     * The resolver kept with the element's document (as user data, which jsoup never writes out), made on first use;
     * a document is read by one thread.
     */
    public static Hrefs of(Element element) {
        Document doc = element.ownerDocument();
        if (doc == null) {
            return new Hrefs();
        }
        if (doc.attributes().userData(KEY) instanceof Hrefs hrefs) {
            return hrefs;
        }
        Hrefs hrefs = new Hrefs();
        doc.attributes().userData(KEY, hrefs);
        return hrefs;
    }

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
            resolved.clear();
            try {
                base = new URL(strip(uri));
                baseUnusable = false;
            } catch (MalformedURLException | IllegalArgumentException e) {
                base = null;
                baseUnusable = true;
            }
        }
        return resolved.computeIfAbsent(rel, this::resolve);
    }

    @SuppressWarnings("deprecation")
    private String resolve(String rel) {
        try {
            if (baseUnusable) {
                return new URL(rel).toExternalForm(); // the base is unsuitable, but the link may be absolute
            }
            return resolved(base, rel).toExternalForm();
        } catch (MalformedURLException e) {
            // a scheme Java has no handler for (tel:, weixin:) is kept as written
            return URI_SCHEME.matcher(rel).find() ? rel : "";
        }
    }

    /**
     * jsoup's {@code StringUtil.resolve(URL, String)} (1.21) but for its first step, which strips the link's control
     * characters with a regular expression run over every character of every link (most of the time of resolving
     * one): links come here stripped already ({@link #strip}).
     */
    @SuppressWarnings("deprecation")
    private static URL resolved(URL base, String rel) throws MalformedURLException {
        // as jsoup: Java resolves '//path/file' + '?foo' to '//path/?foo', not '//path/file?foo'
        String spec = rel.startsWith("?") ? base.getPath() + rel : rel;
        URL url = new URL(base, spec);
        String file = url.getFile();
        // as jsoup: '//example.com' + './foo' is '//example.com/./foo' to Java, '//example.com/foo' to a browser
        if (file.startsWith("/.")) {
            file = EXTRA_DOT_SEGMENTS.matcher(file).replaceFirst("/");
        }
        if (url.getRef() != null) {
            file = file + "#" + url.getRef();
        }
        return new URL(url.getProtocol(), url.getHost(), url.getPort(), file);
    }

    /** The URL without the control characters jsoup strips from both URLs before resolving, as browsers do. */
    private static String strip(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20) {
                StringBuilder kept = new StringBuilder(s.length());
                for (int j = 0; j < s.length(); j++) {
                    if (s.charAt(j) >= 0x20) {
                        kept.append(s.charAt(j));
                    }
                }
                return kept.toString();
            }
        }
        return s;
    }
}
