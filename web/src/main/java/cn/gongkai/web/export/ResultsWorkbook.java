package cn.gongkai.web.export;

import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;

import cn.gongkai.web.policy.GradeScale;
import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.visibility.ResultTables;
import cn.gongkai.web.visibility.ResultView;
import java.io.IOException;
import java.io.OutputStream;
import cn.gongkai.scoring.PendingPoints;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * A round's results as xlsx: sheet 排名 (one row per unit, group by group) and sheet 评估点得分 (one row per unit, one
 * column per evaluation point; an empty cell where the point does not apply). Streams rows, so a province-sized
 * round does not sit in memory as a DOM.
 */
@Component
class ResultsWorkbook {

    static final String RANKING_SHEET = "排名";
    static final String POINTS_SHEET = "评估点得分";

    private record Point(long id, String code, String area, String text, BigDecimal max) {
    }

    private final DSLContext dsl;
    private final Rankings rankings;
    private final GradeScale scale;

    ResultsWorkbook(DSLContext dsl, Rankings rankings, GradeScale scale) {
        this.dsl = dsl;
        this.rankings = rankings;
        this.scale = scale;
    }

    /** Writes the workbook; returns false (writing nothing) when the round has no results. */
    boolean write(ResultView view, OutputStream out) throws IOException {
        long roundId = view.roundId();
        List<Rankings.Row> rows = rankings.of(view);
        if (rows.isEmpty()) {
            return false;
        }
        Map<Long, Object[]> uncertainty = new HashMap<>();
        ResultTables.Units results = ResultTables.units(view);
        dsl.select(results.unitId(), results.medianRank(), results.p05Rank(), results.p95Rank()).from(results.table())
                .where(results.medianRank().isNotNull())
                .forEach(r -> uncertainty.put(r.value1(), new Object[] {r.value2(), r.value3(), r.value4()}));
        List<Point> points = dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.CODE, INDICATOR_AREA.NAME,
                        EVALUATION_POINT.TEXT, EVALUATION_POINT.MAX_SCORE)
                .from(ROUND_POINT)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .join(INDICATOR).on(INDICATOR.ID.eq(EVALUATION_POINT.INDICATOR_ID))
                .join(INDICATOR_AREA).on(INDICATOR_AREA.ID.eq(INDICATOR.AREA_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId))
                .orderBy(INDICATOR_AREA.ORDINAL, INDICATOR.ORDINAL, EVALUATION_POINT.ORDINAL)
                .fetch(r -> new Point(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
        Map<Long, Integer> column = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            column.put(points.get(i).id(), i);
        }
        Map<Long, BigDecimal[]> scores = new HashMap<>();
        ResultTables.Points pointScores = ResultTables.points(view);
        dsl.select(pointScores.unitId(), pointScores.pointId(), pointScores.score()).from(pointScores.table())
                .forEach(r -> {
                    Integer c = column.get(r.value2());
                    if (c != null) {
                        scores.computeIfAbsent(r.value1(), k -> new BigDecimal[points.size()])[c] = r.value3();
                    }
                });

        // 待评 cells say so rather than stay empty like a point that does not apply; snapshots hold none.
        Map<Long, java.util.Set<Long>> pending = new HashMap<>();
        if (!view.published() && rows.stream().anyMatch(Rankings.Row::pending)) {
            new PendingPoints(dsl).list(roundId).forEach(u -> u.points().forEach(pt ->
                    pending.computeIfAbsent(u.unitId(), k -> new java.util.HashSet<>()).add(pt.pointId())));
        }

        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle decimal = workbook.createCellStyle();
            decimal.setDataFormat(workbook.createDataFormat().getFormat("0.00"));

            Sheet ranking = workbook.createSheet(RANKING_SHEET);
            // The first line says whose results these are: a workbook travels without the page that labelled it.
            ranking.createRow(0).createCell(0).setCellValue("本表内容：" + view.label());
            // The round's 待改进 category is announced apart, as the negative list is: a column of its own.
            String improvement = scale.improvementLabel(roundId);
            List<String> titles0 = new ArrayList<>(List.of("分组", "组内名次", "单位代码", "单位名称", "总分", "等次",
                    "负面清单", "列入负面清单原因", "中位名次", "名次5%分位", "名次95%分位"));
            if (improvement != null) {
                titles0.add("列入「" + improvement + "」");
            }
            headerRow(ranking, header, 1, titles0);
            int r = 2;
            for (Rankings.Row row : rows) {
                Row line = ranking.createRow(r++);
                line.createCell(0).setCellValue(row.groupName());
                // a unit with 待评 points is not ranked: its total is provisional and its grade 待评
                if (!row.pending()) {
                    line.createCell(1).setCellValue(row.rank());
                }
                line.createCell(2).setCellValue(row.unitCode());
                line.createCell(3).setCellValue(row.unitName());
                // nor is its provisional total a result: the cell stays empty, as in run-round's CSV
                if (!row.pending()) {
                    Cell total = line.createCell(4);
                    total.setCellValue(row.total().doubleValue());
                    total.setCellStyle(decimal);
                }
                line.createCell(5).setCellValue(row.grade());
                line.createCell(6).setCellValue(row.negativeList() ? "是" : "否");
                line.createCell(7).setCellValue(row.negativeReasons());
                Object[] u = uncertainty.get(row.unitId());
                if (u != null) {
                    line.createCell(8).setCellValue(((BigDecimal) u[0]).doubleValue());
                    line.createCell(9).setCellValue((Integer) u[1]);
                    line.createCell(10).setCellValue((Integer) u[2]);
                }
                if (improvement != null) {
                    line.createCell(11).setCellValue(improvement.equals(row.grade()) ? "是" : "否");
                }
            }
            ranking.createFreezePane(0, 2);

            Sheet pointSheet = workbook.createSheet(POINTS_SHEET);
            List<String> titles = new ArrayList<>(List.of("分组", "单位代码", "单位名称", "总分"));
            points.forEach(p -> titles.add(p.code() + " " + p.text() + "（" + p.area() + "，满分"
                    + p.max().stripTrailingZeros().toPlainString() + "）"));
            headerRow(pointSheet, header, 0, titles);
            r = 1;
            for (Rankings.Row row : rows) {
                Row line = pointSheet.createRow(r++);
                line.createCell(0).setCellValue(row.groupName());
                line.createCell(1).setCellValue(row.unitCode());
                line.createCell(2).setCellValue(row.unitName());
                if (!row.pending()) {
                    Cell total = line.createCell(3);
                    total.setCellValue(row.total().doubleValue());
                    total.setCellStyle(decimal);
                }
                BigDecimal[] unitScores = scores.get(row.unitId());
                java.util.Set<Long> unitPending = pending.getOrDefault(row.unitId(), java.util.Set.of());
                for (int c = 0; c < points.size(); c++) {
                    if (unitPending.contains(points.get(c).id())) {
                        line.createCell(4 + c).setCellValue("待评");
                    } else if (unitScores != null && unitScores[c] != null) {
                        Cell cell = line.createCell(4 + c);
                        cell.setCellValue(unitScores[c].doubleValue());
                        cell.setCellStyle(decimal);
                    }
                }
            }
            pointSheet.createFreezePane(4, 1);
            workbook.write(out);
            workbook.dispose();
        }
        return true;
    }

    private static void headerRow(Sheet sheet, CellStyle style, int rowIndex, List<String> titles) {
        Row row = sheet.createRow(rowIndex);
        for (int i = 0; i < titles.size(); i++) {
            Cell cell = row.createCell(i);
            cell.setCellValue(titles.get(i));
            cell.setCellStyle(style);
        }
    }
}
