package cn.gongkai.crawler.warc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Optional;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/** Reads captured responses back from the WARC directory, checking each payload against its recorded digest. */
public final class EvidenceStore {

    private final Path directory;

    public EvidenceStore(Path warcDirectory) {
        this.directory = warcDirectory.toAbsolutePath().normalize();
    }

    /**
     * Reads the response record at {@code offset} of {@code warcFile}.
     *
     * @throws IllegalArgumentException when the name is not a plain file name or the record is not a response
     * @throws UncheckedIOException     when the file cannot be read
     */
    public CapturedRecord read(String warcFile, long offset) {
        Path path = resolve(warcFile);
        if (offset < 0) {
            throw new IllegalArgumentException("WARC 偏移量不能为负数：" + offset);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (offset >= channel.size()) {
                throw new IllegalArgumentException("WARC 偏移量超出文件长度：" + warcFile + " @ " + offset);
            }
            channel.position(offset);
            try (WarcReader reader = new WarcReader(channel)) {
                Optional<WarcRecord> next = reader.next();
                if (next.isEmpty() || !(next.get() instanceof WarcResponse response)) {
                    throw new IllegalArgumentException("该位置不是 WARC response 记录：" + warcFile + " @ " + offset);
                }
                HttpResponse http = response.http();
                byte[] payload;
                try (InputStream in = http.body().stream()) {
                    payload = in.readAllBytes();
                }
                Optional<WarcDigest> digest = response.payloadDigest();
                return new CapturedRecord(
                        response.target(),
                        response.date(),
                        http.status(),
                        http.headers().first("Content-Type").orElse(null),
                        payload,
                        digest.map(WarcDigest::raw).orElse(null),
                        digest.map(d -> matches(d, payload)).orElse(false));
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("WARC 文件不存在：" + warcFile, e);
        } catch (IOException e) {
            throw new UncheckedIOException("读取 WARC 记录失败：" + warcFile + " @ " + offset, e);
        }
    }

    private static boolean matches(WarcDigest recorded, byte[] payload) {
        try {
            MessageDigest md = recorded.getDigester();
            return MessageDigest.isEqual(md.digest(payload), recorded.bytes());
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            return false; // an algorithm or encoding we cannot verify is not a verified digest
        }
    }

    /** The file name comes from the database, but a name that climbs out of the directory is refused anyway. */
    private Path resolve(String warcFile) {
        if (warcFile == null || warcFile.isBlank() || warcFile.contains("/") || warcFile.contains("\\")
                || warcFile.contains("..") || warcFile.indexOf('\0') >= 0 || warcFile.contains(":")) {
            throw new IllegalArgumentException("非法的 WARC 文件名：" + warcFile);
        }
        Path path = directory.resolve(warcFile).normalize();
        if (!path.getParent().equals(directory) || !Files.isRegularFile(path) && Files.exists(path)) {
            throw new IllegalArgumentException("非法的 WARC 文件名：" + warcFile);
        }
        return path;
    }

    /**
     * A response record read back from WARC.
     *
     * @param payloadDigest the {@code WARC-Payload-Digest} header as written, or null when the record has none
     * @param digestMatches true when the payload read now hashes to that digest: the evidence is intact
     */
    public record CapturedRecord(
            String targetUri,
            Instant date,
            int httpStatus,
            String contentType,
            byte[] payload,
            String payloadDigest,
            boolean digestMatches) {
    }
}
