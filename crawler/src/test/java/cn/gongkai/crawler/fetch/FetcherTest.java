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
    void longBodiesAreCutAtTheCapAndFailuresAreResults() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[100_000]);
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        try (Fetcher fetcher = new Fetcher(Duration.ofSeconds(5), Duration.ofSeconds(10), 1000, "gongkai/0.1")) {
            FetchResult cut = fetcher.fetch(URI.create("http://127.0.0.1:" + port + "/big"), Instant.now(), null);
            assertThat(cut.status()).isEqualTo(200);
            assertThat(cut.body()).hasSize(1000);
            assertThat(cut.truncated()).isTrue();

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
