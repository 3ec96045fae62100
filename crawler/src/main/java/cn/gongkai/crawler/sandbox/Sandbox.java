package cn.gongkai.crawler.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.LocalDate;
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
 * <p>Sites: counties qinghe 清河区人民政府, yunshan 云山县人民政府, shimen 石门县人民政府 (stale: nothing newer than
 * 40 days), baiyang 白杨县人民政府; departments edu 市教育局, health 市卫生健康委员会.
 */
public final class Sandbox implements AutoCloseable {

    private static final String HTML = "text/html; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final List<SandboxSite> sites;
    private final List<HttpServer> servers;
    private final ExecutorService executor;

    private Sandbox(List<SandboxSite> sites, List<HttpServer> servers, ExecutorService executor) {
        this.sites = sites;
        this.servers = servers;
        this.executor = executor;
    }

    public static Sandbox start(LocalDate today) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<SandboxSite> sites = new ArrayList<>();
        List<HttpServer> servers = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            for (SiteProfile profile : SiteProfile.all()) {
                Map<String, byte[]> pages = Pages.render(profile, SiteGenerator.articles(profile, today));
                byte[] notFound = Pages.notFound(profile);
                HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
                server.createContext("/", exchange -> serve(exchange, pages, notFound));
                server.setExecutor(executor);
                server.start();
                servers.add(server);
                String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
                sites.add(new SandboxSite(profile.code(), profile.name(), profile.unitType(), baseUrl,
                        SiteGenerator.COLUMNS, profile.stale()));
            }
        } catch (IOException e) {
            servers.forEach(s -> s.stop(0));
            executor.close();
            throw new UncheckedIOException("靶场网站启动失败", e);
        }
        return new Sandbox(List.copyOf(sites), servers, executor);
    }

    private static void serve(HttpExchange exchange, Map<String, byte[]> pages, byte[] notFound)
            throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (path.endsWith("/index.html")) {
                path = path.substring(0, path.length() - "index.html".length());
            }
            byte[] body = pages.get(path);
            int status = 200;
            if (body == null) {
                body = notFound;
                status = 404;
            }
            exchange.getResponseHeaders().set("Content-Type", path.endsWith(".txt") ? TEXT : HTML);
            exchange.getResponseHeaders().set("Server", "gongkai-sandbox");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public List<SandboxSite> sites() {
        return sites;
    }

    /** The base URL of a site ("http://127.0.0.1:port"), by its code. */
    public String baseUrl(String code) {
        return sites.stream().filter(s -> s.code().equals(code)).findFirst()
                .map(SandboxSite::baseUrl)
                .orElseThrow(() -> new IllegalArgumentException("靶场中没有该网站：" + code));
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.close();
    }

    /** Starts the sandbox for today (China time) and prints where each site is, until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        Sandbox sandbox = start(today);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        Map<String, String> lines = new LinkedHashMap<>();
        for (SandboxSite site : sandbox.sites()) {
            lines.put(site.code(), site.homepage() + "  " + site.name() + (site.stale() ? "（长期未更新）" : ""));
        }
        System.out.println("靶场已启动（基准日期 " + today + "），按 Ctrl+C 停止：");
        lines.forEach((code, line) -> System.out.printf("  %-8s %s%n", code, line));
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
     * @param columnType NEWS, NOTICE, POLICY, INTERPRETATION or DISCLOSURE (as in {@code channel_column.column_type})
     */
    public record SandboxColumn(String name, String path, String columnType) {
    }
}
