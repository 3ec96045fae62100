package cn.gongkai.web.rectification;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The 整改台账 of a round as xlsx: one row per item, unit by unit, with the unit's latest answer and the evaluator's
 * latest decision. Streams rows as the results workbook does. Times are Beijing time, as the units read them.
 */
final class RectificationWorkbook {

    static final String SHEET = "整改台账";
    static final List<String> HEADERS = List.of("序号", "单位", "评估点编号", "评估点", "得分", "满分", "存在问题",
            "整改建议", "整改期限", "状态", "答复次数", "最近答复时间", "最近答复内容", "整改网址", "佐证附件",
            "复核采集次数", "最近复核结论", "复核意见", "复核人", "复核时间");

    private RectificationWorkbook() {
    }

    static void write(String title, List<Rectifications.ItemLine> items, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            Sheet sheet = workbook.createSheet(SHEET);
            sheet.createRow(0).createCell(0).setCellValue(title);
            Row head = sheet.createRow(1);
            for (int c = 0; c < HEADERS.size(); c++) {
                head.createCell(c).setCellValue(HEADERS.get(c));
                head.getCell(c).setCellStyle(header);
            }
            int r = 2;
            for (Rectifications.ItemLine item : items) {
                Row row = sheet.createRow(r);
                int c = 0;
                row.createCell(c++).setCellValue(r - 1);
                row.createCell(c++).setCellValue(item.unitName());
                row.createCell(c++).setCellValue(item.pointCode());
                row.createCell(c++).setCellValue(item.pointText());
                if (item.score() != null) {
                    row.createCell(c).setCellValue(item.score().doubleValue());
                }
                c++;
                row.createCell(c++).setCellValue(item.maxScore().doubleValue());
                row.createCell(c++).setCellValue(item.problem());
                row.createCell(c++).setCellValue(item.howToFix() == null ? "" : item.howToFix());
                row.createCell(c++).setCellValue(item.deadline() == null ? "" : item.deadline().toString());
                row.createCell(c++).setCellValue(item.stateLabel());
                row.createCell(c++).setCellValue(item.answers().size());
                var answer = item.lastAnswer();
                row.createCell(c++).setCellValue(answer == null ? "" : beijing(answer.answeredAt()));
                row.createCell(c++).setCellValue(answer == null ? "" : answer.text());
                row.createCell(c++).setCellValue(answer == null || answer.url() == null ? "" : answer.url());
                row.createCell(c++).setCellValue(answer == null ? "" : String.join("、",
                        answer.files().stream().map(f -> f.fileName()).toList()));
                row.createCell(c++).setCellValue(item.recaptures().size());
                var decision = item.lastDecision();
                row.createCell(c++).setCellValue(decision == null ? "" : decision.label());
                row.createCell(c++).setCellValue(decision == null ? "" : decision.reason());
                row.createCell(c++).setCellValue(decision == null ? "" : decision.decidedBy());
                row.createCell(c).setCellValue(decision == null ? "" : beijing(decision.decidedAt()));
                r++;
            }
            workbook.write(out);
            workbook.dispose();
        }
    }

    private static String beijing(LocalDateTime utc) {
        return Rectifications.beijing(utc);
    }
}
