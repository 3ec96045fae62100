package cn.gongkai.crawler.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Plain HTTP GETs with a body cap and an overall deadline. Redirects are not followed here: each hop is a capture
 * of its own, and the crawler decides whether the target is in scope.
 */
public final class Fetcher implements AutoCloseable {

    private final HttpClient client;
    private final Duration requestTimeout;
    private final long maxBodyBytes;
    private final String userAgent;

    public Fetcher(Duration connectTimeout, Duration requestTimeout, long maxBodyBytes, String userAgent) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1 keeps the archived exchange faithful: WARC records HTTP/1.x messages
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.requestTimeout = requestTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.userAgent = headerSafe(userAgent);
    }

    /** The product token robots.txt groups are matched against, e.g. "gongkai" for "gongkai/0.1 (…)". */
    public static String robotName(String userAgent) {
        String token = userAgent.strip().split("[/\\s]", 2)[0];
        return token.isEmpty() ? "gongkai" : token.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Fetches {@code uri}. Never throws for network trouble: a failure is a result too, and is archived as such.
     *
     * @param startedAt the request start the caller took from its politeness gate
     * @param address   the address the caller resolved the host to (recorded, may be null)
     */
    public FetchResult fetch(URI uri, Instant startedAt, InetAddress address) {
        Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
        requestHeaders.put("User-Agent", List.of(userAgent));
        requestHeaders.put("Accept", List.of("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        requestHeaders.put("Accept-Language", List.of("zh-CN,zh;q=0.9"));
        long t0 = System.nanoTime();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(requestTimeout);
        requestHeaders.forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        CompletableFuture<HttpResponse<CappedBody>> future;
        try {
            future = client.sendAsync(builder.build(), info -> new CappedBodySubscriber(maxBodyBytes,
                    info.headers().firstValueAsLong("Content-Length").orElse(-1)));
        } catch (IllegalArgumentException e) {
            return failure(uri, startedAt, address, requestHeaders, t0, "网址无法请求：" + e.getMessage());
        }
        try {
            // The request timeout of HttpClient stops at the response headers; this deadline covers the body too.
            HttpResponse<CappedBody> response = future.get(requestTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":")) {
                    headers.put(name, values);
                }
            });
            CappedBody body = response.body();
            return new FetchResult(uri, startedAt, address, requestHeaders, response.statusCode(), headers,
                    body.bytes(), body.truncated(), elapsed(t0), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failure(uri, startedAt, address, requestHeaders, t0,
                    "请求超时（超过 " + requestTimeout.toSeconds() + " 秒未完成）");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return failure(uri, startedAt, address, requestHeaders, t0, "抓取被中断");
        } catch (ExecutionException e) {
            return failure(uri, startedAt, address, requestHeaders, t0, describe(e.getCause()));
        }
    }

    private static long elapsed(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static FetchResult failure(URI uri, Instant startedAt, InetAddress address,
            Map<String, List<String>> requestHeaders, long t0, String error) {
        return new FetchResult(uri, startedAt, address, requestHeaders, -1, Map.of(), new byte[0], false,
                elapsed(t0), error);
    }

    /** A Chinese reason for the evaluator, with the technical message kept for whoever debugs it. */
    static String describe(Throwable t) {
        // The JDK client wraps the telling exception (ConnectException around ClosedChannelException, …), so the
        // whole cause chain is searched for the first kind we can name.
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String label = c instanceof HttpConnectTimeoutException ? "连接超时"
                    : c instanceof HttpTimeoutException ? "请求超时"
                    : c instanceof UnknownHostException ? "域名解析失败"
                    : c instanceof ConnectException ? "无法连接服务器"
                    : c instanceof SSLException ? "HTTPS 安全连接失败"
                    : null;
            if (label != null) {
                return label + "（" + detail(c) + "）";
            }
        }
        return (t instanceof IOException ? "网络错误" : "抓取失败") + "（" + detail(t) + "）";
    }

    private static String detail(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /**
     * HTTP header values must be ASCII (the JDK client refuses anything above U+00FF), so the Chinese part of
     * the user agent is sent percent-encoded as UTF-8.
     */
    static String headerSafe(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (cp >= 0x20 && cp < 0x7F) {
                out.append((char) cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xFF));
                }
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.close();
    }

    record CappedBody(byte[] bytes, boolean truncated) {
    }

    /**
     * Collects the body up to the cap, then cancels the rest of the download instead of reading it. The buffer starts
     * at the announced length, so a page is copied once, not grown and copied again at the end; a wrong announcement
     * only costs a resize. No more than {@value #MAX_PRESIZE} bytes are taken on the server's word: a hostile server may
     * announce gigabytes and send nothing.
     */
    static final class CappedBodySubscriber implements HttpResponse.BodySubscriber<CappedBody> {
        private static final int UNANNOUNCED_START = 16 * 1024;
        private static final int MAX_PRESIZE = 1024 * 1024;
        private final int cap;
        private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
        private byte[] buffer;
        private int size;
        private Flow.Subscription subscription;
        private boolean done;

        CappedBodySubscriber(long cap, long announcedLength) {
            this.cap = (int) Math.min(cap, Integer.MAX_VALUE - 8);
            long start = announcedLength >= 0 ? Math.min(announcedLength, MAX_PRESIZE) : UNANNOUNCED_START;
            this.buffer = new byte[(int) Math.min(this.cap, start)];
        }

        @Override
        public CompletionStage<CappedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (done) {
                return;
            }
            for (ByteBuffer b : buffers) {
                int n = Math.min(cap - size, b.remaining());
                if (size + n > buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(cap, Math.max(size + n, 2L * buffer.length)));
                }
                b.get(buffer, size, n);
                size += n;
                if (b.hasRemaining()) {
                    done = true;
                    subscription.cancel();
                    result.complete(new CappedBody(collected(), true));
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            done = true;
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done = true;
            result.complete(new CappedBody(collected(), false));
        }

        private byte[] collected() {
            return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        }
    }
}
