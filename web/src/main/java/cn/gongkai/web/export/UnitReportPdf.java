package cn.gongkai.web.export;

import cn.gongkai.web.unit.UnitBreakdown;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * A unit's report as PDF: its result, the group's averages, every area and point with status, reason and how to
 * fix, and the list of evidence (URL, capture time, digest, excerpt). The Chinese font ships with the application
 * (fonts/NotoSansSC-Regular-GB2312.ttf) and only the glyphs used are embedded.
 */
@Component
class UnitReportPdf {

    static final String FONT = "fonts/NotoSansSC-Regular-GB2312.ttf";
    private static final float MARGIN = 48;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    record Report(String roundName, UnitBreakdown.Summary summary, List<UnitBreakdown.AreaLine> areas,
                  List<UnitBreakdown.PointLine> points, Map<String, String> statusLabels) {
    }

    void write(Report report, OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument(); InputStream fontData = new ClassPathResource(FONT).getInputStream()) {
            PDType0Font font = PDType0Font.load(document, fontData, true);
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(report.summary().unitName() + " 政务公开评估报告");
            info.setCreator("gongkai 政务公开第三方评估平台");
            Writer w = new Writer(document, font);
            UnitBreakdown.Summary s = report.summary();
            w.line(s.unitName() + " 政务公开评估报告", 18, 8);
            w.line(report.roundName(), 12, 10);
            w.line("分组：" + s.groupName() + "    总分：" + fmt(s.total()) + "（组平均 " + fmt(s.groupAverage()) + "）", 11, 4);
            w.line("组内名次：" + s.rank() + " / " + s.groupSize() + "    等次：" + s.grade()
                    + (s.negativeList() ? "    已列入负面清单" : ""), 11, 12);

            w.line("一、各领域得分", 14, 6);
            for (UnitBreakdown.AreaLine a : report.areas()) {
                w.line(a.area() + "：" + fmt(a.score()) + " / " + fmt(a.maxScore()) + "（组平均 " + fmt(a.groupAverage()) + "）", 11, 3);
            }
            w.gap(10);

            w.line("二、评估点得分与说明", 14, 6);
            Map<String, List<UnitBreakdown.PointLine>> byArea = new LinkedHashMap<>();
            report.points().forEach(p -> byArea.computeIfAbsent(p.area(), k -> new ArrayList<>()).add(p));
            int evidenceNo = 0;
            Map<Long, Integer> evidenceNumbers = new HashMap<>();
            List<UnitBreakdown.EvidenceLink> evidence = new ArrayList<>();
            for (var area : byArea.entrySet()) {
                w.line(area.getKey(), 12, 4);
                for (UnitBreakdown.PointLine p : area.getValue()) {
                    String status = p.status() == null ? "未检查" : report.statusLabels().getOrDefault(p.status(), p.status());
                    String score = p.score() == null ? "不适用" : fmt(p.score()) + " / " + fmt(p.maxScore());
                    w.paragraph("· " + p.pointText() + "  【" + status + "】 得分 " + score + "（组平均 "
                            + fmt(p.groupAverage()) + "）", 10, 0);
                    if (p.message() != null && !p.message().isBlank()) {
                        w.paragraph("说明：" + p.message(), 9, 14);
                    }
                    List<String> refs = new ArrayList<>();
                    for (UnitBreakdown.EvidenceLink e : p.evidence()) {
                        Integer no = evidenceNumbers.get(e.evidenceId());
                        if (no == null) {
                            no = ++evidenceNo;
                            evidenceNumbers.put(e.evidenceId(), no);
                            evidence.add(e);
                        }
                        refs.add("[" + no + "]");
                    }
                    if (!refs.isEmpty()) {
                        w.paragraph("证据：" + String.join(" ", refs), 9, 14);
                    }
                    if (("FAIL".equals(p.status()) || "PARTIAL".equals(p.status())) && p.howToFix() != null) {
                        w.paragraph("整改建议：" + p.howToFix(), 9, 14);
                    }
                    w.gap(3);
                }
                w.gap(6);
            }

            w.line("三、证据清单", 14, 6);
            if (evidence.isEmpty()) {
                w.line("（无）", 10, 4);
            }
            for (int i = 0; i < evidence.size(); i++) {
                UnitBreakdown.EvidenceLink e = evidence.get(i);
                w.paragraph("[" + (i + 1) + "] " + e.url(), 9, 0);
                w.paragraph("采集时间（UTC）" + (e.capturedAt() == null ? "" : TIME.format(e.capturedAt()))
                        + "  采集记录 #" + e.captureId() + "  摘要 " + (e.digest() == null ? "" : e.digest()), 8, 14);
                if (e.excerpt() != null && !e.excerpt().isBlank()) {
                    w.paragraph("摘录：" + e.excerpt(), 8, 14);
                }
                w.gap(3);
            }
            w.close();
            document.save(out);
        }
    }

    private static String fmt(BigDecimal value) {
        return value == null ? "—" : value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** Writes lines top to bottom, wrapping by measured width and starting new pages as needed. */
    private static final class Writer {
        private final PDDocument document;
        private final PDType0Font font;
        private final Map<Integer, Boolean> printable = new HashMap<>();
        private PDPageContentStream stream;
        private float y;
        private int pageNo;

        Writer(PDDocument document, PDType0Font font) throws IOException {
            this.document = document;
            this.font = font;
            newPage();
        }

        private void newPage() throws IOException {
            if (stream != null) {
                stream.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            pageNo++;
            stream.beginText();
            stream.setFont(font, 8);
            stream.newLineAtOffset(PDRectangle.A4.getWidth() / 2 - 10, 24);
            stream.showText("第 " + pageNo + " 页");
            stream.endText();
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void gap(float points) {
            y -= points;
        }

        void line(String text, float size, float after) throws IOException {
            paragraph(text, size, 0);
            y -= after;
        }

        void paragraph(String text, float size, float indent) throws IOException {
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN - indent;
            for (String line : wrap(safe(text), size, width)) {
                float leading = size * 1.45f;
                if (y - leading < MARGIN) {
                    newPage();
                }
                y -= leading;
                stream.beginText();
                stream.setFont(font, size);
                stream.newLineAtOffset(MARGIN + indent, y);
                stream.showText(line);
                stream.endText();
            }
        }

        private List<String> wrap(String text, float size, float width) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            float used = 0;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                String ch = new String(Character.toChars(cp));
                float w = font.getStringWidth(ch) / 1000 * size;
                if (used + w > width && !current.isEmpty()) {
                    lines.add(current.toString());
                    current.setLength(0);
                    used = 0;
                }
                current.append(ch);
                used += w;
                i += Character.charCount(cp);
            }
            if (!current.isEmpty() || lines.isEmpty()) {
                lines.add(current.toString());
            }
            return lines;
        }

        /** Control characters become spaces; characters the font lacks become □. */
        private String safe(String text) {
            StringBuilder out = new StringBuilder();
            text.codePoints().forEach(cp -> {
                if (Character.isISOControl(cp)) {
                    out.append(' ');
                } else if (printable.computeIfAbsent(cp, this::hasGlyph)) {
                    out.appendCodePoint(cp);
                } else {
                    out.append('□');
                }
            });
            return out.toString();
        }

        private boolean hasGlyph(int cp) {
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        }

        void close() throws IOException {
            stream.close();
        }
    }
}
