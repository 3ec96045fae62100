package cn.gongkai.evaluator.document;

import cn.gongkai.evaluator.document.DocumentText.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.extractor.ParsingEmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Reads the text of a document with Apache Tika, within limits that hostile or broken files cannot escape: a write
 * limit (the text read so far is kept), a time limit, a bound on embedded documents, no OCR. Every outcome is a
 * {@link DocumentText} with a status; nothing is thrown for a bad document and nothing fails silently.
 *
 * <p>Thread-safe: one instance serves all checkers.
 */
public final class DocumentReader {

    /** Tesseract is excluded outright, so Tika does not even probe for the binary; OCR of scans is people's work. */
    private static final String TIKA_CONFIG = """
            <?xml version="1.0" encoding="UTF-8"?>
            <properties>
              <parsers>
                <parser class="org.apache.tika.parser.DefaultParser">
                  <parser-exclude class="org.apache.tika.parser.ocr.TesseractOCRParser"/>
                </parser>
              </parsers>
            </properties>
            """;

    private final AutoDetectParser parser;
    private final MediaTypeRegistry registry;
    private final int writeLimit;
    private final Duration timeLimit;
    private final int maxEmbedded;
    private final int maxEmbeddedDepth;
    private final long maxBytes;

    /**
     * @param writeLimit       characters of text kept; beyond it the text is cut and marked truncated
     * @param timeLimit        wall-clock time one document may take
     * @param maxEmbedded      embedded documents (attachments in a DOCX, files in a zip) parsed at most
     * @param maxEmbeddedDepth how deep embedded documents are followed (a zip in a zip in a DOCX is depth 3)
     * @param maxBytes         larger inputs are refused before parsing
     */
    public DocumentReader(int writeLimit, Duration timeLimit, int maxEmbedded, int maxEmbeddedDepth, long maxBytes) {
        try {
            TikaConfig config = new TikaConfig(new ByteArrayInputStream(TIKA_CONFIG.getBytes(StandardCharsets.UTF_8)));
            this.parser = new AutoDetectParser(config);
            this.registry = config.getMediaTypeRegistry();
        } catch (TikaException | IOException | SAXException e) {
            throw new IllegalStateException("Tika 配置无效", e);
        }
        this.writeLimit = writeLimit;
        this.timeLimit = timeLimit;
        this.maxEmbedded = maxEmbedded;
        this.maxEmbeddedDepth = maxEmbeddedDepth;
        this.maxBytes = maxBytes;
    }

    /** Limits sized for annual reports and policy attachments: 2 million characters, 60 s, 50 embedded, depth 3. */
    public static DocumentReader defaults() {
        return new DocumentReader(2_000_000, Duration.ofSeconds(60), 50, 3, 200L * 1024 * 1024);
    }

    public DocumentText read(InputStream in, String fileName, String declaredContentType) {
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("读取文档失败：" + fileName, e);
        }
        return read(bytes, fileName, declaredContentType);
    }

    /**
     * @param fileName            the name from the URL or the link, a hint for detection; may be null
     * @param declaredContentType the Content-Type the server sent, a hint only (servers often send octet-stream);
     *                            may be null
     */
    public DocumentText read(byte[] bytes, String fileName, String declaredContentType) {
        if (bytes.length > maxBytes) {
            return new DocumentText(null, "", false, Status.REFUSED,
                    "文件大小 " + bytes.length + " 字节，超过上限 " + maxBytes + " 字节，未解析");
        }
        if (bytes.length == 0) {
            return new DocumentText(null, "", false, Status.CORRUPT, "文件为空（0 字节）");
        }
        long inflated = inflatedSize(bytes);
        if (inflated > maxInflated(bytes.length)) {
            return new DocumentText(null, "", false, Status.REFUSED, "压缩包解压后超过 " + maxInflated(bytes.length)
                    + " 字节（仅 " + bytes.length + " 字节的文件，压缩比异常，疑似压缩炸弹），已停止解析");
        }
        if (OfdText.isOfd(bytes)) {
            // Tika has no OFD parser: it would list the package's XML, not read the pages.
            return OfdText.read(bytes, writeLimit);
        }
        FutureTask<DocumentText> task = new FutureTask<>(() -> parse(bytes, fileName, declaredContentType));
        Thread worker = Thread.ofPlatform().daemon().name("gongkai-document-reader").start(task);
        try {
            // The handler stops a parse that keeps writing; this outer wait catches one stuck without output.
            return task.get(timeLimit.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            return new DocumentText(null, "", true, Status.TIMEOUT,
                    "解析超过 " + timeLimit.toSeconds() + " 秒仍未完成，已放弃");
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return new DocumentText(null, "", true, Status.TIMEOUT, "解析被中断");
        } catch (ExecutionException e) {
            return new DocumentText(null, "", false, Status.CORRUPT, "解析器内部错误：" + describe(e.getCause()));
        }
    }

    /**
     * What a zip container (DOCX, XLSX, OFD, a plain zip) may inflate to: 64 MB, or 100 times its own size for larger
     * files (POI's own ratio). Without this bound POI reads a bomb's entry into memory up to 100 MB before it gives
     * up, and takes tens of seconds doing it.
     */
    private static long maxInflated(long compressed) {
        return Math.max(64L << 20, 100 * compressed);
    }

    /**
     * The bytes a zip's entries inflate to, counted by streaming them (what the headers declare can lie), stopping
     * once past {@link #maxInflated}; 0 for anything that is not a zip or cannot be walked (the parser judges those).
     */
    private static long inflatedSize(byte[] bytes) {
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4) {
            return 0;
        }
        long limit = maxInflated(bytes.length);
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(bytes))) {
            while (zip.getNextEntry() != null) {
                for (int n; (n = zip.read(buffer)) > 0; ) {
                    total += n;
                    if (total > limit) {
                        return total;
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return total > limit ? total : 0;
        }
        return total;
    }

    private DocumentText parse(byte[] bytes, String fileName, String declaredContentType) {
        Metadata metadata = new Metadata();
        if (fileName != null && !fileName.isBlank()) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        if (declaredContentType != null && !declaredContentType.isBlank()
                && !declaredContentType.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            metadata.set(Metadata.CONTENT_TYPE, declaredContentType);
        }
        BodyContentHandler body = new BodyContentHandler(writeLimit);
        long deadline = System.nanoTime() + timeLimit.toNanos();
        ContentHandler handler = new DeadlineHandler(body, deadline);
        ParseContext context = new ParseContext();
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractInlineImages(false);
        context.set(PDFParserConfig.class, pdf);
        BoundedEmbeddedExtractor embedded = new BoundedEmbeddedExtractor(context, maxEmbedded, maxEmbeddedDepth);
        context.set(EmbeddedDocumentExtractor.class, embedded);
        context.set(org.apache.tika.parser.Parser.class, parser); // without it embedded documents are only listed

        Status status = Status.OK;
        String problem = null;
        boolean truncated = false;
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            parser.parse(in, handler, metadata, context);
        } catch (Exception e) {
            // Parsers wrap what the handler throws, so a stop for time or size is found by its cause.
            if (causedBy(e, DeadlineException.class)) {
                truncated = true;
                status = Status.TIMEOUT;
                problem = "解析超过 " + timeLimit.toSeconds() + " 秒，仅读取了前面部分";
            } else if (WriteLimitReachedException.isWriteLimitReached(e)) {
                truncated = true;
                problem = "文字超过 " + writeLimit + " 字的上限，仅读取了前面部分";
            } else if (isEncrypted(e)) {
                status = Status.ENCRYPTED;
                problem = "文档已加密（设有打开密码），无法读取内容";
            } else if (e instanceof ZeroByteFileException) {
                status = Status.CORRUPT;
                problem = "文件为空（0 字节）";
            } else if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("zip bomb")) {
                status = Status.REFUSED;
                problem = "压缩比或嵌套深度异常（疑似压缩炸弹），已停止解析";
            } else if (e instanceof TikaException || e instanceof SAXException) {
                status = Status.CORRUPT;
                problem = "文档损坏或格式与扩展名不符，无法解析：" + describe(e);
            } else {
                status = Status.CORRUPT;
                problem = "文档损坏或被截断，无法解析：" + describe(e);
            }
        }
        String text = body.toString();
        String fullType = metadata.get(Metadata.CONTENT_TYPE);
        String detected = baseType(fullType);
        if (status == Status.OK) {
            status = status(fullType, text);
            if (status == Status.UNSUPPORTED) {
                problem = "不支持的文件格式，无法读取：" + (detected == null ? "未知类型" : detected);
            } else if (status == Status.NO_TEXT) {
                problem = "文档中没有可提取的文字（可能是扫描件或图片，平台不做 OCR，需人工查看）";
            }
        }
        if (embedded.skipped() > 0) {
            String note = "有 " + embedded.skipped() + " 个嵌入文档超出数量或层级上限，未解析";
            problem = problem == null ? note : problem + "；" + note;
        }
        return new DocumentText(detected, text, truncated, status, problem);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEncrypted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EncryptedDocumentException
                    || t instanceof org.apache.poi.EncryptedDocumentException
                    || t.getClass().getSimpleName().contains("InvalidPassword")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The status of a parse that raised nothing: text read is OK whatever the type is called; no text from a type a
     * parser reads is NO_TEXT (a scan, pictures); no text from a type no parser reads is UNSUPPORTED.
     */
    Status status(String detectedType, String text) {
        if (!text.isBlank()) {
            return Status.OK;
        }
        return readable(detectedType) ? Status.NO_TEXT : Status.UNSUPPORTED;
    }

    /**
     * Whether a parser reads this type itself. A parent type does not count: an MS Works file is an OLE2 container,
     * and the generic container parser that takes it reads nothing of its text. Tika names some types with a
     * parameter (「application/onenote; format=one」) and registers their parser under that full name.
     */
    private boolean readable(String type) {
        if (type == null) {
            return false;
        }
        MediaType media = MediaType.parse(type);
        if (media == null) {
            return false;
        }
        var parsers = parser.getParsers();
        MediaType base = media.getBaseType();
        if (parsers.containsKey(media) || parsers.containsKey(base)) {
            return true;
        }
        // text/x-java-source and the like are plain text to the text parser.
        for (MediaType t = registry.getSupertype(base); t != null; t = registry.getSupertype(t)) {
            if (MediaType.TEXT_PLAIN.equals(t)) {
                return parsers.containsKey(t);
            }
        }
        return false;
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return null;
        }
        return contentType.split(";", 2)[0].strip();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : "（" + truncate(message, 200) + "）");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    /** Stops a parse that runs past its deadline while it is still producing output. */
    private static final class DeadlineHandler extends ContentHandlerDecorator {

        private final long deadline;

        DeadlineHandler(ContentHandler handler, long deadline) {
            super(handler);
            this.deadline = deadline;
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            check();
            super.characters(ch, start, length);
        }

        @Override
        public void startElement(String uri, String localName, String name, org.xml.sax.Attributes atts)
                throws SAXException {
            check();
            super.startElement(uri, localName, name, atts);
        }

        private void check() throws SAXException {
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                throw new DeadlineException();
            }
        }
    }

    private static final class DeadlineException extends SAXException {
        DeadlineException() {
            super("time limit reached");
        }
    }

    /**
     * Parses embedded documents up to a count and a depth: an archive of archives otherwise multiplies work
     * without bound. What is skipped is counted, so the reader can say so.
     */
    private static final class BoundedEmbeddedExtractor extends ParsingEmbeddedDocumentExtractor {

        private final int maxCount;
        private final int maxDepth;
        private int count;
        private int depth;
        private int skipped;

        BoundedEmbeddedExtractor(ParseContext context, int maxCount, int maxDepth) {
            super(context);
            this.maxCount = maxCount;
            this.maxDepth = maxDepth;
        }

        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            if (count >= maxCount || depth >= maxDepth) {
                skipped++;
                return false;
            }
            return super.shouldParseEmbedded(metadata);
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
                throws SAXException, IOException {
            count++;
            depth++;
            try {
                super.parseEmbedded(stream, handler, metadata, outputHtml);
            } finally {
                depth--;
            }
        }

        int skipped() {
            return skipped;
        }
    }
}
