package cn.gongkai.crawler;

import cn.gongkai.crawler.extract.Charsets;
import cn.gongkai.crawler.extract.Hrefs;
import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.fetch.Blocking;
import cn.gongkai.crawler.sandbox.Sandbox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * {@code bench extract}: the CPU time of reading one page as the crawler does (decode, parse, wall check, article,
 * list, messages, attachments, pagination, links), single-threaded and after warm-up, next to a bare
 * {@code Jsoup.parse} of the same bytes in the same run, so the ratio holds on a loaded machine. Page sets: the full
 * sandbox's HTML pages, the benchmark sites' pages, and the HTML files of a directory when one is given (e.g. the
 * real pages of {@code /work/shared/data/real-pages-open/html}). Prints per set µs per page for both, their ratio,
 * the time of each step, and a SHA-256 of everything extracted, to compare two implementations of extraction.
 */
public final class ExtractionBenchmark {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ExtractionBenchmark() {
    }

    /** A page to read: its bytes and Content-Type header as a server sent them. */
    record Page(String url, String contentType, byte[] body) {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Arguments: {@code [--repetitions N] [--dir DIRECTORY]}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int repetitions = 20;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--repetitions") && i + 1 < args.length) {
                repetitions = Integer.parseInt(args[++i]);
            } else if (a.equals("--dir") && i + 1 < args.length) {
                dir = Path.of(args[++i]);
            } else {
                err.println("用法 / usage: bench extract [--repetitions 20] [--dir 网页目录 / directory of .html files]");
                return 2;
            }
        }
        Map<String, List<Page>> sets = new LinkedHashMap<>();
        sets.put("sandbox (ground-truth sites)", sandbox(0, 0));
        sets.put("benchmark sites (2 x 200 articles)", sandbox(2, 200));
        if (dir != null) {
            List<Page> files = directory(dir);
            sets.put("directory " + dir, files);
            // the yardstick: a government-like page of about 40 KB
            sets.put("its pages of 30-50 KB", files.stream()
                    .filter(p -> p.body().length >= 30 * 1024 && p.body().length <= 50 * 1024).toList());
        }
        out.printf(Locale.ROOT, "extraction benchmark: one thread, %d repetitions after warm-up; CPU time of this "
                + "thread; load %s%n", repetitions, load());
        for (var set : sets.entrySet()) {
            measure(set.getKey(), set.getValue(), repetitions, out);
        }
        return 0;
    }

    private static void measure(String name, List<Page> pages, int repetitions, PrintStream out) {
        long bytes = pages.stream().mapToLong(p -> p.body().length).sum();
        // warm-up: the JIT compiles the hot paths of both before anything is timed
        for (int i = 0; i < Math.max(3, repetitions / 4); i++) {
            pages.forEach(ExtractionBenchmark::extract);
            pages.forEach(ExtractionBenchmark::bareParse);
        }
        long extractNanos = 0;
        long parseNanos = 0;
        for (int r = 0; r < repetitions; r++) { // interleaved, so both see the same machine
            extractNanos += cpu(() -> pages.forEach(ExtractionBenchmark::extract));
            parseNanos += cpu(() -> pages.forEach(ExtractionBenchmark::bareParse));
        }
        double n = (double) pages.size() * repetitions;
        out.printf(Locale.ROOT, "%s: %d pages, %.1f KB average%n", name, pages.size(), bytes / 1024.0 / pages.size());
        out.printf(Locale.ROOT, "  extraction %.0f µs/page, bare Jsoup parse %.0f µs/page, ratio %.2f%n",
                extractNanos / n / 1000, parseNanos / n / 1000, (double) extractNanos / parseNanos);
        List<String> htmls = pages.stream().map(p -> Charsets.decode(p.body(), p.contentType()).text()).toList();
        Map<String, BiFunction<Integer, List<Document>, Object>> steps = new LinkedHashMap<>();
        steps.put("decode", (i, docs) -> Charsets.decode(pages.get(i).body(), pages.get(i).contentType()));
        steps.put("parse", (i, docs) -> Jsoup.parse(htmls.get(i), pages.get(i).url()));
        steps.put("wall check", (i, docs) -> wall(pages.get(i), htmls.get(i), docs.get(i)));
        steps.put("article date and title", (i, docs) -> PageExtractor.pubDate(docs.get(i)).toString()
                + PageExtractor.articleTitle(docs.get(i)));
        steps.put("list items", (i, docs) -> PageExtractor.listItems(docs.get(i), DAY));
        steps.put("messages", (i, docs) -> PageExtractor.messages(docs.get(i)));
        steps.put("attachments", (i, docs) -> PageExtractor.attachments(docs.get(i)));
        steps.put("pagination", (i, docs) -> PageExtractor.pagination(docs.get(i)));
        steps.put("links", (i, docs) -> links(docs.get(i)));
        StringBuilder line = new StringBuilder("  steps (µs/page):");
        int rounds = Math.max(1, repetitions / 4);
        for (var step : steps.entrySet()) {
            long nanos = 0;
            for (int r = 0; r <= rounds; r++) {
                // Each round reads freshly parsed pages (parsed untimed): what a step finds kept with a document (its
                // resolved links) must not make a later round cheaper than reading a new page is. Round 0 warms up.
                List<Document> docs = new ArrayList<>();
                for (int i = 0; i < pages.size(); i++) {
                    docs.add(Jsoup.parse(htmls.get(i), pages.get(i).url()));
                }
                long spent = cpu(() -> {
                    for (int i = 0; i < docs.size(); i++) {
                        step.getValue().apply(i, docs);
                    }
                });
                nanos += r == 0 ? 0 : spent;
            }
            line.append(String.format(Locale.ROOT, " %s %.0f", step.getKey(), nanos / 1000.0 / pages.size() / rounds));
        }
        out.println(line);
        StringBuilder all = new StringBuilder();
        pages.forEach(p -> all.append(p.url()).append('\n').append(extract(p)).append('\n'));
        out.println("  digest of everything extracted: sha256 " + sha256(all.toString()));
    }

    /**
     * What the crawler reads from a page ({@code PageReader.read}, without storing it): the wall check, then the
     * article, dated list entries, messages, attachments, further list pages and links to follow. Returned as text,
     * for the digest.
     */
    static String extract(Page page) {
        byte[] body = page.body();
        String html = PageExtractor.decode(body, page.contentType());
        Document doc = Jsoup.parse(html, page.url());
        Optional<Blocking.Block> wall = wall(page, html, doc);
        if (wall.isPresent()) {
            return "wall " + wall.get();
        }
        List<Object> read = new ArrayList<>();
        boolean articleMeta = !doc.select("meta[name=PubDate], meta[name=ArticleTitle]").isEmpty();
        List<PageExtractor.ListItem> listItems = articleMeta ? List.of() : PageExtractor.listItems(doc, DAY);
        if (articleMeta || listItems.isEmpty()) {
            Optional<LocalDate> pubDate = PageExtractor.pubDate(doc);
            if (articleMeta || pubDate.isPresent()) {
                read.add("article " + PageExtractor.articleTitle(doc).orElse(null) + " " + pubDate.orElse(null) + " "
                        + doc.select("meta[name=Description]").attr("content").strip());
            }
        }
        read.addAll(listItems);
        read.addAll(PageExtractor.messages(doc));
        read.addAll(PageExtractor.attachments(doc));
        read.addAll(PageExtractor.pagination(doc));
        read.addAll(links(doc));
        return read.toString();
    }

    private static Optional<Blocking.Block> wall(Page page, String html, Document doc) {
        int length = page.body().length;
        return Blocking.mayBeWall(length)
                ? Blocking.recognise(200, List.of(), html, PageExtractor.pageTitle(doc),
                        Blocking.visibleTextIfShort(doc), length)
                : Blocking.recognise(200, List.of(), null, null, null, length);
    }

    /** The links the crawler would consider following, normalised as it does ({@code Discovery}). */
    private static List<String> links(Document doc) {
        List<String> links = new ArrayList<>();
        Hrefs hrefs = Hrefs.of(doc);
        for (Element e : doc.select("a[href], area[href], frame[src], iframe[src]")) {
            String abs = e.hasAttr("href") ? hrefs.abs(e, "href") : hrefs.abs(e, "src");
            Urls.normalize(abs).filter(Urls::worthFetching).ifPresent(links::add);
        }
        return links;
    }

    private static Document bareParse(Page page) {
        try {
            return Jsoup.parse(new ByteArrayInputStream(page.body()), headerCharset(page.contentType()), page.url());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String headerCharset(String contentType) {
        int at = contentType == null ? -1 : contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        return at < 0 ? null : contentType.substring(at + "charset=".length()).strip();
    }

    private static long cpu(Runnable work) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        work.run();
        return THREADS.getCurrentThreadCpuTime() - t0;
    }

    private static List<Page> sandbox(int hosts, int articles) {
        List<Page> pages = new ArrayList<>();
        for (Sandbox.ServedPage p : Sandbox.htmlPages(LocalDate.now(ZoneId.of("Asia/Shanghai")), hosts, articles)) {
            pages.add(new Page("http://" + p.site() + ".sandbox.test" + p.path(), p.contentType(), p.body()));
        }
        return pages;
    }

    private static List<Page> directory(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().toLowerCase(Locale.ROOT).matches(".*\\.html?")).sorted()
                    .map(f -> new Page(f.toUri().toString(), "text/html", read(f))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取目录：" + dir, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取文件：" + file, e);
        }
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
