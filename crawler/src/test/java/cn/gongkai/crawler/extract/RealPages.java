package cn.gongkai.crawler.extract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The labelled real pages of ../shared/data/real-pages-open: raw HTML, hand-labelled date and clean text. */
record RealPages(Path root) {

    record Page(String id, byte[] html, String dateLabel, String cleaned) {
    }

    static RealPages locate() {
        String configured = System.getProperty("gongkai.realPages");
        Path root = configured != null ? Path.of(configured) : null;
        for (Path p = Path.of("").toAbsolutePath(); root == null && p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/data/real-pages-open");
            if (Files.isDirectory(candidate)) {
                root = candidate;
            }
            Path sibling = p.resolveSibling("shared/data/real-pages-open");
            if (root == null && Files.isDirectory(sibling)) {
                root = sibling;
            }
        }
        assumeTrue(root != null && Files.isDirectory(root.resolve("html")),
                "real-pages-open not found (set -Dgongkai.realPages=...)");
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
