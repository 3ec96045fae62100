package cn.gongkai.web.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.web.GongkaiProperties;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploaded evidence: types sniffed by Tika from real files, the store by digest, and the download headers. */
class EvidenceFilesTest {

    @TempDir
    Path home;

    private EvidenceFiles files() {
        return new EvidenceFiles(new GongkaiProperties(home, false, null, null));
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static byte[] docx() throws IOException {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText("首页更新记录");
            document.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void realFilesAreRecognisedByTheirBytes() throws IOException {
        EvidenceFiles files = files();
        assertThat(files.check(new EvidenceFiles.Upload("截图.png", png())).contentType()).isEqualTo("image/png");
        assertThat(files.check(new EvidenceFiles.Upload("记录.docx", docx())).contentType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        byte[] pdf = "%PDF-1.4\n%gongkai\n".getBytes(StandardCharsets.US_ASCII);
        EvidenceFiles.Checked checked = files.check(new EvidenceFiles.Upload("C:\\Users\\x\\说明.PDF", pdf));
        assertThat(checked.contentType()).isEqualTo("application/pdf");
        assertThat(checked.fileName()).isEqualTo("说明.PDF");
        assertThat(checked.sha256()).hasSize(64).isEqualTo(EvidenceFiles.sha256(pdf));
    }

    @Test
    void aFileThatIsNotWhatItsNameSaysOrOfAnotherTypeIsRefusedInChinese() throws IOException {
        EvidenceFiles files = files();
        byte[] html = "<html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> files.check(new EvidenceFiles.Upload("截图.png", html)))
                .isInstanceOf(EvidenceFileException.class).hasMessageContaining("内容与扩展名不符").hasMessageContaining("text/html");
        assertThatThrownBy(() -> files.check(new EvidenceFiles.Upload("page.html", html)))
                .isInstanceOf(EvidenceFileException.class).hasMessageContaining("类型不支持");
        // A real PNG with a PDF's name is refused too: the name would mislead whoever opens the download.
        assertThatThrownBy(() -> files.check(new EvidenceFiles.Upload("说明.pdf", png())))
                .isInstanceOf(EvidenceFileException.class).hasMessageContaining("内容与扩展名不符");
        assertThatThrownBy(() -> files.check(new EvidenceFiles.Upload("空.pdf", new byte[0])))
                .isInstanceOf(EvidenceFileException.class).hasMessageContaining("空的");
        byte[] big = new byte[(int) EvidenceFiles.MAX_FILE_BYTES + 1];
        System.arraycopy("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 9);
        assertThatThrownBy(() -> files.check(new EvidenceFiles.Upload("大.pdf", big)))
                .isInstanceOf(EvidenceFileException.class).hasMessageContaining("超过 10 MB");
        assertThat(home.resolve("uploads")).doesNotExist();
    }

    @Test
    void storedFilesAreKeptOnceByDigestAndATamperedFileIsNoticed() throws IOException {
        EvidenceFiles files = files();
        byte[] png = png();
        EvidenceFiles.Checked checked = files.check(new EvidenceFiles.Upload("截图.png", png));
        files.store(checked);
        files.store(checked);
        Path stored = home.resolve("uploads").resolve(checked.sha256().substring(0, 2)).resolve(checked.sha256());
        assertThat(stored).hasBinaryContent(png);
        try (var listing = Files.list(stored.getParent())) {
            assertThat(listing).hasSize(1); // no temporary file left behind
        }
        assertThat(files.read(checked.sha256())).isEqualTo(png);

        Files.write(stored, "changed".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> files.read(checked.sha256())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("摘要不一致");
        assertThatThrownBy(() -> files.read("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDownloadIsNeverRenderedInline() {
        var response = EvidenceFiles.download("a\".html", "<script>".getBytes(StandardCharsets.UTF_8));
        assertThat(response.getHeaders().getFirst("Content-Disposition")).startsWith("attachment");
        assertThat(response.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/octet-stream");
        assertThat(response.getHeaders().getFirst("Content-Security-Policy")).startsWith("sandbox");
    }

    @Test
    void namesLoseTheCharactersThatReorderHowTheyAreShown() {
        // With U+202E the name below shows as "invoicefdp.exe"... read backwards: "invoiceexe.pdf".
        assertThat(EvidenceFiles.safeName("C:\\docs\\invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
        assertThat(EvidenceFiles.safeName("\u2066年报\u2069\u200F.pdf")).isEqualTo("年报.pdf");
    }
}
