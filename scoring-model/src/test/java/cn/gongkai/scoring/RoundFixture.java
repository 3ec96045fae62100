package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_SYSTEM;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;

/** Builds indicator systems, rounds, units and findings for scoring tests, one row at a time. */
public final class RoundFixture {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Inputs are dated in the past, so a run's computed_at is always later than them. */
    static final LocalDateTime INPUT_TIME = LocalDateTime.of(2020, 1, 2, 9, 0);

    private final DSLContext dsl;
    public final long systemId;
    private long reviewer;

    public RoundFixture(DSLContext dsl) {
        this.dsl = dsl;
        LocalDateTime now = LocalDateTime.of(2026, 11, 29, 8, 0);
        systemId = dsl.insertInto(INDICATOR_SYSTEM, INDICATOR_SYSTEM.CODE, INDICATOR_SYSTEM.VERSION,
                        INDICATOR_SYSTEM.NAME, INDICATOR_SYSTEM.CREATED_AT)
                .values("t" + SEQUENCE.incrementAndGet(), 1, "测试指标体系", now)
                .returning(INDICATOR_SYSTEM.ID).fetchOne().getId();
    }

    public long round() {
        return dsl.insertInto(ASSESSMENT_ROUND, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.PERIOD_START,
                        ASSESSMENT_ROUND.PERIOD_END, ASSESSMENT_ROUND.REFERENCE_DATE,
                        ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, ASSESSMENT_ROUND.STATUS, ASSESSMENT_ROUND.CONFIG_YAML,
                        ASSESSMENT_ROUND.CREATED_AT)
                .values("测试轮次", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), LocalDate.of(2026, 11, 29),
                        systemId, "REVIEWING", "{}", LocalDateTime.of(2026, 11, 29, 8, 0))
                .returning(ASSESSMENT_ROUND.ID).fetchOne().getId();
    }

    public long area(String code) {
        return dsl.insertInto(INDICATOR_AREA, INDICATOR_AREA.SYSTEM_ID, INDICATOR_AREA.CODE, INDICATOR_AREA.NAME,
                        INDICATOR_AREA.ORDINAL)
                .values(systemId, code, "领域" + code, 1).returning(INDICATOR_AREA.ID).fetchOne().getId();
    }

    public long indicator(long area, String code, String max) {
        return dsl.insertInto(INDICATOR, INDICATOR.AREA_ID, INDICATOR.CODE, INDICATOR.NAME, INDICATOR.MAX_SCORE,
                        INDICATOR.ORDINAL)
                .values(area, code, "指标" + code, new BigDecimal(max), 1).returning(INDICATOR.ID).fetchOne().getId();
    }

    public PointBuilder point(long indicator, String code, String max) {
        return new PointBuilder(indicator, code, max);
    }

    public final class PointBuilder {
        private final long indicator;
        private final String code;
        private final String max;
        private String rule = "BINARY";
        private String params;
        private String method = "AUTO";
        private boolean veto;
        private boolean bonus;
        private String appliesTo = "COUNTY_GOVERNMENT,DEPARTMENT,TOWNSHIP";

        PointBuilder(long indicator, String code, String max) {
            this.indicator = indicator;
            this.code = code;
            this.max = max;
        }

        public PointBuilder rule(String rule, String params) {
            this.rule = rule;
            this.params = params;
            return this;
        }

        public PointBuilder method(String method) {
            this.method = method;
            return this;
        }

        public PointBuilder veto() {
            this.veto = true;
            return this;
        }

        public PointBuilder bonus() {
            this.bonus = true;
            return this;
        }

        public PointBuilder appliesTo(String types) {
            this.appliesTo = types;
            return this;
        }

        public long create() {
            return dsl.insertInto(EVALUATION_POINT, EVALUATION_POINT.INDICATOR_ID, EVALUATION_POINT.CODE,
                            EVALUATION_POINT.TEXT, EVALUATION_POINT.MAX_SCORE, EVALUATION_POINT.SCORING_RULE,
                            EVALUATION_POINT.RULE_PARAMS, EVALUATION_POINT.METHOD, EVALUATION_POINT.VETO,
                            EVALUATION_POINT.VETO_REASON, EVALUATION_POINT.APPLIES_TO, EVALUATION_POINT.BONUS,
                            EVALUATION_POINT.ORDINAL)
                    .values(indicator, code, "测试点 " + code, new BigDecimal(max), rule, params, method, veto,
                            veto ? "否决项" + code : null, appliesTo, bonus, 1)
                    .returning(EVALUATION_POINT.ID).fetchOne().getId();
        }
    }

    public void include(long roundId, long... points) {
        for (long p : points) {
            dsl.insertInto(ROUND_POINT, ROUND_POINT.ROUND_ID, ROUND_POINT.POINT_ID).values(roundId, p).execute();
        }
    }

    public long group(String code, String type) {
        return dsl.insertInto(UNIT_GROUP, UNIT_GROUP.CODE, UNIT_GROUP.NAME, UNIT_GROUP.UNIT_TYPE)
                .values(code + SEQUENCE.incrementAndGet(), "组" + code, type).returning(UNIT_GROUP.ID).fetchOne().getId();
    }

    public long unit(String code, String type) {
        return dsl.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE)
                .values(code + "-" + SEQUENCE.incrementAndGet(), "单位" + code, type)
                .returning(UNIT.ID).fetchOne().getId();
    }

    public void enrol(long roundId, long unit, long group) {
        dsl.insertInto(ROUND_UNIT, ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID)
                .values(roundId, unit, group).execute();
    }

    public long unitIn(long roundId, long group, String code, String type) {
        long unit = unit(code, type);
        enrol(roundId, unit, group);
        return unit;
    }

    public long finding(long roundId, long unit, long point, String status, String fraction, String measured) {
        return dsl.insertInto(FINDING, FINDING.ROUND_ID, FINDING.UNIT_ID, FINDING.POINT_ID, FINDING.STATUS,
                        FINDING.SCORE_FRACTION, FINDING.MEASURED_VALUE, FINDING.MESSAGE, FINDING.CHECKED_AT)
                .values(roundId, unit, point, status, fraction == null ? null : new BigDecimal(fraction), measured,
                        "检查结果" + status, INPUT_TIME)
                .returning(FINDING.ID).fetchOne().getId();
    }

    public long finding(long roundId, long unit, long point, String status) {
        return finding(roundId, unit, point, status, null, null);
    }

    public void review(long finding, String decision, String status, String fraction, int minute) {
        if (reviewer == 0) {
            reviewer = dsl.insertInto(APP_USER, APP_USER.USERNAME, APP_USER.PASSWORD_HASH, APP_USER.DISPLAY_NAME,
                            APP_USER.CREATED_AT)
                    .values("reviewer" + SEQUENCE.incrementAndGet(), "x", "复核员", INPUT_TIME)
                    .returning(APP_USER.ID).fetchOne().getId();
        }
        dsl.insertInto(REVIEW, REVIEW.FINDING_ID, REVIEW.REVIEWER_ID, REVIEW.KIND, REVIEW.DECISION, REVIEW.STATUS,
                        REVIEW.SCORE_FRACTION, REVIEW.REASON, REVIEW.REVIEWED_AT)
                .values(finding, reviewer, "FIRST", decision, status, fraction == null ? null : new BigDecimal(fraction),
                        "复核", INPUT_TIME.plusMinutes(minute))
                .execute();
    }

    public void manual(long roundId, long unit, long point, String score, String source, int minute) {
        dsl.insertInto(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID, MANUAL_SCORE.UNIT_ID, MANUAL_SCORE.POINT_ID,
                        MANUAL_SCORE.SCORE, MANUAL_SCORE.SOURCE, MANUAL_SCORE.ENTERED_BY, MANUAL_SCORE.ENTERED_AT,
                        MANUAL_SCORE.REASON)
                .values(roundId, unit, point, score == null ? null : new BigDecimal(score), source, "评估员",
                        INPUT_TIME.plusMinutes(minute), "材料评审")
                .execute();
    }

    /** A person's veto hit on a veto point: score 0, with the reason; returns the manual score's id. */
    public long vetoHit(long roundId, long unit, long point, String source, String reason, int minute) {
        return dsl.insertInto(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID, MANUAL_SCORE.UNIT_ID, MANUAL_SCORE.POINT_ID,
                        MANUAL_SCORE.SCORE, MANUAL_SCORE.SOURCE, MANUAL_SCORE.ENTERED_BY, MANUAL_SCORE.ENTERED_AT,
                        MANUAL_SCORE.REASON, MANUAL_SCORE.VETO_HIT)
                .values(roundId, unit, point, BigDecimal.ZERO, source, "评估员", INPUT_TIME.plusMinutes(minute), reason,
                        true)
                .returning(MANUAL_SCORE.ID).fetchOne().getId();
    }

    /** Whether a veto FAIL from any checker needs an evaluator's confirmation (on by default). */
    public void confirmVetoes(long roundId, boolean confirm) {
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.CONFIRM_VETOES, confirm)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
    }

    /** total|rank|grade|negative list|max score of a unit's result. */
    public String result(long roundId, long unit) {
        var r = dsl.selectFrom(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId)).and(UNIT_RESULT.UNIT_ID.eq(unit))
                .fetchOne();
        return r.getTotal().setScale(3) + "|" + r.getRankInGroup() + "|" + r.getGrade() + "|" + r.getNegativeList()
                + "|" + r.getMaxScore().setScale(3);
    }

    /** score/source of one point, e.g. "6.000/FINDING", or "null/MANUAL" when it does not apply. */
    public String pointScore(long roundId, long unit, long point) {
        var r = dsl.select(POINT_SCORE.SCORE, POINT_SCORE.SOURCE).from(POINT_SCORE)
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(POINT_SCORE.UNIT_ID.eq(unit))
                .and(POINT_SCORE.POINT_ID.eq(point)).fetchOne();
        return (r.value1() == null ? "null" : r.value1().setScale(3).toPlainString()) + "/" + r.value2();
    }

    public BigDecimal total(long roundId, long unit) {
        return dsl.select(UNIT_RESULT.TOTAL).from(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(UNIT_RESULT.UNIT_ID.eq(unit)).fetchOne(UNIT_RESULT.TOTAL);
    }

    public String grade(long roundId, long unit) {
        return dsl.select(UNIT_RESULT.GRADE).from(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(UNIT_RESULT.UNIT_ID.eq(unit)).fetchOne(UNIT_RESULT.GRADE);
    }
}
