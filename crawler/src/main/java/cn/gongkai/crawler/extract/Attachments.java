package cn.gongkai.crawler.extract;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Documents published as files (附件): recognised by content type, else by the extension of URL or link text. */
public final class Attachments {

    private static final Map<String, String> BY_EXTENSION = Map.of("pdf", "pdf", "doc", "doc", "docx", "docx",
            "wps", "wps", "xls", "xls", "xlsx", "xlsx", "ofd", "ofd", "et", "xls");
    private static final List<String> DOTTED_EXTENSIONS = BY_EXTENSION.keySet().stream().map(e -> "." + e).toList();
    private static final Map<String, String> BY_CONTENT_TYPE = Map.ofEntries(
            Map.entry("application/pdf", "pdf"),
            Map.entry("application/msword", "doc"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.ms-excel", "xls"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Map.entry("application/kswps", "wps"),
            Map.entry("application/vnd.ms-works", "wps"),
            Map.entry("application/wps-office.wps", "wps"),
            Map.entry("application/ofd", "ofd"),
            Map.entry("application/x-ofd", "ofd"));

    private Attachments() {
    }

    /** The document type (pdf, doc, docx, wps, xls, xlsx, ofd) of a response or link, if it is one. */
    public static Optional<String> type(String contentType, String url) {
        if (contentType != null) {
            String ct = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
            String t = BY_CONTENT_TYPE.get(ct);
            if (t != null) {
                return Optional.of(t);
            }
        }
        if (url == null || !mayNameDocument(url)) {
            return Optional.empty();
        }
        String path;
        try {
            path = new URI(url.strip().replace(" ", "%20")).getPath();
        } catch (URISyntaxException e) {
            path = url;
        }
        return byExtension(path);
    }

    /**
     * Whether a URL can end its path in a document extension, tested on the raw text before parsing it: without a
     * percent escape the path is part of the text as it is, so one of the extensions must be in it. Most links of a
     * page are to pages, and pass this cheaply.
     */
    private static boolean mayNameDocument(String url) {
        if (url.indexOf('%') >= 0) {
            return true;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        for (String extension : DOTTED_EXTENSIONS) {
            if (lower.contains(extension)) {
                return true;
            }
        }
        return false;
    }

    static Optional<String> byExtension(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip();
        int dot = n.lastIndexOf('.');
        if (dot < 0 || dot < n.lastIndexOf('/')) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_EXTENSION.get(n.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }
}
