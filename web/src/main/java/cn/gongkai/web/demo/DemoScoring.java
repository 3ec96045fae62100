package cn.gongkai.web.demo;

import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.scoring.PendingPoints;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.scoring.publish.Publisher;
import cn.gongkai.scoring.publish.Snapshot;
import cn.gongkai.web.citizen.CitizenScores;
import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundPipeline;
import cn.gongkai.web.round.RunRoundCommand;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import cn.gongkai.web.workbench.ManualScores;
import cn.gongkai.web.workbench.Reviews;
import cn.gongkai.web.workbench.SecondReviews;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What people do in a demo round, done by the demo accounts through the workbench's own paths, so that the demo
 * round ends complete and publishable without bending a rule: the demo evaluator fills in the MANUAL score sheet and
 * imports it, the demo department scorer does the same for the DEPARTMENT points, the citizens' satisfaction scores
 * come in as the 公众评价 import, and the demo evaluator reviews every finding still open (confirms the vetoes the
 * checkers found, decides what a checker left UNCERTAIN). Every entry says it is demo data, and is in the audit log
 * as any other.
 *
 * <p>The scores are drawn from a seed, so the same seed gives the same round: each unit gets a diligence (how much of
 * the work people judge it did fully), and each of its points is then full, half or nothing by that diligence, so
 * units differ from one another as real ones do, and no unit gets every mark.
 */
@Service
public class DemoScoring {

    private static final Logger log = LoggerFactory.getLogger(DemoScoring.class);

    /** Every demo account has this password; README.md lists the accounts. */
    public static final String DEMO_PASSWORD = "gongkai-demo";
    public static final String EVALUATOR = "evaluator";
    public static final String SCORER = "scorer";

    /** Seeds the demo uses: this year's round, and the previous year's. */
    public static final long SEED = 2026;
    public static final long PREVIOUS_SEED = 2025;

    private static final String NOTE = "演示数据（种子 %d）：演示评分人录入，非真实评估";

    private final DSLContext dsl;
    private final UserAccounts accounts;
    private final ManualScores manualScores;
    private final CitizenScores citizenScores;
    private final Reviews reviews;
    private final SecondReviews secondReviews;
    private final RoundScorer scorer;
    private final RoundLifecycle lifecycle;
    private final Publisher publisher;
    private final RoundImporter importer;
    private final RoundPipeline pipeline;

    DemoScoring(DSLContext dsl, UserAccounts accounts, ManualScores manualScores, CitizenScores citizenScores,
                Reviews reviews, SecondReviews secondReviews, RoundScorer scorer, RoundLifecycle lifecycle,
                Publisher publisher, RoundImporter importer, RoundPipeline pipeline) {
        this.importer = importer;
        this.pipeline = pipeline;
        this.dsl = dsl;
        this.accounts = accounts;
        this.manualScores = manualScores;
        this.citizenScores = citizenScores;
        this.reviews = reviews;
        this.secondReviews = secondReviews;
        this.scorer = scorer;
        this.lifecycle = lifecycle;
        this.publisher = publisher;
    }

    /** evaluator, leader, scorer, and one account per unit of the round named by the unit's code. */
    public void createAccounts(long roundId) {
        account(EVALUATOR, "演示评估人员", null, Role.EVALUATOR);
        account("leader", "演示领导", null, Role.LEADER);
        account(SCORER, "演示主管部门评分人", null, Role.DEPARTMENT_SCORER);
        dsl.select(UNIT.ID, UNIT.CODE, UNIT.NAME).from(UNIT).join(ROUND_UNIT).on(ROUND_UNIT.UNIT_ID.eq(UNIT.ID))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId))
                .forEach(unit -> account(unit.value2(), unit.value3(), unit.value1(), Role.COUNTY));
    }

    private void account(String username, String displayName, Long unitId, Role role) {
        if (!accounts.exists(username)) {
            accounts.create("demo", username, displayName, DEMO_PASSWORD, unitId, EnumSet.of(role));
        }
    }

    /**
     * The people's part of a captured, checked and scored round (status 复核中): scores, citizens' scores and reviews,
     * then a rescore. Returns how many points are still 待评 (0 for the demo catalog on the sandbox).
     */
    public int score(long roundId, long seed) {
        createAccounts(roundId);
        GongkaiUser evaluator = accounts.loadUserByUsername(EVALUATOR);
        GongkaiUser departmentScorer = accounts.loadUserByUsername(SCORER);
        int manual = manualScores.importXlsx(evaluator, roundId,
                new ByteArrayInputStream(filledSheet(roundId, "MANUAL", seed)));
        int department = manualScores.importXlsx(departmentScorer, roundId,
                new ByteArrayInputStream(filledSheet(roundId, "DEPARTMENT", seed)));
        var citizens = citizenScores.importFile(EVALUATOR, roundId, "演示公众满意度测评.csv", satisfactionCsv(roundId, seed));
        scorer.score(roundId);
        int reviewed = reviewOpenFindings(roundId, evaluator, seed);
        scorer.score(roundId);
        int pending = new PendingPoints(dsl).count(roundId);
        log.info("Demo round {} (seed {}): {} manual and {} department scores, {} citizens' scores, {} findings reviewed;"
                + " {} points still 待评", roundId, seed, manual, department, citizens.scores(), reviewed, pending);
        return pending;
    }

    /**
     * Imports the demo round definition as of {@code referenceDate} (named {@code name}), captures, checks and scores
     * it against {@code sandbox}, then does the people's part with {@code seed}: see {@link #score}. Returns the
     * round's id; the round is left 复核中, complete unless something in the sandbox changed.
     */
    public long runRound(String yaml, Sandbox sandbox, LocalDate referenceDate, String name, long seed) {
        RoundDefinition parsed = RoundDefinition.parse(yaml, code -> RunRoundCommand.sandboxUrl(sandbox, code));
        RoundDefinition definition = new RoundDefinition(name == null ? parsed.name() : name, referenceDate,
                parsed.period(), parsed.indicatorSystem(), parsed.points(), parsed.allowPrivateAddresses(),
                parsed.crawlDelayMs(), parsed.crawl(), parsed.confirmVetoes(), parsed.groups(), parsed.policy());
        long roundId = importer.importRound(definition, yaml, "demo", "演示轮次");
        createAccounts(roundId);
        pipeline.run(roundId);
        score(roundId, seed);
        return roundId;
    }

    /** Moves a complete demo round on to 反馈申诉期 and publishes it as the workbench's 发布 does. */
    public Snapshot publish(long roundId) {
        if (lifecycle.status(roundId) == RoundStatus.REVIEWING) {
            lifecycle.move(roundId, RoundStatus.FEEDBACK, EVALUATOR, "演示：复核完成，进入反馈申诉期");
        }
        if (secondReviews.outstanding(roundId) > 0) {
            throw new IllegalStateException("演示轮次的复核抽查未完成，不能发布");
        }
        Snapshot snapshot = publisher.publish(roundId, EVALUATOR, "演示：发布评估结果");
        lifecycle.move(roundId, RoundStatus.FINAL, EVALUATOR, "演示：发布评估结果");
        return snapshot;
    }

    /**
     * The round's score sheet of {@code method} as the workbench exports it, with every row's 得分 and 说明 filled in
     * as a scorer would before importing it back.
     */
    private byte[] filledSheet(long roundId, String method, long seed) {
        Map<String, Boolean> vetoPoints = dsl.select(EVALUATION_POINT.CODE, EVALUATION_POINT.VETO).from(EVALUATION_POINT)
                .join(cn.gongkai.sql.jooq.Tables.ROUND_POINT).on(cn.gongkai.sql.jooq.Tables.ROUND_POINT.POINT_ID
                        .eq(EVALUATION_POINT.ID))
                .where(cn.gongkai.sql.jooq.Tables.ROUND_POINT.ROUND_ID.eq(roundId))
                .fetchMap(EVALUATION_POINT.CODE, r -> Boolean.TRUE.equals(r.value2()));
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(manualScores.exportXlsx(roundId, method)));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.getSheetAt(0);
            // 单位代码, 单位名称, 评估点代码, 评估点, 满分, 得分, 说明 (the sheet's header, row 0)
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null || row.getCell(0) == null) {
                    continue;
                }
                String unit = row.getCell(0).getStringCellValue();
                String point = row.getCell(2).getStringCellValue();
                BigDecimal max = new BigDecimal(row.getCell(4).getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                        ? String.valueOf(row.getCell(4).getNumericCellValue()) : row.getCell(4).getStringCellValue());
                // A MANUAL veto point is only ever zeroed by a veto hit with its evidence: the demo finds none.
                double fraction = Boolean.TRUE.equals(vetoPoints.get(point)) ? 1 : fraction(seed, unit, point);
                BigDecimal score = max.multiply(BigDecimal.valueOf(fraction)).setScale(3, RoundingMode.HALF_UP)
                        .stripTrailingZeros();
                row.createCell(5).setCellValue(score.doubleValue());
                row.createCell(6).setCellValue(NOTE.formatted(seed));
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 单位代码, 满意度: one satisfaction score (0–100) per unit, from the unit's diligence. */
    private byte[] satisfactionCsv(long roundId, long seed) {
        StringBuilder csv = new StringBuilder("单位代码,满意度,说明\n");
        for (String unit : dsl.select(UNIT.CODE).from(UNIT).join(ROUND_UNIT).on(ROUND_UNIT.UNIT_ID.eq(UNIT.ID))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId)).orderBy(UNIT.CODE).fetch(UNIT.CODE)) {
            double satisfaction = 50 + 50 * diligence(seed, unit) + 4 * (draw(seed, unit, "satisfaction") - 0.5);
            csv.append(unit).append(',').append(BigDecimal.valueOf(satisfaction).setScale(1, RoundingMode.HALF_UP)
                    .toPlainString()).append(',').append("演示数据（种子 ").append(seed).append("）：模拟的群众满意度测评，非真实调查\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The demo evaluator's review of every finding that leaves a point 待评, as the review queue's 确认 and 改判 do: a
     * veto FAIL a checker found is confirmed (the planted defects are real); what a checker could not settle
     * (UNCERTAIN: a site that robots.txt keeps out, a feed bridge that failed, a document it could not read) is
     * decided as if checked by hand, with a reason saying it is the demo's review.
     */
    private int reviewOpenFindings(long roundId, GongkaiUser evaluator, long seed) {
        int reviewed = 0;
        for (PendingPoints.Unit unit : new PendingPoints(dsl).list(roundId)) {
            for (PendingPoints.Point point : unit.points()) {
                if (point.findingId() == null) {
                    continue;
                }
                var finding = dsl.select(FINDING.STATUS, EVALUATION_POINT.VETO).from(FINDING)
                        .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                        .where(FINDING.ID.eq(point.findingId())).fetchOne();
                if ("FAIL".equals(finding.value1())) {
                    reviews.confirm(point.findingId(), evaluator.id(), EVALUATOR,
                            "演示复核：核对采集证据，确认否决情形属实");
                } else {
                    double fraction = Boolean.TRUE.equals(finding.value2()) ? 1 : fraction(seed, unit.unitCode(),
                            point.code());
                    String status = fraction >= 1 ? "PASS" : fraction <= 0 ? "FAIL" : "PARTIAL";
                    reviews.override(point.findingId(), evaluator.id(), EVALUATOR, status,
                            status.equals("PARTIAL") ? BigDecimal.valueOf(fraction) : null,
                            "演示复核：机器未能定论（" + point.reason() + "），由演示评估人员按人工核查的情形改判（演示数据）");
                }
                reviewed++;
            }
        }
        return reviewed;
    }

    /** Full, half or nothing of a point for a unit: full with the unit's diligence, else half or nothing alike. */
    static double fraction(long seed, String unit, String point) {
        double d = diligence(seed, unit);
        double r = draw(seed, unit, point);
        return r < d ? 1 : r < d + (1 - d) / 2 ? 0.5 : 0;
    }

    /**
     * How much of its work people judge a unit did fully: 0.30 to 0.95, fixed by the seed and the unit. People's
     * points are about 60 of a unit's 100 marks, so this spreads the totals over about 30 marks, as real rounds are.
     */
    static double diligence(long seed, String unit) {
        return 0.30 + 0.65 * draw(seed, unit, "diligence");
    }

    /** A number in [0, 1) fixed by its inputs (SplitMix64 over their hash), the same on every machine. */
    static double draw(long seed, String unit, String what) {
        long z = seed * 0x9E3779B97F4A7C15L + (unit + "\u0000" + what).hashCode();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

}
