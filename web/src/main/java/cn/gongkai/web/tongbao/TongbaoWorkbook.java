package cn.gongkai.web.tongbao;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Component;

/**
 * The 通报's annex tables as xlsx, one sheet per table: 等次名单 (every unit, group by group in rank order),
 * 负面清单 (one row per reason) and 典型问题. Row 1 of each sheet says which published results it holds, row 2 is the
 * header, the data start on row 3. Streamed (SXSSF) like the results workbook, as a province's round is large.
 */
@Component
class TongbaoWorkbook {

    static final String GRADES = "等次名单";
    static final String NEGATIVES = "负面清单";
    static final String PROBLEMS = "典型问题";

    void write(TongbaoFacts.Facts facts, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle decimal = workbook.createCellStyle();
            decimal.setDataFormat(workbook.createDataFormat().getFormat("0.00"));
            String source = facts.roundName() + "（第 " + facts.version() + " 版已发布结果，发布于 "
                    + TongbaoTexts.day(facts.publishedAt().toLocalDate()) + "）";

            Sheet grades = sheet(workbook, GRADES, "附表1 等次名单：" + source, header,
                    List.of("分组", "组内名次", "单位代码", "单位名称", "总分", "等次", "是否列入负面清单"));
            int r = 2;
            for (TongbaoFacts.Group group : facts.groups()) {
                for (TongbaoFacts.Unit unit : group.units()) {
                    Row row = grades.createRow(r++);
                    row.createCell(0).setCellValue(group.name());
                    row.createCell(1).setCellValue(unit.rank());
                    row.createCell(2).setCellValue(unit.code());
                    row.createCell(3).setCellValue(unit.name());
                    Cell total = row.createCell(4);
                    total.setCellValue(unit.total().doubleValue());
                    total.setCellStyle(decimal);
                    row.createCell(5).setCellValue(unit.grade());
                    row.createCell(6).setCellValue(unit.negativeList() ? "是" : "否");
                }
            }

            Sheet negatives = sheet(workbook, NEGATIVES, "附表2 负面清单：" + source, header,
                    List.of("序号", "分组", "组内名次", "单位代码", "单位名称", "评估点", "列入原因"));
            r = 2;
            for (TongbaoFacts.Negative n : facts.negatives()) {
                Row row = negatives.createRow(r);
                row.createCell(0).setCellValue(r - 1);
                row.createCell(1).setCellValue(n.group());
                row.createCell(2).setCellValue(n.rank());
                row.createCell(3).setCellValue(n.unitCode());
                row.createCell(4).setCellValue(n.unitName());
                row.createCell(5).setCellValue(n.pointCode());
                row.createCell(6).setCellValue(n.reason());
                r++;
            }

            Sheet problems = sheet(workbook, PROBLEMS, "附表3 典型问题（扣分单位最多的 " + TongbaoFacts.PROBLEMS
                    + " 个评估点）：" + source, header, List.of("序号", "评估点代码", "评估点", "所属领域", "满分",
                    "扣分单位数", "不得分单位数", "适用单位数", "合计扣分", "典型单位", "整改建议"));
            r = 2;
            for (TongbaoFacts.Problem p : facts.problems()) {
                Row row = problems.createRow(r);
                row.createCell(0).setCellValue(r - 1);
                row.createCell(1).setCellValue(p.pointCode());
                row.createCell(2).setCellValue(p.pointText());
                row.createCell(3).setCellValue(p.area());
                row.createCell(4).setCellValue(p.maxScore().doubleValue());
                row.createCell(5).setCellValue(p.deducted());
                row.createCell(6).setCellValue(p.failed());
                row.createCell(7).setCellValue(p.applicable());
                Cell lost = row.createCell(8);
                lost.setCellValue(p.marksLost().doubleValue());
                lost.setCellStyle(decimal);
                row.createCell(9).setCellValue(String.join("、", p.examples()));
                row.createCell(10).setCellValue(p.howToFix() == null ? "" : p.howToFix());
                r++;
            }
            workbook.write(out);
            workbook.dispose();
        }
    }

    private static Sheet sheet(SXSSFWorkbook workbook, String name, String caption, CellStyle style, List<String> titles) {
        Sheet sheet = workbook.createSheet(name);
        sheet.createRow(0).createCell(0).setCellValue(caption);
        Row row = sheet.createRow(1);
        for (int i = 0; i < titles.size(); i++) {
            Cell cell = row.createCell(i);
            cell.setCellValue(titles.get(i));
            cell.setCellStyle(style);
        }
        sheet.createFreezePane(0, 2);
        return sheet;
    }
}
