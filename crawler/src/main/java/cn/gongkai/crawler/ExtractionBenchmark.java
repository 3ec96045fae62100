package cn.gongkai.crawler;

import cn.gongkai.crawler.extract.Css;
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
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * {@code bench extract}: the CPU time of reading one page as the crawler does (decode, parse, wall check, the
 * {@link ExtractionChain}'s steps, the links to follow), single-threaded and after warm-up, next to a bare
 * {@code Jsoup.parse} of the same bytes in the same run, so the ratio holds on a loaded machine. Page sets: the full
 * sandbox's HTML pages, the benchmark sites' pages, and the HTML files of a directory when one is given (e.g. the
 * real pages kept with the crawler's tests, {@code crawler/src/test/resources/real-pages-open/html}). Prints per set
 * µs per page for both, their ratio, the time of each step, and a SHA-256 of everything extracted, to compare two
 * implementations of extraction.
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
            readAll(pages);
            pages.forEach(ExtractionBenchmark::bareParse);
        }
        long extractNanos = 0;
        long parseNanos = 0;
        for (int r = 0; r < repetitions; r++) { // interleaved, so both see the same machine
            extractNanos += cpu(() -> readAll(pages));
            parseNanos += cpu(() -> pages.forEach(ExtractionBenchmark::bareParse));
        }
        double n = (double) pages.size() * repetitions;
        out.printf(Locale.ROOT, "%s: %d pages, %.1f KB average%n", name, pages.size(), bytes / 1024.0 / pages.size());
        out.printf(Locale.ROOT, "  extraction %.0f µs/page, bare Jsoup parse %.0f µs/page, ratio %.2f%n",
                extractNanos / n / 1000, parseNanos / n / 1000, (double) extractNanos / parseNanos);
        out.println(stepTimes(pages, Math.max(1, repetitions / 4)));
        out.println("  digest of everything extracted: sha256 " + sha256(readAll(pages)));
    }

    /**
     * The reading again, step by step, each step timed over all pages before the next runs on them, in the crawler's
     * order (so a step that resolves the page's links first pays for them, and the later ones find them resolved).
     * Round 0 warms up.
     */
    private static String stepTimes(List<Page> pages, int rounds) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        for (int r = 0; r <= rounds; r++) {
            boolean timed = r > 0;
            List<String> htmls = new ArrayList<>();
            time(nanos, "decode", timed, () -> pages.forEach(p -> htmls.add(PageExtractor.decode(p.body(),
                    p.contentType()))));
            List<Document> docs = new ArrayList<>();
            time(nanos, "parse", timed, () -> {
                for (int i = 0; i < pages.size(); i++) {
                    docs.add(Jsoup.parse(htmls.get(i), pages.get(i).url()));
                }
            });
            time(nanos, "wall check", timed, () -> {
                for (int i = 0; i < pages.size(); i++) {
                    wall(pages.get(i), htmls.get(i), docs.get(i));
                }
            });
            List<ExtractionChain.Page> read = new ArrayList<>();
            time(nanos, "chain set-up", timed, () -> {
                for (int i = 0; i < pages.size(); i++) {
                    read.add(new ExtractionChain.Page(pages.get(i).url(), docs.get(i), DAY, null));
                }
            });
            for (ExtractionChain.Step step : ExtractionChain.STEPS) {
                time(nanos, step.name(), timed, () -> read.forEach(step::read));
            }
            FetchableLinks fetchable = new FetchableLinks();
            time(nanos, "links", timed, () -> docs.forEach(doc -> links(doc, fetchable)));
        }
        StringBuilder line = new StringBuilder("  steps (µs/page):");
        nanos.forEach((step, ns) -> line.append(String.format(Locale.ROOT, " %s %.0f", step,
                ns / 1000.0 / pages.size() / rounds)));
        return line.toString();
    }

    private static void time(Map<String, Long> nanos, String step, boolean timed, Runnable work) {
        long spent = cpu(work);
        nanos.merge(step, timed ? spent : 0, Long::sum);
    }

    /**
     * Every page read once, as a crawl reads them: one memo of normalised links for the pass, as a crawl keeps one
     * (a later pass starts afresh, so that repeating the pages does not make links cheaper than a crawl finds them).
     * Returned as text, for the digest.
     */
    private static String readAll(List<Page> pages) {
        FetchableLinks fetchable = new FetchableLinks();
        StringBuilder all = new StringBuilder();
        for (Page p : pages) {
            all.append(p.url()).append('\n').append(extract(p, fetchable)).append('\n');
        }
        return all.toString();
    }

    /**
     * What the crawler reads from a page ({@code PageReader.read}, without storing it): decoding, parsing, the wall
     * check, the {@link ExtractionChain} (list entries, article, further list pages, messages, attachments), then the
     * links {@code Discovery} would consider following.
     */
    static String extract(Page page, FetchableLinks fetchable) {
        byte[] body = page.body();
        String html = PageExtractor.decode(body, page.contentType());
        Document doc = Jsoup.parse(html, page.url());
        Optional<Blocking.Block> wall = wall(page, html, doc);
        if (wall.isPresent()) {
            return "wall " + wall.get();
        }
        ExtractionChain.Page read = ExtractionChain.read(page.url(), doc, DAY, null);
        return read.items() + " next " + read.nextPages + " links " + links(doc, fetchable);
    }

    private static Optional<Blocking.Block> wall(Page page, String html, Document doc) {
        int length = page.body().length;
        return Blocking.mayBeWall(length)
                ? Blocking.recognise(200, List.of(), html, PageExtractor.pageTitle(doc),
                        Blocking.visibleTextIfShort(doc), length)
                : Blocking.recognise(200, List.of(), null, null, null, length);
    }

    /**
     * The links the crawler would consider following, normalised as it does ({@code Discovery}, without the
     * channel's scope): links, frames and the links of lists written by scripts.
     */
    private static List<String> links(Document doc, FetchableLinks fetchable) {
        List<String> links = new ArrayList<>();
        Hrefs hrefs = Hrefs.of(doc);
        for (Element e : doc.select(Css.of("a[href], area[href], frame[src], iframe[src]"))) {
            String abs = e.hasAttr("href") ? hrefs.abs(e, "href") : hrefs.abs(e, "src");
            fetchable.of(abs).ifPresent(links::add);
        }
        for (String abs : PageExtractor.scriptListLinks(doc)) {
            fetchable.of(abs).ifPresent(links::add);
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
                    // an address on the web, as a crawl has, so that relative links resolve to pages to follow
                    .map(f -> new Page("http://" + stem(f) + ".pages.test/index.html", "text/html", read(f))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取目录：" + dir, e);
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return name.replaceAll("-html?$", "");
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
