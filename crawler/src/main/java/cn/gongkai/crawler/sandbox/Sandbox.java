package cn.gongkai.crawler.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The sandbox (靶场): synthetic government websites served on loopback, each on its own port so that per-host
 * politeness applies per site. All dates are counted back from {@code today}, so the demo is always current; the
 * same day always yields the same bytes.
 *
 * <p>{@link #start} serves the six sites of the demo round: counties qinghe 清河区人民政府, yunshan 云山县人民政府,
 * shimen 石门县人民政府 (stale: nothing newer than 40 days), baiyang 白杨县人民政府; departments edu 市教育局, health
 * 市卫生健康委员会. {@link #startFull} adds the sites with planted defects (a GBK site, a slow site, dead links, a link
 * trap, a robots.txt disallow, redirect chains, …) and WeChat accounts with their feed bridge and article pages; every
 * planted defect is listed in {@link GroundTruth}.
 */
public final class Sandbox implements AutoCloseable {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final List<SandboxSite> sites;
    private final List<SandboxWechat> wechat;
    private final List<HttpServer> servers;
    private final ExecutorService executor;

    /** Per site code, the paths of its articles: the ground truth of what a full crawl must capture. */
    private final Map<String, List<String>> articlePaths;

    private Sandbox(List<SandboxSite> sites, List<SandboxWechat> wechat, List<HttpServer> servers,
            ExecutorService executor, Map<String, List<String>> articlePaths) {
        this.articlePaths = articlePaths;
        this.sites = sites;
        this.wechat = wechat;
        this.servers = servers;
        this.executor = executor;
    }

    /** The six sites of the demo round. */
    public static Sandbox start(LocalDate today) {
        return start(today, SiteProfile.demo(), false);
    }

    /** Every site of the ground truth and the WeChat accounts. */
    public static Sandbox startFull(LocalDate today) {
        return start(today, SiteProfile.all(), true);
    }

    /**
     * Synthetic sites for the crawl benchmark: {@code hosts} sites, each with {@code articlesPerHost} articles in the
     * usual structure (homepage, six columns, disclosure pages, message board), nothing planted.
     */
    public static Sandbox startBenchmark(LocalDate today, int hosts, int articlesPerHost) {
        List<SiteProfile> profiles = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            profiles.add(BenchmarkSites.profile(i));
        }
        return start(today, profiles, false, p -> BenchmarkSites.articles(p, articlesPerHost, today));
    }

    /**
     * One county site, deep 深河县人民政府 (code {@value DeepSites#CODE}), whose five article columns are
     * {@value DeepSites#LIST_PAGES} list pages deep ({@value DeepSites#PAGE_SIZE} articles a page), paged alternately by
     * TRS's {@code createPageHTML} script and by plain 下一页 links; {@link #articleUrls} is every article it has.
     */
    public static Sandbox startDeep(LocalDate today) {
        return start(today, List.of(DeepSites.profile()), false, p -> DeepSites.articles(p, today),
                DeepSites.PAGE_SIZE);
    }

    private static Sandbox start(LocalDate today, List<SiteProfile> profiles, boolean withWechat) {
        return start(today, profiles, withWechat, p -> SiteGenerator.articles(p, today));
    }

    private static Sandbox start(LocalDate today, List<SiteProfile> profiles, boolean withWechat,
            java.util.function.Function<SiteProfile, List<SiteGenerator.Article>> articles) {
        return start(today, profiles, withWechat, articles, 0);
    }

    private static Sandbox start(LocalDate today, List<SiteProfile> profiles, boolean withWechat,
            java.util.function.Function<SiteProfile, List<SiteGenerator.Article>> articles, int listPageSize) {
        Map<String, List<String>> articlePaths = new LinkedHashMap<>();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<SandboxSite> sites = new ArrayList<>();
        List<HttpServer> servers = new ArrayList<>();
        List<SandboxWechat> wechat = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            for (SiteProfile profile : profiles) {
                List<SiteGenerator.Article> siteArticles = articles.apply(profile);
                articlePaths.put(profile.code(), siteArticles.stream().map(SiteGenerator.Article::path).toList());
                Map<String, byte[]> pages = new LinkedHashMap<>(Pages.render(profile, siteArticles,
                        SiteGenerator.messages(profile, today), listPageSize));
                pages.putAll(ResponseColumn.render(profile, today));
                HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
                server.createContext("/", new SiteHandler(profile, pages, Pages.notFound(profile), today));
                server.setExecutor(executor);
                server.start();
                servers.add(server);
                String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
                sites.add(new SandboxSite(profile.code(), profile.name(), profile.unitType(), baseUrl,
                        SiteGenerator.COLUMNS, profile.stale()));
            }
            if (withWechat) {
                HttpServer mp = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
                HttpServer mpWall = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
                HttpServer bridge = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
                String mpBase = "http://127.0.0.1:" + mp.getAddress().getPort();
                String wallBase = "http://127.0.0.1:" + mpWall.getAddress().getPort();
                String bridgeBase = "http://127.0.0.1:" + bridge.getAddress().getPort();
                Map<String, String> websites = new LinkedHashMap<>();
                sites.forEach(site -> websites.put(site.code(), site.baseUrl()));
                Wechat.Served served = Wechat.render(GroundTruth.load().wechat(), today, mpBase, wallBase, bridgeBase,
                        websites);
                mp.createContext("/", exchange -> respond(exchange, served.articles().get(exchange.getRequestURI()
                        .getRawPath()), "text/html; charset=utf-8", null));
                mpWall.createContext("/", exchange -> respond(exchange, Wechat.VERIFY_PAGE, "text/html; charset=utf-8",
                        null));
                bridge.createContext("/", exchange -> {
                    String path = exchange.getRequestURI().getRawPath();
                    if (served.failing().contains(path)) {
                        respondStatus(exchange, 502, "bridge upstream error".getBytes(), TEXT);
                        return;
                    }
                    Wechat.Feed feed = served.feeds().get(path);
                    respond(exchange, feed == null ? null : feed.body(), feed == null ? TEXT : feed.contentType(),
                            null);
                });
                for (HttpServer s : List.of(mp, mpWall, bridge)) {
                    s.setExecutor(executor);
                    s.start();
                    servers.add(s);
                }
                wechat.addAll(served.accounts());
            }
        } catch (IOException e) {
            servers.forEach(s -> s.stop(0));
            executor.close();
            throw new UncheckedIOException("靶场网站启动失败", e);
        }
        return new Sandbox(List.copyOf(sites), List.copyOf(wechat), servers, executor, Map.copyOf(articlePaths));
    }

    /**
     * The HTML pages of the full sandbox's sites ({@code benchmarkHosts} 0) or of that many benchmark sites with
     * {@code articlesPerHost} articles, as their servers send them, without starting any: what the extraction
     * benchmark reads. Planted behaviours that are not pages (slowness, traps, redirects) are left out.
     */
    public static List<ServedPage> htmlPages(LocalDate today, int benchmarkHosts, int articlesPerHost) {
        List<ServedPage> out = new ArrayList<>();
        List<SiteProfile> profiles = new ArrayList<>();
        if (benchmarkHosts == 0) {
            profiles.addAll(SiteProfile.all());
        }
        for (int i = 0; i < benchmarkHosts; i++) {
            profiles.add(BenchmarkSites.profile(i));
        }
        for (SiteProfile profile : profiles) {
            List<SiteGenerator.Article> articles = benchmarkHosts == 0 ? SiteGenerator.articles(profile, today)
                    : BenchmarkSites.articles(profile, articlesPerHost, today);
            Map<String, byte[]> pages = new LinkedHashMap<>(Pages.render(profile, articles,
                    SiteGenerator.messages(profile, today)));
            pages.putAll(ResponseColumn.render(profile, today));
            String contentType = Pages.gbk(profile) ? "text/html" : "text/html; charset=utf-8";
            pages.forEach((path, body) -> {
                if (path.endsWith("/") || path.endsWith(".html") || path.endsWith(".htm")) {
                    out.add(new ServedPage(profile.code(), path, contentType, body));
                }
            });
        }
        return out;
    }

    /** The columns of every benchmark site ({@link #startBenchmark}), as {@link SandboxSite#columns()} lists them. */
    public static List<SandboxColumn> benchmarkColumns() {
        return SiteGenerator.COLUMNS;
    }

    /** A page as a sandbox server sends it; {@code path} is relative to the site's base URL. */
    public record ServedPage(String site, String path, String contentType, byte[] body) {
    }

    /** Serves one site: its rendered pages, and the planted behaviours that are not pages (slowness, traps, redirects). */
    private record SiteHandler(SiteProfile profile, Map<String, byte[]> pages, byte[] notFound, LocalDate today)
            implements HttpHandler {

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String method = exchange.getRequestMethod();
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                for (GroundTruth.Defect slow : profile.truth().defects("SLOW")) {
                    try {
                        Thread.sleep(slow.integer("delayMs"));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                String path = exchange.getRequestURI().getRawPath();
                Walls.Reply wall = Walls.at(profile, path);
                if (wall != null) {
                    if (wall.setCookie() != null) {
                        exchange.getResponseHeaders().add("Set-Cookie", wall.setCookie());
                    }
                    respondStatus(exchange, wall.status(), wall.body(), "text/html; charset=utf-8");
                    return;
                }
                String redirect = redirect(path);
                if (redirect != null) {
                    exchange.getResponseHeaders().set("Location", redirect);
                    exchange.sendResponseHeaders(path.startsWith("/r/2") ? 302 : 301, -1);
                    return;
                }
                if (path.endsWith("/index.html")) {
                    path = path.substring(0, path.length() - "index.html".length());
                }
                String query = exchange.getRequestURI().getRawQuery();
                byte[] body = query == null ? null : pages.get(path + "?" + query);
                if (body == null) {
                    body = pages.get(path);
                }
                for (GroundTruth.Defect trap : profile.truth().defects("LINK_TRAP")) {
                    if (path.equals(trap.string("path"))) {
                        body = Pages.bytes(profile, calendar(trap.string("path"),
                                exchange.getRequestURI().getRawQuery()));
                    }
                }
                String contentType = path.endsWith(".txt") ? TEXT
                        : path.startsWith("/api/") ? "application/json; charset=utf-8"
                        : path.endsWith(".pdf") ? "application/pdf"
                        : path.endsWith(".docx") ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        : path.endsWith(".ofd") ? "application/ofd"
                        : Pages.gbk(profile) ? "text/html" : "text/html; charset=utf-8";
                if (body == null) {
                    respondStatus(exchange, 404, notFound, Pages.gbk(profile) ? "text/html" : "text/html; charset=utf-8");
                } else {
                    respondStatus(exchange, 200, body, contentType);
                }
            }
        }

        /** The next hop of a planted redirect chain or loop, or null. */
        private String redirect(String path) {
            for (GroundTruth.Defect d : profile.truth().defects("REDIRECT_CHAIN")) {
                String to = d.string("to");
                int hops = d.integer("hops");
                List<String> chain = new ArrayList<>();
                chain.add(d.string("from"));
                for (int i = 1; i < hops; i++) {
                    chain.add("/r/" + i + to);
                }
                chain.add(to);
                int at = chain.indexOf(path);
                if (at >= 0 && at < chain.size() - 1) {
                    return chain.get(at + 1);
                }
            }
            for (GroundTruth.Defect d : profile.truth().defects("REDIRECT_LOOP")) {
                if (path.equals(d.string("from"))) {
                    return d.string("via");
                }
                if (path.equals(d.string("via"))) {
                    return d.string("from");
                }
            }
            return null;
        }

        /** An activity calendar whose every month links to the next and the previous: without end. */
        private String calendar(String path, String query) {
            YearMonth month = YearMonth.from(today);
            if (query != null && query.startsWith("month=")) {
                try {
                    month = YearMonth.parse(query.substring("month=".length()));
                } catch (RuntimeException e) {
                    // an unreadable month shows the current one, as such calendars do
                }
            }
            String main = """
                    <div class="main"><h2>活动日历 %s</h2>
                    <p><a href="%s?month=%s">上一月</a> <a href="%s?month=%s">下一月</a></p>
                    <p>本月暂无活动安排。</p></div>
                    """.formatted(month, path, month.minusMonths(1), path, month.plusMonths(1));
            return Pages.page(profile, "活动日历_" + profile.name(), Pages.siteMeta(profile), main);
        }
    }

    private static void respond(HttpExchange exchange, byte[] body, String contentType, byte[] notFound)
            throws IOException {
        try (exchange) {
            if (body == null) {
                respondStatus(exchange, 404, notFound == null ? "not found".getBytes() : notFound, contentType);
            } else {
                respondStatus(exchange, 200, body, contentType);
            }
        }
    }

    private static void respondStatus(HttpExchange exchange, int status, byte[] body, String contentType)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Server", "gongkai-sandbox");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * The documents (PDF, DOCX, OFD) every site of the sandbox publishes for {@code today}, by site code and path: what a
     * crawl of {@link #startFull} captures as attachments, for benchmarks that need them without a crawl.
     */
    public static Map<String, byte[]> documents(LocalDate today) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (SiteProfile profile : SiteProfile.all()) {
            AnnualReports.render(profile, SiteGenerator.articles(profile, today)).forEach((path, bytes) -> {
                if (!path.endsWith(".html")) {
                    out.put(profile.code() + path, bytes);
                }
            });
        }
        return out;
    }

    /** The absolute URLs of every article the site publishes (on its column lists), in the site's list order. */
    public List<String> articleUrls(String code) {
        String base = baseUrl(code);
        return articlePaths.getOrDefault(code, List.of()).stream().map(path -> base + path).toList();
    }

    public List<SandboxSite> sites() {
        return sites;
    }

    /** The WeChat accounts (empty unless started with {@link #startFull}). */
    public List<SandboxWechat> wechatAccounts() {
        return wechat;
    }

    public SandboxSite site(String code) {
        return sites.stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("靶场中没有该网站：" + code));
    }

    /** The base URL of a site ("http://127.0.0.1:port"), by its code. */
    public String baseUrl(String code) {
        return site(code).baseUrl();
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.close();
    }

    /** Starts the whole sandbox for today (China time) and prints where each site is, until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        Sandbox sandbox = startFull(today);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        Map<String, String> lines = new LinkedHashMap<>();
        for (SandboxSite site : sandbox.sites()) {
            lines.put(site.code(), site.homepage() + "  " + site.name() + (site.stale() ? "（长期未更新）" : ""));
        }
        for (SandboxWechat w : sandbox.wechatAccounts()) {
            lines.put(w.code(), (w.feedUrl() == null ? w.articleUrls().size() + " 篇文章网址" : w.feedUrl()) + "  "
                    + w.name());
        }
        System.out.println("靶场已启动（基准日期 " + today + "），按 Ctrl+C 停止：");
        lines.forEach((code, line) -> System.out.printf("  %-10s %s%n", code, line));
        Thread.currentThread().join();
    }

    /**
     * A synthetic government website of the sandbox.
     *
     * @param code     fixed code used by the demo round, e.g. "qinghe"
     * @param unitType COUNTY_GOVERNMENT or DEPARTMENT
     * @param baseUrl  "http://127.0.0.1:port", without trailing slash; the homepage is {@code baseUrl + "/"}
     * @param stale    true for the site whose homepage and columns have nothing newer than 30 days before today
     */
    public record SandboxSite(String code, String name, String unitType, String baseUrl, List<SandboxColumn> columns,
                              boolean stale) {

        public String homepage() {
            return baseUrl + "/";
        }
    }

    /**
     * A column (栏目) of a sandbox site.
     *
     * @param path       e.g. "/tzgg/", relative to the site's base URL
     * @param columnType NEWS, NOTICE, POLICY, INTERPRETATION, DISCLOSURE or INTERACTION (as in
     *                   {@code channel_column.column_type})
     */
    public record SandboxColumn(String name, String path, String columnType) {
    }

    /**
     * A WeChat official account of the sandbox.
     *
     * @param feedUrl     its bridge feed (RSS, Atom or JSON Feed), or null for an account imported as a URL list
     * @param articleUrls its article pages, newest first (what an import would list)
     */
    public record SandboxWechat(String code, String unitCode, String name, String feedUrl, List<String> articleUrls) {
    }
}
