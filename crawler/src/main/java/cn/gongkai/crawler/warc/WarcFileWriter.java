package cn.gongkai.crawler.warc;

import cn.gongkai.crawler.fetch.FetchResult;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.netpreserve.jwarc.HttpRequest;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

/**
 * Appends fetches to gzipped WARC files named {@code gongkai-<round>-<time>-<seq>.warc.gz}, one gzip member per
 * record so that a record can be read from its offset alone. A response is forced to disk before its location is
 * returned: the database must never point at evidence that a crash could still take away.
 *
 * <p>A write that fails (a full disk) may leave half a record at the end of the file; the writer then refuses
 * every further write, so that nothing is ever appended after a torn record. The next crawl cuts the torn tail off
 * (see {@link TornTails}) and writes to a new file.
 */
public final class WarcFileWriter implements Closeable {

    public static final long DEFAULT_ROTATE_BYTES = 1L << 30;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
            .withZone(ZoneOffset.UTC);
    private static final String SOFTWARE = "gongkai crawler (jwarc)";

    private final Path directory;
    private final long roundId;
    private final long rotateBytes;
    // A lock rather than synchronized: fsync under synchronized would pin a virtual thread's carrier.
    private final ReentrantLock lock = new ReentrantLock();
    private int sequence;
    private FileChannel channel;
    private WarcWriter writer;
    private String fileName;
    private IOException failure;

    public WarcFileWriter(Path directory, long roundId, long rotateBytes) {
        this.directory = directory;
        this.roundId = roundId;
        this.rotateBytes = rotateBytes;
    }

    /**
     * Writes the request and, when a response arrived, the response; a failed fetch gets a metadata record with
     * its reason instead. Returns the response's location, or empty for a failure.
     */
    public Optional<WarcLocation> write(FetchResult fetch) throws IOException {
        lock.lock();
        try {
            if (failure != null) {
                throw new IOException("an earlier write to " + fileName + " failed: " + failure.getMessage(), failure);
            }
            return writeRecords(fetch);
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private Optional<WarcLocation> writeRecords(FetchResult fetch) throws IOException {
        ensureOpen();
        URI target = fetch.uri();
        WarcRequest request = requestRecord(fetch);
        writer.write(request);
        if (fetch.failed()) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            fields.put("fetch-error", List.of(fetch.error()));
            fields.put("elapsed-ms", List.of(Long.toString(fetch.elapsedMs())));
            WarcMetadata metadata = new WarcMetadata.Builder()
                    .version(MessageVersion.WARC_1_1)
                    .targetURI(target)
                    .date(fetch.startedAt())
                    .concurrentTo(request.id())
                    .fields(fields)
                    .build();
            writer.write(metadata);
            channel.force(false);
            return Optional.empty();
        }
        byte[] payload = fetch.body();
        WarcDigest payloadDigest = new WarcDigest(sha256(payload));
        HttpResponse.Builder http = new HttpResponse.Builder(fetch.status(), reasonPhrase(fetch.status()));
        fetch.responseHeaders().forEach((name, values) -> {
            // The payload is stored de-chunked and possibly cut, so the framing headers of the wire no longer
            // describe it; jwarc sets Content-Length to the stored length.
            if (!name.equalsIgnoreCase("Transfer-Encoding") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> http.addHeader(name, v));
            }
        });
        http.body(null, payload);
        HttpResponse httpResponse = http.build();
        byte[] httpHeader = httpResponse.serializeHeader();
        MessageDigest block = newSha256();
        block.update(httpHeader);
        block.update(payload);
        WarcResponse.Builder response = new WarcResponse.Builder(target)
                .version(MessageVersion.WARC_1_1)
                .date(fetch.startedAt())
                .concurrentTo(request.id())
                .payloadDigest(payloadDigest)
                .blockDigest(new WarcDigest(block))
                .body(httpResponse);
        if (fetch.address() != null) {
            response.ipAddress(fetch.address());
        }
        if (fetch.truncated()) {
            response.truncated(WarcTruncationReason.LENGTH);
        }
        long offset = writer.position();
        writer.write(response.build());
        long end = writer.position();
        channel.force(false);
        return Optional.of(new WarcLocation(fileName, offset, end - offset, payloadDigest.raw(), payload.length));
    }

    private WarcRequest requestRecord(FetchResult fetch) throws IOException {
        HttpRequest.Builder http = new HttpRequest.Builder("GET", fetch.uri());
        fetch.requestHeaders().forEach((name, values) -> values.forEach(v -> http.addHeader(name, v)));
        WarcRequest.Builder builder = new WarcRequest.Builder(fetch.uri())
                .version(MessageVersion.WARC_1_1)
                .date(fetch.startedAt())
                .body(http.build());
        if (fetch.address() != null) {
            builder.ipAddress(fetch.address());
        }
        return builder.build();
    }

    private void ensureOpen() throws IOException {
        if (writer != null && writer.position() < rotateBytes) {
            return;
        }
        closeCurrent();
        Files.createDirectories(directory);
        while (true) {
            sequence++;
            String name = "gongkai-" + roundId + "-" + FILE_TIME.format(Instant.now()) + "-"
                    + String.format("%05d", sequence) + ".warc.gz";
            try {
                channel = FileChannel.open(directory.resolve(name), StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE_NEW);
                fileName = name;
                break;
            } catch (FileAlreadyExistsException e) {
                // another writer took this name in the same millisecond: take the next sequence number
            }
        }
        writer = new WarcWriter(channel, WarcCompression.GZIP);
        Map<String, List<String>> info = new LinkedHashMap<>();
        info.put("software", List.of(SOFTWARE));
        info.put("format", List.of("WARC File Format 1.1"));
        info.put("conformsTo", List.of("https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"));
        info.put("description", List.of("政务公开第三方评估 抓取证据，评估轮次 " + roundId));
        writer.write(new Warcinfo.Builder()
                .version(MessageVersion.WARC_1_1)
                .filename(fileName)
                .fields(info)
                .build());
    }

    /**
     * Forces and closes the current file. The file is closed whatever fails: on a full disk both the force and the
     * writer's own close (which ends its gzip member) fail, and a file left open keeps the disk busy and its space
     * taken until the process ends.
     */
    private void closeCurrent() throws IOException {
        if (writer == null) {
            return;
        }
        FileChannel file = channel;
        WarcWriter open = writer;
        writer = null;
        channel = null;
        try {
            file.force(true);
        } finally {
            try {
                open.close();
            } finally {
                file.close(); // closing twice is harmless; not closing at all is the leak
            }
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closeCurrent();
        } catch (IOException e) {
            if (failure == null) {
                throw e;
            }
            // the write that failed was reported already; closing the same broken file fails for the same reason
        } finally {
            lock.unlock();
        }
    }

    private static MessageDigest sha256(byte[] data) {
        MessageDigest md = newSha256();
        md.update(data);
        return md;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK client does not expose the reason phrase; the standard one keeps the status line well formed. */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
