package cn.gongkai.web.tongbao;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.poi.xwpf.usermodel.Borders;
import org.apache.poi.xwpf.usermodel.LineSpacingRule;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.TableRowAlign;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;
import org.springframework.stereotype.Component;

/**
 * A round's 通报 as a Word document in the layout of a provincial government circular (after GB/T 9704, 党政机关公文
 * 格式): the issuing office and 文号, the title, the addressees, then 一、总体情况, 二、评估结果 (a table of grades per
 * group), 三、负面清单, 四、典型问题, 五、通报表扬, 六、下一步工作要求, the signature and date. Fonts are named as
 * Chinese offices have them (仿宋_GB2312 for the body, 黑体 and 楷体_GB2312 for headings, 宋体 for the title) and set
 * for East Asian text on every run, so Word and WPS pick them whatever the document's Latin font.
 */
@Component
class TongbaoDocx {

    static final String BODY_FONT = "仿宋_GB2312";
    static final String HEADING_FONT = "黑体";
    static final String SUBHEADING_FONT = "楷体_GB2312";
    static final String TITLE_FONT = "宋体";
    static final String LATIN_FONT = "Times New Roman";
    /** 三号 (16 pt) body text and headings, 二号 (22 pt) title, tables in 小四 (12 pt): sizes in half-points. */
    private static final int BODY_SIZE = 32;
    private static final int TITLE_SIZE = 44;
    private static final int TABLE_SIZE = 24;
    private static final String RED = "C00000";
    private static final String[] NUMERALS = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

    void write(TongbaoFacts.Facts facts, TongbaoTexts.Text text, OutputStream out) throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            page(doc);
            styles(doc);
            doc.getProperties().getCoreProperties().setTitle(text.title());
            doc.getProperties().getCoreProperties().setCreator(text.issuingBody());

            // The 版头: the issuing office in red, the 文号 under it, then a red rule (GB/T 9704's 版头 in brief).
            XWPFParagraph office = doc.createParagraph();
            office.setAlignment(ParagraphAlignment.CENTER);
            run(office, text.issuingBody(), TITLE_FONT, TITLE_SIZE, true).setColor(RED);
            XWPFParagraph number = doc.createParagraph();
            number.setAlignment(ParagraphAlignment.CENTER);
            run(number, text.docNumber(), BODY_FONT, BODY_SIZE, false);
            number.setBorderBottom(Borders.SINGLE);
            number.getCTP().getPPr().getPBdr().getBottom().setColor(RED);
            number.getCTP().getPPr().getPBdr().getBottom().setSz(BigInteger.valueOf(12));
            XWPFParagraph title = doc.createParagraph();
            title.setStyle("Title");
            title.setAlignment(ParagraphAlignment.CENTER);
            title.setSpacingBefore(400);
            title.setSpacingAfter(400);
            run(title, text.title(), TITLE_FONT, TITLE_SIZE, true);
            if (!text.addressees().isEmpty()) {
                XWPFParagraph to = doc.createParagraph();
                run(to, text.addressees(), BODY_FONT, BODY_SIZE, false);
            }

            int section = 0;
            heading(doc, NUMERALS[section++] + "、总体情况");
            TongbaoTexts.paragraphsOf(text.overview()).forEach(p -> body(doc, p));
            body(doc, summary(facts));

            heading(doc, NUMERALS[section++] + "、评估结果");
            body(doc, "各组单位按" + String.join("、", facts.gradeOrder()) + "等次列示，同一等次内按得分从高到低排列"
                    + "（并列者名次相同）。");
            int group = 0;
            for (TongbaoFacts.Group g : facts.groups()) {
                subheading(doc, "（" + NUMERALS[Math.min(group++, NUMERALS.length - 1)] + "）" + g.name() + "（"
                        + g.units().size() + " 个，平均得分 " + TongbaoTexts.plain(g.average()) + " 分）");
                List<List<String>> rows = new ArrayList<>();
                for (Map.Entry<String, List<TongbaoFacts.Unit>> grade : g.byGrade().entrySet()) {
                    if (grade.getValue().isEmpty()) {
                        continue;
                    }
                    rows.add(List.of(grade.getKey(), String.valueOf(grade.getValue().size()),
                            grade.getValue().stream().map(TongbaoFacts.Unit::name).collect(Collectors.joining("、"))));
                }
                table(doc, List.of("等次", "数量", "单位（按得分从高到低）"), rows, new int[] {1300, 900, 6600});
            }

            heading(doc, NUMERALS[section++] + "、负面清单");
            if (facts.negatives().isEmpty()) {
                body(doc, "本次评估无单位列入负面清单。");
            } else {
                body(doc, "以下 " + facts.negativeUnits() + " 个单位触发单项否决情形，列入负面清单：");
                List<List<String>> rows = new ArrayList<>();
                int i = 1;
                for (TongbaoFacts.Negative n : facts.negatives()) {
                    rows.add(List.of(String.valueOf(i++), n.unitName(), n.group(), n.reason()));
                }
                table(doc, List.of("序号", "单位", "分组", "列入原因"), rows, new int[] {800, 2300, 1300, 4400});
            }

            heading(doc, NUMERALS[section++] + "、典型问题");
            TongbaoTexts.paragraphsOf(text.problemsNote()).forEach(p -> body(doc, p));
            if (facts.problems().isEmpty()) {
                body(doc, "本次评估各单位在所有评估点上均未扣分。");
            } else {
                List<List<String>> rows = new ArrayList<>();
                int i = 1;
                for (TongbaoFacts.Problem p : facts.problems()) {
                    rows.add(List.of(String.valueOf(i++), p.pointText() + "（" + p.area() + "）",
                            p.deducted() + "/" + p.applicable(), String.valueOf(p.failed()),
                            String.join("、", p.examples())));
                }
                table(doc, List.of("序号", "评估点", "扣分单位数/适用单位数", "不得分单位数", "典型单位"), rows,
                        new int[] {700, 4200, 1300, 1000, 1600});
            }

            heading(doc, NUMERALS[section++] + "、通报表扬");
            if (facts.praised().isEmpty()) {
                body(doc, "本次评估无单位获评" + facts.topGrade() + "等次。");
            } else {
                body(doc, "对获评" + facts.topGrade() + "等次的" + facts.praised().stream()
                        .map(TongbaoFacts.Unit::name).collect(Collectors.joining("、")) + "等 " + facts.praised().size()
                        + " 个单位予以通报表扬。");
            }

            heading(doc, NUMERALS[section++] + "、下一步工作要求");
            TongbaoTexts.paragraphsOf(text.nextSteps()).forEach(p -> body(doc, p));
            body(doc, "整改期限：" + TongbaoTexts.day(text.rectifyBy()) + "前。");

            XWPFParagraph annex = doc.createParagraph();
            annex.setSpacingBefore(300);
            annex.setIndentationFirstLine(640);
            run(annex, "附件：" + facts.roundName() + "评估结果附表（等次名单、负面清单、典型问题）", BODY_FONT, BODY_SIZE,
                    false);
            XWPFParagraph signature = doc.createParagraph();
            signature.setAlignment(ParagraphAlignment.RIGHT);
            signature.setSpacingBefore(600);
            run(signature, text.issuingBody(), BODY_FONT, BODY_SIZE, false);
            XWPFParagraph date = doc.createParagraph();
            date.setAlignment(ParagraphAlignment.RIGHT);
            run(date, TongbaoTexts.day(text.issuedOn()), BODY_FONT, BODY_SIZE, false);
            // Which results these are: the document travels without the page that said so.
            XWPFParagraph source = doc.createParagraph();
            source.setSpacingBefore(300);
            run(source, "（本通报评估数据依据" + facts.roundName() + "第 " + facts.version() + " 版已发布结果，发布于 "
                    + TongbaoTexts.day(facts.publishedAt().toLocalDate()) + "。）", BODY_FONT, TABLE_SIZE, false);
            doc.write(out);
        }
    }

    /** The one sentence of counts under the overview: always the snapshot's, whatever the evaluator wrote above. */
    static String summary(TongbaoFacts.Facts facts) {
        String grades = facts.gradeCounts().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue() + " 个").collect(Collectors.joining("，"));
        return "本次参评单位 " + facts.units() + " 个，平均得分 " + TongbaoTexts.plain(facts.average()) + " 分；其中"
                + grades + "；列入负面清单 " + facts.negativeUnits() + " 个。";
    }

    /** A4 with the margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), in twips. */
    private static void page(XWPFDocument doc) {
        CTSectPr sect = doc.getDocument().getBody().addNewSectPr();
        CTPageSz size = sect.addNewPgSz();
        size.setW(BigInteger.valueOf(11906));
        size.setH(BigInteger.valueOf(16838));
        CTPageMar margins = sect.addNewPgMar();
        margins.setTop(BigInteger.valueOf(2098));
        margins.setBottom(BigInteger.valueOf(1984));
        margins.setLeft(BigInteger.valueOf(1588));
        margins.setRight(BigInteger.valueOf(1474));
    }

    /** Title, heading 1 and heading 2 as real styles, so the headings show in Word's navigation and outline. */
    private static void styles(XWPFDocument doc) {
        XWPFStyles styles = doc.createStyles();
        // Normal, which the others are based on: the body's font and size, the document's default paragraph style.
        CTStyle normal = CTStyle.Factory.newInstance();
        normal.setStyleId("Normal");
        normal.setType(STStyleType.PARAGRAPH);
        normal.setDefault(Boolean.TRUE);
        normal.addNewName().setVal("Normal");
        normal.addNewQFormat();
        CTRPr normalRun = normal.addNewRPr();
        fonts(normalRun.addNewRFonts(), BODY_FONT);
        normalRun.addNewSz().setVal(BigInteger.valueOf(BODY_SIZE));
        normalRun.addNewSzCs().setVal(BigInteger.valueOf(BODY_SIZE));
        styles.addStyle(new XWPFStyle(normal, styles));
        styles.addStyle(new XWPFStyle(style("Title", "Title", TITLE_FONT, TITLE_SIZE, null), styles));
        styles.addStyle(new XWPFStyle(style("Heading1", "heading 1", HEADING_FONT, BODY_SIZE, 0), styles));
        styles.addStyle(new XWPFStyle(style("Heading2", "heading 2", SUBHEADING_FONT, BODY_SIZE, 1), styles));
    }

    private static CTStyle style(String id, String name, String font, int size, Integer outlineLevel) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId(id);
        style.setType(STStyleType.PARAGRAPH);
        style.addNewName().setVal(name);
        style.addNewBasedOn().setVal("Normal");
        style.addNewNext().setVal("Normal");
        style.addNewQFormat();
        if (outlineLevel != null) {
            style.addNewUiPriority().setVal(BigInteger.valueOf(9));
            style.addNewPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(outlineLevel));
        }
        CTRPr rpr = style.addNewRPr();
        fonts(rpr.addNewRFonts(), font);
        rpr.addNewSz().setVal(BigInteger.valueOf(size));
        rpr.addNewSzCs().setVal(BigInteger.valueOf(size));
        return style;
    }

    private static void fonts(CTFonts fonts, String eastAsia) {
        fonts.setEastAsia(eastAsia);
        fonts.setAscii(LATIN_FONT);
        fonts.setHAnsi(LATIN_FONT);
        fonts.setCs(LATIN_FONT);
    }

    private static void heading(XWPFDocument doc, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setStyle("Heading1");
        p.setIndentationFirstLine(640);
        lineSpacing(p);
        run(p, text, HEADING_FONT, BODY_SIZE, false);
    }

    private static void subheading(XWPFDocument doc, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setStyle("Heading2");
        p.setIndentationFirstLine(640);
        lineSpacing(p);
        run(p, text, SUBHEADING_FONT, BODY_SIZE, false);
    }

    /** A body paragraph, first line indented by two characters. */
    private static void body(XWPFDocument doc, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setAlignment(ParagraphAlignment.BOTH);
        p.setIndentationFirstLine(640);
        lineSpacing(p);
        run(p, text, BODY_FONT, BODY_SIZE, false);
    }

    /** 28 pt fixed line spacing: GB/T 9704's 22 lines a page. */
    private static void lineSpacing(XWPFParagraph p) {
        p.setSpacingBetween(28, LineSpacingRule.EXACT);
    }

    private static XWPFRun run(XWPFParagraph p, String text, String font, int halfPoints, boolean bold) {
        XWPFRun run = p.createRun();
        run.setText(text);
        run.setFontFamily(font, XWPFRun.FontCharRange.eastAsia);
        run.setFontFamily(LATIN_FONT, XWPFRun.FontCharRange.ascii);
        run.setFontFamily(LATIN_FONT, XWPFRun.FontCharRange.hAnsi);
        run.setFontSize(halfPoints / 2.0);
        run.setBold(bold);
        return run;
    }

    /** A table with a header row repeated on every page; widths in twips, within the 8,844 of the text width. */
    private static void table(XWPFDocument doc, List<String> header, List<List<String>> rows, int[] widths) {
        XWPFTable table = doc.createTable(rows.size() + 1, header.size());
        table.setTableAlignment(TableRowAlign.CENTER);
        table.setWidth("100%");
        fill(table.getRow(0), header, widths, true);
        table.getRow(0).setRepeatHeader(true);
        for (int r = 0; r < rows.size(); r++) {
            fill(table.getRow(r + 1), rows.get(r), widths, false);
        }
    }

    private static void fill(XWPFTableRow row, List<String> values, int[] widths, boolean header) {
        for (int c = 0; c < values.size(); c++) {
            XWPFTableCell cell = row.getCell(c);
            cell.setWidth(String.valueOf(widths[c]));
            cell.setVerticalAlignment(XWPFTableCell.XWPFVertAlign.CENTER);
            XWPFParagraph p = cell.getParagraphs().getFirst();
            if (header || c == 0) {
                p.setAlignment(ParagraphAlignment.CENTER);
            }
            run(p, values.get(c), header ? HEADING_FONT : BODY_FONT, TABLE_SIZE, false);
        }
    }
}
