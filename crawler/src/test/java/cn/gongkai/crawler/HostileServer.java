package cn.gongkai.crawler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server on a raw socket, for responses no well-behaved server library would send: headers
 * trickled byte by byte, a body that never ends, a Content-Encoding the client did not ask for. One connection per
 * request ({@code Connection: close}); each connection on a virtual thread of its own.
 */
final class HostileServer implements AutoCloseable {

    /** Writes the whole response, status line included, straight onto the socket. */
    interface Handler {
        void respond(String path, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final Thread acceptor;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** Connections whose handler stopped because the client went away (a write failed). */
    final AtomicInteger abandonedByClient = new AtomicInteger();
    /** Connections still being served. */
    final AtomicInteger open = new AtomicInteger();
    private final java.util.Set<Thread> workers = ConcurrentHashMap.newKeySet();

    HostileServer(Handler handler) throws IOException {
        this.socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        this.handler = handler;
        this.acceptor = Thread.ofVirtual().name("hostile-accept-" + port()).start(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    /** How often {@code path} was requested. */
    int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return; // closed
            }
            workers.add(Thread.ofVirtual().start(() -> {
                serve(connection);
                workers.remove(Thread.currentThread());
            }));
        }
    }

    private void serve(Socket connection) {
        open.incrementAndGet();
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            String path = requestPath(in);
            if (path == null) {
                return;
            }
            requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            if (path.equals("/robots.txt")) {
                out.write(response(404, "text/plain", "none".getBytes(StandardCharsets.US_ASCII)));
            } else {
                handler.respond(path, out);
            }
            out.flush();
        } catch (IOException e) {
            abandonedByClient.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.decrementAndGet();
        }
    }

    /** Reads the request head; returns the path, or null when the client sent nothing usable. */
    private static String requestPath(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4 && head.size() < 65_536) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] requestLine = head.toString(StandardCharsets.ISO_8859_1).split("\r\n", 2)[0].split(" ");
        return requestLine.length >= 2 ? requestLine[1] : null;
    }

    /** A complete response with Content-Length and Connection: close. */
    static byte[] response(int status, String contentType, byte[] body, String... extraHeaders) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(status < 300 ? " OK" : " X").append("\r\n");
        head.append("Content-Type: ").append(contentType).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
        for (String h : extraHeaders) {
            head.append(h).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    static byte[] html(String html) {
        return response(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] redirect(String location) {
        return response(302, "text/html", new byte[0], "Location: " + location);
    }

    /** Counts bytes written, so a test can tell how much of an endless body was actually sent. */
    static final class Counting extends OutputStream {
        private final OutputStream out;
        final AtomicLong written;

        Counting(OutputStream out, AtomicLong written) {
            this.out = out;
            this.written = written;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written.addAndGet(len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
        workers.forEach(Thread::interrupt); // a trickle the client never hung up on ends here
    }
}
