package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox.SandboxColumn;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import cn.gongkai.sql.TestDatabase;
import cn.gongkai.sql.jooq.tables.records.CaptureRecord;
import cn.gongkai.sql.jooq.tables.records.FrontierUrlRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus against the crawler: every case is a loopback server of its own (so the cases are crawled
 * in parallel, as hosts of one round), and the crawl runs in a child JVM with a small heap, so "memory stays
 * bounded" is proven by the crawl finishing there instead of by a figure. Each case must end in a recorded status
 * (capture row, frontier row with a Chinese reason), never in a crash or a hang.
 */
class HostileInputIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final long GIGABYTE = 1L << 30;
    private static final long BODY_CAP = 8L << 20;
    private static final int REQUEST_TIMEOUT_S = 2;
    private static final int PAGES_PER_CHANNEL = 50;
    private static final String CHILD_HEAP = "-Xmx256m";

    private static final AtomicLong hugeBytesSent = new AtomicLong();
    private static final List<HostileServer> servers = new ArrayList<>();
    private static HostileServer bomb;
    private static HostileServer huge;
    private static HostileServer slowHeaders;
    private static HostileServer slowBody;
    private static HostileServer redirects;
    private static HostileServer links;
    private static HostileServer malformed;
    private static HostileServer invalidUtf8;
    private static HostileServer gbk;
    private static HostileServer scripts;

    private final DSLContext dsl = TestDatabase.get().dsl();

    @TempDir
    static Path warcDirectory;

    @BeforeAll
    static void startServers() throws IOException {
        byte[] gzipBomb = gzipBomb();
        bomb = start((path, out) -> out.write(HostileServer.response(200, "text/html; charset=utf-8", gzipBomb,
                "Content-Encoding: gzip")));
        huge = start(HostileInputIT::oneGigabyte);
        slowHeaders = start((path, out) -> {
            // the status line and headers, one byte every 200 ms, never finished
            byte[] head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: ".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; ; i++) {
                out.write(i < head.length ? head[i] : 'a');
                out.flush();
                Thread.sleep(200);
            }
        });
        slowBody = start((path, out) -> {
            // prompt headers, then a body of a megabyte at one byte per 100 ms: only a total deadline ends it
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 1000000\r\n"
                    + "Connection: close\r\n\r\n<html>").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) {
                out.write(' ');
                out.flush();
                Thread.sleep(100);
            }
        });
        redirects = start((path, out) -> {
            if (path.equals("/") || path.startsWith("/r/")) {
                int n = path.equals("/") ? 0 : Integer.parseInt(path.substring(3));
                out.write(HostileServer.redirect("/r/" + (n + 1))); // endless: every hop leads to a new URL
            } else if (path.equals("/loop/a")) {
                out.write(HostileServer.redirect("/loop/b"));
            } else {
                out.write(HostileServer.redirect("/loop/a"));
            }
        });
        byte[] manyLinks = HostileServer.html(hundredThousandLinks());
        links = start((path, out) -> out.write(path.equals("/") ? manyLinks
                : HostileServer.html("<html><head><title>子页面</title></head><body>" + "正文".repeat(20) + "</body></html>")));
        byte[] malformedPage = HostileServer.response(200, "text/html; charset=utf-8", malformedHtml());
        malformed = start((path, out) -> out.write(malformedPage));
        byte[] invalid = HostileServer.response(200, "text/html; charset=utf-8", invalidUtf8());
        invalidUtf8 = start((path, out) -> out.write(invalid));
        byte[] gb2312Header = HostileServer.response(200, "text/html; charset=gb2312",
                listPage("朱镕基同志旧居修缮通知", "2026-11-20").getBytes(Charset.forName("GB18030")));
        byte[] gbkMeta = HostileServer.response(200, "text/html", listPage("王喆关于堃字号的答复", "2026-11-21")
                .replace("<head>", "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=GBK\">")
                .getBytes(Charset.forName("GB18030")));
        gbk = start((path, out) -> out.write(path.equals("/meta") ? gbkMeta : gb2312Header));
        byte[] scriptPage = HostileServer.html(scriptedPage());
        scripts = start((path, out) -> out.write(scriptPage));
    }

    @AfterAll
    static void stopServers() {
        servers.forEach(HostileServer::close);
    }

    private static HostileServer start(HostileServer.Handler handler) throws IOException {
        HostileServer server = new HostileServer(handler);
        servers.add(server);
        return server;
    }

    @Test
    void everyHostileCaseEndsInARecordedStatusAndTheCrawlFinishesInASmallHeap() throws Exception {
        TestDatabase.get().reset();
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
        long bombChannel = round.addSite(site("bomb", bomb));
        long hugeChannel = round.addSite(site("huge", huge));
        long slowHeadersChannel = round.addSite(site("slowheaders", slowHeaders));
        long slowBodyChannel = round.addSite(site("slowbody", slowBody));
        long redirectChannel = round.addSite(site("redirects", redirects, new SandboxColumn("循环", "/loop/a", "OTHER")));
        long linksChannel = round.addSite(site("links", links));
        long malformedChannel = round.addSite(site("malformed", malformed));
        long utf8Channel = round.addSite(site("utf8", invalidUtf8));
        long gbkChannel = round.addSite(site("gbk", gbk, new SandboxColumn("公告", "/meta", "OTHER")));
        long scriptChannel = round.addSite(site("scripts", scripts));

        Path log = warcDirectory.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                CHILD_HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                CrawlChild.class.getName(), TestDatabase.get().jdbcUrl(), warcDirectory.toString(),
                Long.toString(round.roundId), Integer.toString(REQUEST_TIMEOUT_S), Long.toString(BODY_CAP), "1",
                Integer.toString(PAGES_PER_CHANNEL))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A hang guard, not a speed target: the slowest case (three attempts at a trickling server) needs ~10 s.
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly().waitFor();
        }
        String childLog = Files.readString(log);
        assertThat(finished).as("the crawl hung:%n%s", tail(childLog)).isTrue();
        assertThat(child.exitValue()).as("the crawler died (exit 3 is OutOfMemoryError):%n%s", tail(childLog))
                .isZero();
        assertThat(childLog).contains("finished: ");
        // what each case yielded, for whoever reads the test log
        dsl.select(CHANNEL.NAME, FRONTIER_URL.URL, FRONTIER_URL.STATUS, FRONTIER_URL.ATTEMPTS, FRONTIER_URL.REASON)
                .from(FRONTIER_URL).join(CHANNEL).on(CHANNEL.ID.eq(FRONTIER_URL.CHANNEL_ID))
                .where(FRONTIER_URL.ROUND_ID.eq(round.roundId), FRONTIER_URL.DEPTH.eq(0)
                        .or(FRONTIER_URL.REASON.isNotNull()))
                .limit(40).forEach(r -> System.out.println("hostile case " + r.value1() + " " + r.value2() + " -> "
                        + r.value3() + " after " + r.value4() + " attempt(s): " + r.value5()));

        // decompression bomb: kept as sent in WARC, inflated only up to the body cap for extraction, and said so
        FrontierUrlRecord bombRow = row(round, bombChannel, bomb.base() + "/");
        assertThat(bombRow.getStatus()).isEqualTo("DONE");
        assertThat(bombRow.getReason()).contains("解压后超过").contains(Long.toString(BODY_CAP));
        assertThat(only(capture(round, bombChannel, bomb.base() + "/")).getStatus()).isEqualTo("OK");
        assertThat(listTitles(bombChannel)).contains("压缩炸弹前的正常条目"); // "/a" is a bomb too

        // 1 GB response: cut at the cap, recorded as truncated; the server was hung up on long before 1 GB
        CaptureRecord hugeCapture = only(capture(round, hugeChannel, huge.base() + "/"));
        assertThat(hugeCapture.getStatus()).isEqualTo("OK");
        assertThat(hugeCapture.getPayloadLength()).isEqualTo(BODY_CAP);
        assertThat(hugeCapture.getError()).contains("已截断");
        assertThat(row(round, hugeChannel, huge.base() + "/")).satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo("DONE");
            assertThat(r.getReason()).contains("已截断保存");
        });
        assertThat(hugeBytesSent.get()).isLessThan(GIGABYTE / 8);
        // the server notices the hang-up on its next write; wait for that (bounded), it is not a speed check
        for (int i = 0; i < 100 && huge.abandonedByClient.get() == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(huge.abandonedByClient.get()).isPositive();

        // slowloris, in the headers and in the body: each attempt ends at the total deadline; three attempts
        for (var c : List.of(new Object[] {slowHeaders, slowHeadersChannel}, new Object[] {slowBody, slowBodyChannel})) {
            HostileServer server = (HostileServer) c[0];
            long channel = (Long) c[1];
            FrontierUrlRecord row = row(round, channel, server.base() + "/");
            assertThat(row.getStatus()).isEqualTo("FAILED");
            assertThat(row.getReason()).contains("超时");
            assertThat(capture(round, channel, server.base() + "/")).hasSize(3)
                    .allSatisfy(x -> assertThat(x.getStatus()).isEqualTo("FAILED"));
            assertThat(server.requests("/")).isEqualTo(3);
        }

        // endless redirect chain and a redirect loop: both stop with the reason
        List<FrontierUrlRecord> redirectRows = rows(round, redirectChannel);
        assertThat(redirectRows).anySatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo("FAILED");
            assertThat(r.getReason()).startsWith("重定向超过 10 次");
        });
        assertThat(redirectRows).anySatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo("FAILED");
            assertThat(r.getReason()).startsWith("重定向循环").contains("/loop/a", "/loop/b");
        });
        assertThat(redirectRows).filteredOn(r -> r.getUrl().contains("/r/")).hasSizeLessThanOrEqualTo(10);

        // 100,000 links on one page: the page is read, fetching stays within the channel's page limit, and the
        // links the budget leaves out are recorded as SKIPPED with the budget's reason, but only up to a bound
        FrontierUrlRecord linksHome = row(round, linksChannel, links.base() + "/");
        assertThat(linksHome.getStatus()).isEqualTo("DONE");
        assertThat(linksHome.getReason()).contains("条目超过").contains(Integer.toString(CrawlRun.MAX_ITEMS_PER_PAGE));
        List<FrontierUrlRecord> linkRows = rows(round, linksChannel);
        assertThat(linkRows).filteredOn(r -> !r.getStatus().equals("SKIPPED"))
                .hasSizeLessThanOrEqualTo(PAGES_PER_CHANNEL)
                .filteredOn(r -> r.getStatus().equals("DONE")).hasSizeGreaterThan(1);
        assertThat(linkRows).filteredOn(r -> r.getStatus().equals("SKIPPED"))
                .hasSizeLessThanOrEqualTo(CrawlRun.MAX_CUT_RECORDED + PAGES_PER_CHANNEL)
                .anySatisfy(r -> assertThat(r.getReason()).startsWith(Frontier.CUT_BY_PAGE_BUDGET));
        assertThat(dsl.fetchCount(EXTRACTED_ITEM.join(CAPTURE).on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID)),
                CAPTURE.CHANNEL_ID.eq(linksChannel), EXTRACTED_ITEM.KIND.eq("LIST_ITEM")))
                .isEqualTo(CrawlRun.MAX_ITEMS_PER_PAGE);

        // malformed HTML, 100,000 levels deep: read as well as it can be, the good item found
        assertThat(row(round, malformedChannel, malformed.base() + "/").getStatus()).isEqualTo("DONE");
        assertThat(listTitles(malformedChannel)).contains("畸形页面中的有效条目");

        // invalid UTF-8: the bad bytes become U+FFFD, the rest of the page is intact
        assertThat(row(round, utf8Channel, invalidUtf8.base() + "/").getStatus()).isEqualTo("DONE");
        assertThat(listTitles(utf8Channel)).contains("非法字节之后的正常条目");

        // GB2312 and GBK labels decoded as GB18030: characters outside GB2312 come out right
        assertThat(listTitles(gbkChannel)).contains("朱镕基同志旧居修缮通知", "王喆关于堃字号的答复")
                .noneMatch(t -> t.contains("\uFFFD"));

        // scripts in a captured page are data: captured and indexed like any page (the viewer is tested in web)
        assertThat(row(round, scriptChannel, scripts.base() + "/").getStatus()).isEqualTo("DONE");
        assertThat(listTitles(scriptChannel)).contains("带脚本的页面中的条目");

        // nothing is left queued, and every fetch has its capture row
        assertThat(dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(round.roundId),
                FRONTIER_URL.STATUS.eq("QUEUED"))).isZero();
    }

    private static SandboxSite site(String code, HostileServer server, SandboxColumn... columns) {
        return new SandboxSite("h-" + code, "恶意样本" + code, "COUNTY_GOVERNMENT", server.base(), List.of(columns),
                false);
    }

    private List<FrontierUrlRecord> rows(RoundFixture round, long channel) {
        return dsl.selectFrom(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(round.roundId), FRONTIER_URL.CHANNEL_ID.eq(channel)).fetch();
    }

    private FrontierUrlRecord row(RoundFixture round, long channel, String url) {
        return rows(round, channel).stream().filter(r -> r.getUrl().equals(url)).findFirst()
                .orElseThrow(() -> new AssertionError("no frontier row for " + url));
    }

    private List<CaptureRecord> capture(RoundFixture round, long channel, String url) {
        return dsl.selectFrom(CAPTURE).where(CAPTURE.ROUND_ID.eq(round.roundId), CAPTURE.CHANNEL_ID.eq(channel),
                CAPTURE.URL.eq(url)).orderBy(CAPTURE.ID).fetch();
    }

    private static CaptureRecord only(List<CaptureRecord> captures) {
        assertThat(captures).hasSize(1);
        return captures.getFirst();
    }

    private List<String> listTitles(long channel) {
        return dsl.select(EXTRACTED_ITEM.TITLE).from(EXTRACTED_ITEM).join(CAPTURE)
                .on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID))
                .where(CAPTURE.CHANNEL_ID.eq(channel), EXTRACTED_ITEM.KIND.eq("LIST_ITEM"))
                .fetch(EXTRACTED_ITEM.TITLE);
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }

    private static String listPage(String title, String date) {
        return "<html><head><title>列表</title></head><body><ul><li><a href=\"/a\">" + title + "</a><span>" + date
                + "</span></li></ul></body></html>";
    }

    /** A valid page head, then a gigabyte of spaces: about 1 MB on the wire. */
    private static byte[] gzipBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(listPage("压缩炸弹前的正常条目", "2026-11-20").replace("</body></html>", "<p>")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 1024; i++) {
                gzip.write(spaces);
            }
        }
        return out.toByteArray();
    }

    /** Declares a gigabyte and streams it until the client hangs up; nothing is written to disk. */
    private static void oneGigabyte(String path, OutputStream socket) throws IOException {
        HostileServer.Counting out = new HostileServer.Counting(socket, hugeBytesSent);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + GIGABYTE
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[1 << 16];
        Arrays.fill(chunk, (byte) 'x');
        byte[] head = "<html><body><p>".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, chunk, 0, head.length);
        for (long sent = 0; sent < GIGABYTE; sent += chunk.length) {
            out.write(chunk);
            if (sent == 0) {
                Arrays.fill(chunk, 0, head.length, (byte) 'x');
            }
        }
    }

    private static String hundredThousandLinks() {
        StringBuilder page = new StringBuilder("<html><head><title>十万链接</title></head><body><ul>");
        for (int i = 0; i < 100_000; i++) {
            page.append("<li><a href=\"/p/").append(i).append("\">条目").append(i).append("</a> 2026-11-20</li>");
        }
        return page.append("</ul></body></html>").toString();
    }

    private static byte[] malformedHtml() {
        StringBuilder page = new StringBuilder("<html><head><title>畸形</title><meta charset=utf-8 <body></ul></li></html><html>");
        page.append("<li><a href=/ok>畸形页面中的有效条目</a> <span>2026-11-20</li>");
        page.append("<li><a href='/bad\">日期不存在</a> 2026-13-45</li><table><tr><td><a href=\"x\0y\">空字符</a>");
        page.append("<a href=\"javascript:alert(1)\">脚本链接</a>").append("<p title=\"").append("长".repeat(200_000))
                .append("\">属性超长");
        page.append("<div>".repeat(100_000)).append("深层嵌套 2026-11-19").append("<li><a href=/deep>深处条目</a>");
        page.append("<!-- 未闭合的注释 <li><a href=/c>注释内</a> 2026-11-18</li>");
        return page.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] invalidUtf8() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("<html><head><title>非法".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xE6, (byte) 0x94});
        out.writeBytes("</title></head><body><ul><li><a href=\"/x\">".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xF8, (byte) 0x88, (byte) 0x80});
        out.writeBytes("坏标题</a> 2026-11-19</li><li><a href=\"/y\">非法字节之后的正常条目</a> 2026-11-20</li></ul>"
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0x80});
        out.writeBytes("</body></html>".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static String scriptedPage() {
        return "<html><head><title>带脚本</title><meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.2/\">"
                + "<base href=\"http://127.0.0.2/\"><script>document.title='pwned';fetch('/steal')</script></head>"
                + "<body onload=\"document.body.dataset.ran='onload'\"><ul><li><a href=\"/item\">带脚本的页面中的条目</a>"
                + " 2026-11-20</li></ul><img src=\"x\" onerror=\"document.body.dataset.ran='onerror'\">"
                + "<iframe srcdoc=\"<script>parent.document.body.dataset.ran='srcdoc'</script>\"></iframe>"
                + "<svg><script>document.body.dataset.ran='svg'</script></svg>"
                + "<a href=\"javascript:document.body.dataset.ran='link'\">链接</a></body></html>";
    }
}
