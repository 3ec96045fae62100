package cn.gongkai.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FetcherTest {

    @Test
    void chineseInTheUserAgentIsSentPercentEncoded() {
        assertThat(Fetcher.headerSafe("gongkai/0.1 (+政务)")).isEqualTo("gongkai/0.1 (+%E6%94%BF%E5%8A%A1)");
        assertThat(Fetcher.robotName("gongkai/0.1 (+政务公开第三方评估)")).isEqualTo("gongkai");
    }

    @Test
    void bodiesAreReadByteForByteWithTheirLengthAnnouncedOrNot() throws Exception {
        byte[] page = new byte[50_000];
        new java.util.Random(7).nextBytes(page);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = path.startsWith("/small") ? java.util.Arrays.copyOf(page, 300) : page;
            // a length announced, none (chunked), or an empty body
            long announced = path.endsWith("/empty") ? -1 : path.endsWith("/chunked") ? 0 : body.length;
            exchange.sendResponseHeaders(200, announced);
            try (OutputStream out = exchange.getResponseBody()) {
                if (announced >= 0) {
                    for (int at = 0; at < body.length; at += 7_000) { // in several pieces
                        out.write(body, at, Math.min(7_000, body.length - at));
                        out.flush();
                    }
                }
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (Fetcher fetcher = new Fetcher(Duration.ofSeconds(5), Duration.ofSeconds(10), 1_000_000, "gongkai/0.1")) {
            for (String path : java.util.List.of("/fixed", "/chunked", "/small/fixed", "/small/chunked")) {
                FetchResult r = fetcher.fetch(URI.create(base + path), Instant.now(), null);
                assertThat(r.body()).as(path).isEqualTo(path.startsWith("/small")
                        ? java.util.Arrays.copyOf(page, 300) : page);
                assertThat(r.truncated()).as(path).isFalse();
            }
            FetchResult empty = fetcher.fetch(URI.create(base + "/empty"), Instant.now(), null);
            assertThat(empty.status()).isEqualTo(200);
            assertThat(empty.body()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void longBodiesAreCutAtTheCapAndFailuresAreResults() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            // chunked, or the length announced
            exchange.sendResponseHeaders(200, exchange.getRequestURI().getPath().equals("/announced") ? 100_000 : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[100_000]);
            } catch (java.io.IOException e) {
                // the client hung up at its cap
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        try (Fetcher fetcher = new Fetcher(Duration.ofSeconds(5), Duration.ofSeconds(10), 1000, "gongkai/0.1")) {
            FetchResult cut = fetcher.fetch(URI.create("http://127.0.0.1:" + port + "/big"), Instant.now(), null);
            assertThat(cut.status()).isEqualTo(200);
            assertThat(cut.body()).hasSize(1000);
            assertThat(cut.truncated()).isTrue();
            // announced longer than the cap: cut at the cap as well
            FetchResult announced = fetcher.fetch(URI.create("http://127.0.0.1:" + port + "/announced"),
                    Instant.now(), null);
            assertThat(announced.body()).hasSize(1000);
            assertThat(announced.truncated()).isTrue();
        } finally {
            server.stop(0);
        }
        try (Fetcher fetcher = new Fetcher(Duration.ofSeconds(5), Duration.ofSeconds(10), 1000, "gongkai/0.1")) {
            FetchResult failed = fetcher.fetch(URI.create("http://127.0.0.1:" + port + "/"), Instant.now(), null);
            assertThat(failed.failed()).isTrue();
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.error()).contains("无法连接服务器");
        }
    }
}
