package cn.gongkai.crawler.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The labelled real pages: raw HTML, hand-labelled date and clean text. The open set is kept with the tests
 * ({@code src/test/resources/real-pages-open}, see its PROVENANCE.md); {@code -Dgongkai.realPages=DIR} reads another
 * set laid out alike instead.
 */
record RealPages(Path root) {

    record Page(String id, byte[] html, String dateLabel, String cleaned) {
    }

    static RealPages locate() {
        String configured = System.getProperty("gongkai.realPages");
        Path root;
        if (configured != null) {
            root = Path.of(configured);
        } else {
            URL kept = RealPages.class.getResource("/real-pages-open/html");
            if (kept == null) {
                throw new IllegalStateException("real-pages-open is missing from the test resources");
            }
            try {
                root = Path.of(kept.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!Files.isDirectory(root.resolve("html"))) {
            throw new IllegalStateException("no html folder in the real pages at " + root);
        }
        return new RealPages(root);
    }

    List<Page> pages() {
        try (Stream<Path> files = Files.list(root.resolve("html"))) {
            return files.filter(f -> f.toString().endsWith(".html")).sorted().map(this::page).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Page page(Path html) {
        String id = html.getFileName().toString().replace(".html", "");
        try {
            return new Page(id, Files.readAllBytes(html),
                    Files.readString(root.resolve("date/" + id + ".txt"), StandardCharsets.UTF_8).strip(),
                    Files.readString(root.resolve("cleaned/" + id + ".txt"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
