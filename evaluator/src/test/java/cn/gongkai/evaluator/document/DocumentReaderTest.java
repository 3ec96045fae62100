package cn.gongkai.evaluator.document;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.document.DocumentText.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentReaderTest {

    private static final DocumentReader READER = DocumentReader.defaults();

    @Test
    void pdfWithChineseTextIsRead() {
        byte[] pdf = ReportFixture.correct().pdf();

        DocumentText text = READER.read(pdf, "2025年报.pdf", "application/octet-stream");

        assertThat(text.status()).isEqualTo(Status.OK);
        assertThat(text.detectedType()).isEqualTo("application/pdf");
        assertThat(text.text()).contains("一、总体情况").contains("本年新收政府信息公开申请数量");
        assertThat(text.truncated()).isFalse();
        assertThat(text.problem()).isNull();
    }

    @Test
    void docxIsDetectedFromItsBytesWhateverTheServerDeclared() {
        byte[] docx = TestFiles.docx(List.of("关于公布2025年政府信息公开工作年度报告的通知", "特此通知。"));

        DocumentText text = READER.read(new ByteArrayInputStream(docx), "download.do", "text/html");

        assertThat(text.status()).isEqualTo(Status.OK);
        assertThat(text.detectedType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(text.text()).contains("年度报告的通知").contains("特此通知");
    }

    @Test
    void spreadsheetsOldAndNewAreRead() {
        List<List<String>> rows = List.of(List.of("事项", "数量"), List.of("行政许可", "37"));

        DocumentText xlsx = READER.read(TestFiles.xlsx(rows), "统计.xlsx", null);
        DocumentText xls = READER.read(TestFiles.xls(rows), "统计.xls", null);

        assertThat(xlsx.status()).isEqualTo(Status.OK);
        assertThat(xlsx.detectedType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.text()).contains("行政许可").contains("37");
        assertThat(xls.status()).isEqualTo(Status.OK);
        assertThat(xls.detectedType()).isEqualTo("application/vnd.ms-excel");
        assertThat(xls.text()).contains("行政许可").contains("37");
    }

    @Test
    void encryptedDocxIsReportedAsEncrypted() {
        byte[] encrypted = TestFiles.encrypt(TestFiles.docx(List.of("内部资料")), "secret");

        DocumentText text = READER.read(encrypted, "年报.docx", null);

        assertThat(text.status()).isEqualTo(Status.ENCRYPTED);
        assertThat(text.problem()).contains("加密");
        assertThat(text.text()).doesNotContain("内部资料");
    }

    @Test
    void pdfOfGarbageIsCorruptWithAChineseReason() {
        byte[] garbage = ("%PDF-1.7\n" + "x".repeat(300) + "\n1 0 obj << /Type /Catalog /Pages 9 0 R").getBytes(
                StandardCharsets.US_ASCII);

        DocumentText text = READER.read(garbage, "年报.pdf", "application/pdf");

        assertThat(text.status()).isEqualTo(Status.CORRUPT);
        assertThat(text.detectedType()).isEqualTo("application/pdf");
        assertThat(text.problem()).startsWith("文档损坏");
    }

    @Test
    void truncatedPdfIsNeverSilent() {
        byte[] pdf = ReportFixture.correct().pdf();
        byte[] cut = Arrays.copyOf(pdf, pdf.length / 3);

        DocumentText text = READER.read(cut, "年报.pdf", "application/pdf");

        // PDFBox repairs what it can: either it says the file is damaged, or the text it recovered is partial.
        assertThat(text.status()).isIn(Status.CORRUPT, Status.OK, Status.NO_TEXT);
        if (text.status() == Status.OK) {
            assertThat(text.text()).doesNotContain("六、其他需要报告的事项");
        } else {
            assertThat(text.problem()).isNotBlank();
        }
    }

    @Test
    void emptyAndUnknownInputsSaySo() {
        assertThat(READER.read(new byte[0], "a.pdf", null).status()).isEqualTo(Status.CORRUPT);
        byte[] noise = new byte[2048];
        new java.util.Random(7).nextBytes(noise);
        DocumentText unknown = READER.read(noise, "blob", null);
        assertThat(unknown.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(unknown.problem()).contains("不支持");
    }

    @Test
    void wordAndWpsNamedOle2FilesGoToTheWordParser() {
        // A real .doc cannot be generated here (POI does not write Word-97). A Kingsoft .wps writer file is the same
        // OLE2 container with a WordDocument stream, so Tika detects it as msword whatever its extension.
        byte[] ole = TestFiles.oleWithWordStreams();

        DocumentText wps = READER.read(ole, "年报.wps", null);
        DocumentText doc = READER.read(ole, "年报.doc", null);

        assertThat(wps.detectedType()).isEqualTo("application/msword");
        assertThat(doc.detectedType()).isEqualTo("application/msword");
        assertThat(wps.status()).isIn(Status.CORRUPT, Status.NO_TEXT);
        assertThat(wps.problem()).isNotBlank();
    }

    @Test
    void aFormatNoParserReadsIsNotSupportedNotAScan() {
        DocumentText works = READER.read(TestFiles.msWorks(), "通知.wps", null);

        assertThat(works.detectedType()).isEqualTo("application/vnd.ms-works");
        assertThat(works.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(works.problem()).contains("不支持").doesNotContain("扫描件");
    }

    @Test
    void textThatWasReadIsNeverUnsupported() {
        // Tika names OneNote "application/onenote; format=one" and registers its parser under that full name.
        assertThat(READER.status("application/onenote; format=one", "会议纪要 2024年3月")).isEqualTo(Status.OK);
        assertThat(READER.status("application/x-unknown-thing", "读出的文字")).isEqualTo(Status.OK);
        assertThat(READER.status("application/onenote; format=one", "")).isEqualTo(Status.NO_TEXT);
        assertThat(READER.status("application/pdf", " ")).isEqualTo(Status.NO_TEXT);
        assertThat(READER.status("application/x-unknown-thing", "")).isEqualTo(Status.UNSUPPORTED);
    }

    @Test
    void textBeyondTheWriteLimitIsKeptUpToTheLimit() {
        DocumentReader small = new DocumentReader(500, Duration.ofSeconds(30), 10, 2, 1 << 20);

        DocumentText text = small.read(ReportFixture.correct().docx(), "年报.docx", null);

        assertThat(text.status()).isEqualTo(Status.OK);
        assertThat(text.truncated()).isTrue();
        assertThat(text.text()).hasSizeLessThanOrEqualTo(500).contains("一、总体情况");
        assertThat(text.problem()).contains("上限");
    }

    @Test
    void timeLimitStopsTheParseAndSaysSo() {
        DocumentReader hurried = new DocumentReader(100_000, Duration.ZERO, 10, 2, 1 << 20);

        DocumentText text = hurried.read(ReportFixture.correct().docx(), "年报.docx", null);

        assertThat(text.status()).isEqualTo(Status.TIMEOUT);
        assertThat(text.truncated()).isTrue();
        assertThat(text.problem()).contains("秒");
    }

    @Test
    void nestedArchivesAreFollowedOnlyToTheDepthLimit() {
        DocumentReader reader = new DocumentReader(100_000, Duration.ofSeconds(30), 50, 3, 1 << 20);

        DocumentText text = reader.read(TestFiles.nestedZip(6), "附件.zip", null);

        assertThat(text.status()).isEqualTo(Status.OK);
        assertThat(text.text()).contains("level1marker", "level2marker", "level3marker")
                .doesNotContain("level5marker").doesNotContain("level6marker");
        assertThat(text.problem()).contains("嵌入文档超出数量或层级上限");
    }

    @Test
    void archiveThatExpandsBeyondReasonStopsAtTheWriteLimit() {
        // 50 MB of text in a 50 KB zip: what bounds it is the write limit, well before the time limit.
        DocumentReader reader = new DocumentReader(1_000_000, Duration.ofSeconds(20), 50, 3, 1 << 20);
        long start = System.nanoTime();

        DocumentText text = reader.read(TestFiles.highlyCompressed(50), "附件.zip", null);

        assertThat(text.status()).isEqualTo(Status.OK);
        assertThat(text.truncated()).isTrue();
        assertThat(text.text().length()).isLessThanOrEqualTo(1_000_000);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void ofdNumbersDrawnInPiecesAreOneNumberAndSeparateCellsStaySeparate() {
        // As OFD writers place text: 「成文日期：」 then 「20」「12」「年」「3」「月」… each its own object, glyphs touching
        // (3.5 mm characters, digits half as wide); the number 「〔2012〕5号」 likewise; below, a table row's cells.
        StringBuilder objects = new StringBuilder();
        double x = 20;
        for (String piece : List.of("成文日期：", "20", "12", "年", "3", "月", "5", "日", "  ", "渝府发〔", "20", "12", "〕",
                "5", "号")) {
            double width = piece.codePoints().mapToDouble(c -> c < 0x2E80 ? 1.75 : 3.5).sum();
            objects.append(object(x, 20, piece, piece.length() > 1 ? deltaX(piece) : null));
            x += width;
        }
        objects.append(object(20, 30, "行政许可", "3.5 3.5 3.5"))
                .append(object(60, 30, "37", null))
                .append(object(80, 30, "12", null))
                .append(object(100, 30, "2012", "g 3 1.75"));

        DocumentText text = READER.read(TestFiles.ofdPage(objects.toString()), "通知.ofd", null);

        assertThat(text.status()).isEqualTo(Status.OK);
        assertThat(text.text().lines().toList()).startsWith("成文日期：2012年3月5日 渝府发〔2012〕5号", "行政许可 37 12 2012");
    }

    private static String object(double x, double y, String text, String deltaX) {
        return "<ofd:TextObject ID=\"" + (int) (x * 10 + y) + "\" Boundary=\"" + x + " " + y + " 60 6\" Font=\"3\""
                + " Size=\"3.5\"><ofd:TextCode X=\"0\" Y=\"4\"" + (deltaX == null ? "" : " DeltaX=\"" + deltaX + "\"")
                + ">" + text + "</ofd:TextCode></ofd:TextObject>";
    }

    private static String deltaX(String piece) {
        int[] chars = piece.codePoints().toArray();
        List<String> deltas = new java.util.ArrayList<>();
        for (int i = 0; i < chars.length - 1; i++) {
            deltas.add(chars[i] < 0x2E80 ? "1.75" : "3.5");
        }
        return String.join(" ", deltas);
    }

    @Test
    void ofdPagesAreReadLineByLine() {
        byte[] ofd = TestFiles.ofd(List.of(List.of("一、总体情况"), List.of("行政许可", "37", "12")));

        DocumentText text = READER.read(ofd, "年报.ofd", "application/ofd");

        assertThat(text.status()).isEqualTo(Status.OK);
        assertThat(text.detectedType()).isEqualTo("application/ofd");
        assertThat(text.text().lines().toList()).containsExactly("一、总体情况", "行政许可 37 12", "");
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
        DocumentReader reader = new DocumentReader(1000, Duration.ofSeconds(5), 1, 1, 100);

        DocumentText text = reader.read(new byte[101], "a.pdf", null);

        assertThat(text.status()).isEqualTo(Status.REFUSED);
        assertThat(text.problem()).contains("超过上限");
    }
}
