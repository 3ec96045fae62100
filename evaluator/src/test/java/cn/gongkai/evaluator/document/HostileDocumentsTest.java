package cn.gongkai.evaluator.document;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.document.DocumentText.Status;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-document corpus: zip bombs dressed as Office files, a PDF whose cross-reference table lies, external
 * entities that would fetch from a loopback server (which counts every request, so "nothing was resolved" is a
 * measured zero), and an entity-expansion bomb. Every one must come back as a {@link DocumentText} with a status.
 */
class HostileDocumentsTest {

    private static final DocumentReader READER = DocumentReader.defaults();
    private static final AtomicInteger fetches = new AtomicInteger();
    private static HttpServer listener;
    private static String entityUrl;

    @TempDir
    static Path dir;
    private static Path secret;

    @BeforeAll
    static void start() throws IOException {
        listener = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        listener.createContext("/", ex -> {
            try (ex) {
                fetches.incrementAndGet();
                byte[] body = "<!ENTITY leaked \"LEAKED-OVER-HTTP\">".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        listener.start();
        entityUrl = "http://127.0.0.1:" + listener.getAddress().getPort() + "/xxe";
        secret = dir.resolve("secret.txt");
        Files.writeString(secret, "LEAKED-FROM-DISK");
    }

    @AfterAll
    static void stop() {
        listener.stop(0);
    }

    @Test
    void docxThatInflatesAThousandfoldIsRefusedAsABomb() {
        byte[] bomb = inflating(TestFiles.docx(List.of("正文")), "word/document.xml", "<w:t>", 128);

        DocumentText text = log(READER.read(bomb, "年报.docx", null));

        assertThat(bomb.length).isLessThan(1 << 20);
        assertThat(text.status()).as(text.problem()).isEqualTo(Status.REFUSED);
        assertThat(text.problem()).contains("压缩炸弹");
        assertThat(text.readable()).isFalse();
    }

    @Test
    void xlsxThatInflatesAThousandfoldIsRefusedAsABomb() {
        byte[] bomb = inflating(TestFiles.xlsx(List.of(List.of("事项", "数量"))), "xl/worksheets/sheet1.xml",
                "<v>", 128);

        DocumentText text = log(READER.read(bomb, "统计.xlsx", null));

        assertThat(text.status()).as(text.problem()).isEqualTo(Status.REFUSED);
        assertThat(text.problem()).contains("压缩炸弹");
    }

    @Test
    void pdfWithABrokenCrossReferenceTableIsRepairedOrReportedNeverThrown() {
        byte[] pdf = ReportFixture.correct().pdf();
        String s = new String(pdf, StandardCharsets.ISO_8859_1);
        // every offset in the xref table and the startxref pointer now point at the wrong place
        int xref = s.lastIndexOf("\nxref");
        int startxref = s.lastIndexOf("startxref");
        String table = xref < 0 ? s.substring(0, startxref) // a cross-reference stream: only the pointer lies
                : s.substring(0, xref) + s.substring(xref, startxref).replaceAll("\\d{10} 00000 n", "0000000017 00000 n");
        String broken = table + s.substring(startxref).replaceFirst("startxref\\s+\\d+", "startxref\n99999999");

        DocumentText text = log(READER.read(broken.getBytes(StandardCharsets.ISO_8859_1), "年报.pdf", "application/pdf"));

        // PDFBox rebuilds the table by scanning for objects: the text is all there, and the status says OK
        assertThat(text.status()).as(text.problem()).isEqualTo(Status.OK);
        assertThat(text.text()).contains("一、总体情况", "六、其他需要报告的事项");
    }

    @Test
    void pdfWithNoCrossReferenceAndNoObjectsIsCorrupt() {
        byte[] pdf = ("%PDF-1.7\n%\u00e2\u00e3\nxref\n0 3\nzzzz\ntrailer\n<< /Root 1 0 R /Size 3 >>\nstartxref\n12\n%%EOF")
                .getBytes(StandardCharsets.ISO_8859_1);

        DocumentText text = log(READER.read(pdf, "年报.pdf", "application/pdf"));

        assertThat(text.status()).isEqualTo(Status.CORRUPT);
        assertThat(text.problem()).startsWith("文档损坏");
    }

    @Test
    void externalEntitiesInADocxAreNeverResolved() {
        int before = fetches.get();
        String doctype = "<!DOCTYPE w:document [<!ENTITY web SYSTEM \"" + entityUrl + "\">"
                + "<!ENTITY disk SYSTEM \"" + secret.toUri() + "\"><!ENTITY % remote SYSTEM \"" + entityUrl + "\"> %remote;]>";
        byte[] docx = TestFiles.docx(List.of("外部实体测试", "PLACEHOLDER"));
        byte[] xxe = replaceEntry(docx, "word/document.xml", xml -> xml.replaceFirst("\\?>", "?>" + doctype)
                .replace("PLACEHOLDER", "&web;&disk;&leaked;"));

        DocumentText text = log(READER.read(xxe, "年报.docx", null));

        assertThat(fetches.get() - before).as("requests the parser made to the entity URL").isZero();
        assertThat(text.text()).doesNotContain("LEAKED");
        // POI refuses a DOCTYPE in a part outright: the document is reported as damaged, with the reason
        assertThat(text.status()).isIn(Status.CORRUPT, Status.OK);
        assertThat(text.problem()).satisfiesAnyOf(p -> assertThat(p).isNull(), p -> assertThat(p).startsWith("文档损坏"));
    }

    @Test
    void externalEntitiesInPlainXmlAndOfdAreNeverResolved() {
        int before = fetches.get();
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY web SYSTEM \"" + entityUrl + "\"><!ENTITY disk SYSTEM \""
                + secret.toUri() + "\"><!ENTITY % remote SYSTEM \"" + entityUrl + "\"> %remote;]><r>公告 &web; &disk;</r>";
        byte[] ofd = replaceEntry(TestFiles.ofd(List.of(List.of("一、总体情况"))), "OFD.xml",
                x -> x.replaceFirst("\\?>", "?><!DOCTYPE ofd:OFD [<!ENTITY % remote SYSTEM \"" + entityUrl
                        + "\"> %remote;]>"));

        DocumentText plain = log(READER.read(xml.getBytes(StandardCharsets.UTF_8), "feed.xml", "application/xml"));
        DocumentText ofdText = log(READER.read(ofd, "年报.ofd", null));

        assertThat(fetches.get() - before).as("requests the parsers made to the entity URL").isZero();
        assertThat(plain.text()).doesNotContain("LEAKED");
        assertThat(plain.status()).isNotNull();
        // the OFD reader ignores the DTD altogether and reads the page
        assertThat(ofdText.status()).isEqualTo(Status.OK);
        assertThat(ofdText.text()).contains("一、总体情况").doesNotContain("LEAKED");
    }

    @Test
    void entityExpansionBombIsStoppedWithAStatus() {
        StringBuilder doctype = new StringBuilder("<!DOCTYPE r [<!ENTITY a0 \"哈哈哈哈哈哈哈哈哈哈\">");
        for (int i = 1; i <= 12; i++) {
            doctype.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String xml = "<?xml version=\"1.0\"?>" + doctype + "]><r>&a12;</r>";

        DocumentText text = log(READER.read(xml.getBytes(StandardCharsets.UTF_8), "laughs.xml", "application/xml"));

        // 10^13 characters if expanded: the parser's entity limits refuse it, or the write limit cuts it
        assertThat(text.status()).isIn(Status.CORRUPT, Status.OK);
        assertThat(text.text().length()).isLessThanOrEqualTo(2_000_000);
    }

    /** What each hostile document yielded, for whoever reads the test log. */
    private static DocumentText log(DocumentText text) {
        System.out.println("hostile document -> " + text.status() + " (" + text.detectedType() + "): " + text.problem());
        return text;
    }

    /**
     * Replaces {@code entry} of an OOXML package with one that opens with {@code open} and then inflates to
     * {@code megabytes} of the same byte: a few hundred kilobytes on disk. Streamed, never held whole in memory.
     */
    static byte[] inflating(byte[] ooxml, String entry, String open, int megabytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(ooxml));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(entry)) {
                    zip.write(("<?xml version=\"1.0\"?><x>" + open).getBytes(StandardCharsets.UTF_8));
                    byte[] filler = new byte[1 << 20];
                    Arrays.fill(filler, (byte) 'a');
                    for (int i = 0; i < megabytes; i++) {
                        zip.write(filler);
                    }
                } else {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] replaceEntry(byte[] zipBytes, String entry, java.util.function.UnaryOperator<String> edit) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals(entry)) {
                    bytes = edit.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                entries.put(e.getName(), bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestFiles.zip(entries);
    }
}
