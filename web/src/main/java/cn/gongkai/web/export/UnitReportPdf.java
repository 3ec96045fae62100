package cn.gongkai.web.export;

import cn.gongkai.web.appeal.Appeals;
import cn.gongkai.web.rectification.Rectifications;
import cn.gongkai.web.unit.ReaderFormat;
import cn.gongkai.web.unit.UnitBreakdown;
import cn.gongkai.web.unit.UnitPoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * A unit's report as PDF, problems first as on the unit's page: its result and rank interval, the negative-list
 * reasons with their evidence, the points that lost marks (the most first), the 待评 points, the areas, the other
 * points by area, and the list of evidence (URL, capture time in the readers' zone, digest as hex, excerpt). Under each point come what people added behind
 * it, as the unit's page shows them: the evaluators' review files (name, upload time, size, SHA-256, a download link),
 * the unit's appeals (filing time, text, status, the evaluator's answer, attachments with name, size, SHA-256, upload
 * time and a download link) and the re-captures made for them (URL, capture time, status, digest, a link to the
 * evidence viewer).
 * The Chinese font ships with the application (fonts/NotoSansSC-Regular-GB2312.ttf) and only the glyphs used are
 * embedded.
 */
@Component
class UnitReportPdf {

    static final String FONT = "fonts/NotoSansSC-Regular-GB2312.ttf";
    private static final float MARGIN = 48;

    /**
     * {@code reviewFiles}, {@code appeals} and {@code recaptures} are by point id; {@code baseUrl} is the application's
     * address for the links to files and evidence (gongkai.public-url, or as the reader reached it).
     */
    record Report(String roundName, String view, UnitBreakdown.Summary summary, List<UnitBreakdown.AreaLine> areas,
                  List<UnitBreakdown.PointLine> points, Map<String, String> statusLabels,
                  Map<Long, List<UnitBreakdown.ReviewFileLink>> reviewFiles,
                  Map<Long, List<Appeals.AppealLine>> appeals,
                  Map<Long, List<Appeals.RecaptureLine>> recaptures, Map<Long, Rectifications.Repeat> repeats,
                  String baseUrl, ReaderFormat format) {
    }

    void write(Report report, OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument(); InputStream fontData = new ClassPathResource(FONT).getInputStream();
             TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(fontData))) {
            // No glyph substitution: PDFBox would print "fi" in a URL as a ligature glyph that no character maps back
            // to, so the text copied or extracted from the report would not be the URL. Chinese needs no shaping.
            ttf.setEnableGsub(false);
            PDType0Font font = PDType0Font.load(document, ttf, true);
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(report.summary().unitName() + " 政务公开评估报告（" + report.view() + "）");
            info.setCreator("gongkai 政务公开第三方评估平台");
            Writer w = new Writer(document, font);
            ReaderFormat fmt = report.format();
            String zone = "（" + fmt.zoneLabel() + "）";
            UnitBreakdown.Summary s = report.summary();
            w.line(s.unitName() + " 政务公开评估报告", 18, 8);
            w.line(report.roundName(), 12, 4);
            w.line("本报告内容：" + report.view(), 11, 10);
            // A total with 待评 points is only provisional: it is labelled so, and the unit is not ranked.
            w.line("分组：" + s.groupName() + (s.provisional()
                    ? "    暂定总分：" + fmt(s.total()) + "（暂定，待评 " + s.pendingPoints() + " 项）"
                    : "    总分：" + fmt(s.total())) + "（组平均 " + fmt(s.groupAverage()) + "）", 11, 4);
            w.line("组内名次：" + (s.provisional() ? "暂不排名" : s.rank() + " / " + s.groupSize()
                    + (s.rankInterval() == null ? "" : "（名次区间 " + s.rankInterval() + "）"))
                    + "    等次：" + s.grade() + (s.negativeList() ? "    已列入负面清单" : ""), 11, 12);

            // Evidence is numbered as it is first cited, so the problems on top cite [1], [2] …
            Evidence evidence = new Evidence();
            Map<Long, UnitBreakdown.PointLine> byId = new HashMap<>();
            report.points().forEach(p -> byId.put(p.pointId(), p));
            for (UnitBreakdown.NegativeLine n : s.negatives()) {
                w.paragraph("负面清单原因：" + n.reason(), 10, 0);
                UnitBreakdown.PointLine point = byId.get(n.pointId());
                String refs = point == null ? "" : evidence.refs(point);
                if (!refs.isEmpty()) {
                    w.paragraph("证据：" + refs, 9, 14);
                }
                for (UnitBreakdown.VetoFile f : n.files()) {
                    w.paragraph("证据文件：" + f.fileName() + "  上传时间" + zone + fmt.time(f.uploadedAt()), 9, 14);
                    w.paragraph("SHA-256：" + f.sha256(), 8, 28);
                    String download = report.baseUrl() + "/manual-score-files/" + f.fileId();
                    w.link("下载：" + download, download, 8, 28);
                }
                if (refs.isEmpty() && n.files().isEmpty() && n.evidence() != null && !n.evidence().isBlank()) {
                    w.paragraph("证据：" + fmt.localizeUtc(n.evidence()), 9, 14);
                }
            }
            if (!s.negatives().isEmpty()) {
                w.gap(8);
            }

            // Problems first, as on the unit's page: what lost marks, the most first; then what is still open.
            UnitPoints.Arranged arranged = UnitPoints.arrange(report.points(), report.areas(), UnitPoints.Show.DEDUCTED, "");
            List<UnitBreakdown.PointLine> pending = report.points().stream().filter(UnitBreakdown.PointLine::pending)
                    .toList();
            int section = 0;
            w.line(SECTIONS[section++] + "、扣分项（按失分从多到少）", 14, 6);
            if (arranged.top().isEmpty()) {
                w.line("（无扣分项）", 10, 4);
            }
            for (UnitBreakdown.PointLine p : arranged.top()) {
                point(w, report, p, evidence);
            }
            w.gap(6);
            if (!pending.isEmpty()) {
                w.line(SECTIONS[section++] + "、待评项（尚未评定，不计入总分）", 14, 6);
                for (UnitBreakdown.PointLine p : pending) {
                    point(w, report, p, evidence);
                }
                w.gap(6);
            }

            w.line(SECTIONS[section++] + "、各领域得分", 14, 6);
            for (UnitBreakdown.AreaLine a : report.areas()) {
                w.line(a.area() + "：" + fmt(a.score()) + " / " + fmt(a.maxScore()) + "（组平均 " + fmt(a.groupAverage()) + "）", 11, 3);
            }
            w.gap(10);

            w.line(SECTIONS[section++] + "、其余评估点（按领域）", 14, 6);
            for (UnitPoints.Group group : arranged.groups()) {
                List<UnitBreakdown.PointLine> rest = group.points().stream().filter(p -> !p.pending()).toList();
                if (rest.isEmpty()) {
                    continue;
                }
                w.line(group.area(), 12, 4);
                for (UnitBreakdown.PointLine p : rest) {
                    point(w, report, p, evidence);
                }
                w.gap(6);
            }

            w.line(SECTIONS[section] + "、证据清单", 14, 6);
            if (evidence.list.isEmpty()) {
                w.line("（无）", 10, 4);
            }
            for (int i = 0; i < evidence.list.size(); i++) {
                UnitBreakdown.EvidenceLink e = evidence.list.get(i);
                w.paragraph("[" + (i + 1) + "] " + e.url(), 9, 0);
                w.paragraph("采集时间" + zone + fmt.time(e.capturedAt()) + "  采集记录 #" + e.captureId(), 8, 14);
                if (e.digest() != null) {
                    w.paragraph("摘要 " + ReaderFormat.digestHex(e.digest()), 8, 14);
                }
                if (e.excerpt() != null && !e.excerpt().isBlank()) {
                    w.paragraph("摘录：" + e.excerpt(), 8, 14);
                }
                w.gap(3);
            }
            w.close();
            document.save(out);
        }
    }

    private static final String[] SECTIONS = {"一", "二", "三", "四", "五", "六"};

    /** Evidence numbered in the order it is first cited. */
    private static final class Evidence {
        private final Map<Long, Integer> numbers = new HashMap<>();
        private final List<UnitBreakdown.EvidenceLink> list = new ArrayList<>();

        String refs(UnitBreakdown.PointLine p) {
            List<String> refs = new ArrayList<>();
            for (UnitBreakdown.EvidenceLink e : p.evidence()) {
                Integer no = numbers.get(e.evidenceId());
                if (no == null) {
                    list.add(e);
                    no = list.size();
                    numbers.put(e.evidenceId(), no);
                }
                refs.add("[" + no + "]");
            }
            return String.join(" ", refs);
        }
    }

    /** One point with everything its card on the unit's page shows. */
    private static void point(Writer w, Report report, UnitBreakdown.PointLine p, Evidence evidence) throws IOException {
        ReaderFormat fmt = report.format();
        String status = p.statusLabel();
        String score = p.pending() ? "待评" : p.score() == null ? "不适用"
                : fmt(p.score()) + " / " + fmt(p.maxScore());
        java.math.BigDecimal lost = p.lost();
        w.paragraph("· " + p.pointText() + "  【" + status + "】 得分 " + score
                + (lost != null && lost.signum() > 0 ? "  失分 " + fmt(lost) : "")
                + "（" + p.area() + "，组平均 " + fmt(p.groupAverage()) + "）", 10, 0);
        Rectifications.Repeat repeat = report.repeats().get(p.pointId());
        if (repeat != null) {
            w.paragraph("屡查屡犯：上一轮次「" + repeat.previousRoundName() + "」已将此项列为整改事项（"
                    + repeat.previousStatus().label() + "），本轮仍扣分", 9, 14);
        }
        if (p.pending()) {
            w.paragraph("待评原因：" + p.pendingReason(), 9, 14);
        }
        if (p.decision() != null) {
            w.paragraph("评估人员结论：" + p.decision(), 9, 14);
        }
        if (p.overridden()) {
            w.paragraph("机器检查结论（历史）：" + report.statusLabels().getOrDefault(p.machineStatus(),
                    p.machineStatus()), 9, 14);
        }
        if (p.message() != null && !p.message().isBlank()) {
            w.paragraph((p.overridden() ? "机器检查说明（历史）：" : "说明：") + p.message(), 9, 14);
        }
        if (("FAIL".equals(p.status()) || "PARTIAL".equals(p.status())) && p.howToFix() != null) {
            w.paragraph("整改建议：" + p.howToFix(), 9, 14);
        }
        String refs = evidence.refs(p);
        if (!refs.isEmpty()) {
            w.paragraph("证据：" + refs, 9, 14);
        }
        for (UnitBreakdown.ReviewFileLink f : report.reviewFiles().getOrDefault(p.pointId(), List.of())) {
            reviewFile(w, f, report.baseUrl(), fmt);
        }
        for (Appeals.AppealLine a : report.appeals().getOrDefault(p.pointId(), List.of())) {
            appeal(w, a, report.baseUrl(), fmt);
        }
        for (Appeals.RecaptureLine c : report.recaptures().getOrDefault(p.pointId(), List.of())) {
            recapture(w, c, report.baseUrl(), fmt);
        }
        w.gap(3);
    }

    private static void reviewFile(Writer w, UnitBreakdown.ReviewFileLink f, String baseUrl, ReaderFormat fmt)
            throws IOException {
        boolean override = "OVERRIDE".equals(f.decision());
        w.paragraph("评估人员复核证据：" + f.fileName() + (override ? "（改判依据）" : "（复核依据）"), 9, 14);
        w.paragraph("上传时间（" + fmt.zoneLabel() + "）" + fmt.time(f.uploadedAt()) + "  大小 " + f.sizeBytes() + " 字节", 8, 28);
        w.paragraph("SHA-256：" + f.sha256(), 8, 28);
        if (f.reason() != null && !f.reason().isBlank()) {
            w.paragraph((override ? "改判理由：" : "复核说明：") + f.reason(), 8, 28);
        }
        String download = baseUrl + "/review-files/" + f.fileId();
        w.link("下载：" + download, download, 8, 28);
    }

    private static void appeal(Writer w, Appeals.AppealLine a, String baseUrl, ReaderFormat fmt) throws IOException {
        w.paragraph("单位申诉（提交时间（" + fmt.zoneLabel() + "）" + fmt.time(a.filedAt()) + "）：" + a.text(), 9, 14);
        w.paragraph("处理结果：" + a.statusLabel(), 8, 28);
        if (a.decisionReason() != null && !a.decisionReason().isBlank()) {
            w.paragraph("评估人员答复：" + a.decisionReason(), 8, 28);
        }
        for (Appeals.AttachmentLine f : a.attachments()) {
            w.paragraph("申诉附件：" + f.fileName() + "  上传时间（" + fmt.zoneLabel() + "）" + fmt.time(f.uploadedAt())
                    + "  大小 " + f.sizeBytes()
                    + " 字节", 8, 28);
            w.paragraph("SHA-256：" + f.sha256(), 8, 42);
            String download = baseUrl + "/appeals/attachments/" + f.id();
            w.link("下载：" + download, download, 8, 42);
        }
    }

    private static void recapture(Writer w, Appeals.RecaptureLine c, String baseUrl, ReaderFormat fmt)
            throws IOException {
        w.paragraph("申诉网址重新采集：" + c.url(), 9, 14);
        w.paragraph("采集时间（" + fmt.zoneLabel() + "）" + fmt.time(c.capturedAt()) + "  状态：" + c.statusLabel()
                + "  采集记录 #" + c.captureId(), 8, 28);
        if (c.digest() != null) {
            w.paragraph("摘要 " + ReaderFormat.digestHex(c.digest()), 8, 28);
        }
        if (c.error() != null && !c.error().isBlank()) {
            w.paragraph("原因：" + c.error(), 8, 28);
        }
        String viewer = baseUrl + "/evidence/" + c.captureId();
        w.link("查看证据：" + viewer, viewer, 8, 28);
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
        private PDPage page;
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
            page = new PDPage(PDRectangle.A4);
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
            link(text, null, size, indent);
        }

        /** A paragraph that opens {@code uri} when clicked (every line of it), or a plain one when it is null. */
        void link(String text, String uri, float size, float indent) throws IOException {
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
                if (uri != null) {
                    PDActionURI action = new PDActionURI();
                    action.setURI(uri);
                    PDAnnotationLink annotation = new PDAnnotationLink();
                    annotation.setAction(action);
                    PDBorderStyleDictionary border = new PDBorderStyleDictionary();
                    border.setWidth(0);
                    annotation.setBorderStyle(border);
                    annotation.setRectangle(new PDRectangle(MARGIN + indent, y - size * 0.25f,
                            font.getStringWidth(line) / 1000 * size, size * 1.2f));
                    page.getAnnotations().add(annotation);
                }
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
