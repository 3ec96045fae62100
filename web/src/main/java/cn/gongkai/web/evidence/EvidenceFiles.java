package cn.gongkai.web.evidence;

import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.GongkaiProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;

/**
 * Files that people upload as evidence: a unit's appeal attachments, an evaluator's screenshot behind an override.
 * An upload is checked before anything is stored: its size, and its type as Tika sniffs it from the bytes (the name
 * and the browser's content type are not trusted; the name's extension must agree with what the bytes are). The
 * bytes are kept under {@code gongkai.home/uploads}, named by their SHA-256, so one file is stored once, a half
 * written file never takes a final name, and a file that changed on disk is noticed when it is read. Uploaded files
 * are only ever served as downloads ({@link #download}), never inline, since they are hostile input.
 */
@Service
public class EvidenceFiles {

    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    public static final String ALLOWED = "PDF、Word、WPS、Excel 和 JPG/PNG 图片";

    /** Sniffed types we accept, and the extensions a file of that type may carry. */
    private static final Map<String, Set<String>> TYPES = Map.of(
            "application/pdf", Set.of("pdf"),
            "image/png", Set.of("png"),
            "image/jpeg", Set.of("jpg", "jpeg"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Set.of("docx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Set.of("xlsx"),
            "application/msword", Set.of("doc", "wps"),
            "application/vnd.ms-excel", Set.of("xls"),
            "application/vnd.ms-works", Set.of("wps"),
            // OLE2 files Tika cannot name more precisely, as WPS (金山) documents often are
            "application/x-tika-msoffice", Set.of("doc", "xls", "wps"));

    /** A file as uploaded. */
    public record Upload(String fileName, byte[] bytes) {
    }

    /** A file that passed the checks: a safe name, its sniffed type and its digest. */
    public record Checked(String fileName, String contentType, long sizeBytes, String sha256, byte[] bytes) {
    }

    private final Path directory;
    private final Detector detector = new DefaultDetector();

    public EvidenceFiles(GongkaiProperties properties) {
        this.directory = properties.home().resolve("uploads");
    }

    /**
     * Checks an upload without storing it.
     *
     * @throws EvidenceFileException when it is empty, too large, of a type we do not accept, or not what its name says
     */
    public Checked check(Upload upload) {
        String name = safeName(upload.fileName());
        byte[] bytes = upload.bytes();
        if (bytes == null || bytes.length == 0) {
            throw new EvidenceFileException("文件「" + name + "」是空的");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new EvidenceFileException("文件「" + name + "」超过 10 MB");
        }
        String type = sniff(bytes);
        Set<String> extensions = TYPES.get(type);
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        boolean knownExtension = TYPES.values().stream().anyMatch(set -> set.contains(extension));
        if (extensions == null || !extensions.contains(extension)) {
            throw new EvidenceFileException(knownExtension
                    ? "文件「" + name + "」的内容与扩展名不符或文件已损坏（实际为 " + type + "）"
                    : "文件「" + name + "」的类型不支持（实际为 " + type + "），只接受 " + ALLOWED);
        }
        return new Checked(name, type, bytes.length, sha256(bytes), bytes);
    }

    /**
     * Puts the bytes in the store (once per digest). Written to a temporary file, forced to disk and then moved to
     * its final name, so a crash never leaves a partial file under a digest. Call before the database rows that
     * point at it are committed: a stored file nobody points at is harmless, a row pointing at nothing is not.
     */
    public void store(Checked file) {
        Path target = path(file.sha256());
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), file.sha256(), ".part");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(file.bytes()));
                    channel.force(true);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    if (!Files.exists(target)) {
                        Files.move(temp, target);
                    }
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("保存上传的文件失败：" + e.getMessage(), e);
        }
    }

    /** The stored bytes of a digest, verified against it. */
    public byte[] read(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("文件摘要无效：" + sha256);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("找不到已上传的文件 " + sha256, e);
        }
        if (!sha256(bytes).equals(sha256)) {
            throw new IllegalStateException("已上传的文件 " + sha256 + " 的内容与存档摘要不一致，可能已被改动");
        }
        return bytes;
    }

    /** An uploaded file as a download: never rendered by the browser, whatever it contains. */
    public static ResponseEntity<byte[]> download(String fileName, byte[] bytes) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(TextInput.withoutBidi(fileName), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(bytes);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sniff(byte[] bytes) {
        // No resource name in the metadata: the type comes from the bytes alone.
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            return detector.detect(in, new Metadata()).getBaseType().toString();
        } catch (IOException e) {
            throw new EvidenceFileException("无法识别文件类型：" + e.getMessage());
        }
    }

    private Path path(String sha256) {
        return directory.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /**
     * The last path segment of what the browser sent, without control characters, quotes or the characters that
     * reorder how a name is shown ("x" U+202E "fdp.exe" reads as "xexe.pdf"), at most 200 chars.
     */
    static String safeName(String name) {
        String base = name == null ? "" : TextInput.withoutBidi(name).replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"<>|*?:]", "_").strip();
        if (base.isEmpty()) {
            base = "file";
        }
        return base.length() > 200 ? base.substring(base.length() - 200) : base;
    }
}
