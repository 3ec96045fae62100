package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_SYSTEM;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.sql.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoundScorerIT {

    private final DSLContext dsl = TestDatabase.get().dsl();
    private long roundId;
    private long groupId;
    private long vetoPoint;
    private long plainPoint;
    private long departmentOnlyPoint;

    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        LocalDateTime now = LocalDateTime.of(2026, 11, 29, 8, 0);
        long system = dsl.insertInto(INDICATOR_SYSTEM, INDICATOR_SYSTEM.CODE, INDICATOR_SYSTEM.VERSION,
                INDICATOR_SYSTEM.NAME, INDICATOR_SYSTEM.CREATED_AT).values("t", 1, "测试指标体系", now)
                .returning(INDICATOR_SYSTEM.ID).fetchOne().getId();
        long area = dsl.insertInto(INDICATOR_AREA, INDICATOR_AREA.SYSTEM_ID, INDICATOR_AREA.CODE, INDICATOR_AREA.NAME,
                INDICATOR_AREA.ORDINAL).values(system, "ptjs", "平台建设", 1).returning(INDICATOR_AREA.ID).fetchOne().getId();
        long indicator = dsl.insertInto(INDICATOR, INDICATOR.AREA_ID, INDICATOR.CODE, INDICATOR.NAME,
                INDICATOR.MAX_SCORE, INDICATOR.ORDINAL).values(area, "gx", "网站更新", new BigDecimal("30"), 1)
                .returning(INDICATOR.ID).fetchOne().getId();
        vetoPoint = point(indicator, "homepage", "10", true, "COUNTY_GOVERNMENT,DEPARTMENT");
        plainPoint = point(indicator, "columns", "10", false, "COUNTY_GOVERNMENT,DEPARTMENT");
        departmentOnlyPoint = point(indicator, "services", "10", false, "DEPARTMENT");
        roundId = dsl.insertInto(ASSESSMENT_ROUND, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.PERIOD_START,
                        ASSESSMENT_ROUND.PERIOD_END, ASSESSMENT_ROUND.REFERENCE_DATE, ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID,
                        ASSESSMENT_ROUND.STATUS, ASSESSMENT_ROUND.CONFIG_YAML, ASSESSMENT_ROUND.CREATED_AT)
                .values("测试轮次", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), LocalDate.of(2026, 11, 29),
                        system, "REVIEWING", "{}", now)
                .returning(ASSESSMENT_ROUND.ID).fetchOne().getId();
        for (long p : new long[] {vetoPoint, plainPoint, departmentOnlyPoint}) {
            dsl.insertInto(ROUND_POINT, ROUND_POINT.ROUND_ID, ROUND_POINT.POINT_ID).values(roundId, p).execute();
        }
        groupId = dsl.insertInto(UNIT_GROUP, UNIT_GROUP.CODE, UNIT_GROUP.NAME, UNIT_GROUP.UNIT_TYPE)
                .values("counties", "区县政府", "COUNTY_GOVERNMENT").returning(UNIT_GROUP.ID).fetchOne().getId();
    }

    @Test
    void ranksWithTiesPutsVetoedUnitOnNegativeListAndRescalesForPointsThatDoNotApply() {
        Map<String, Long> units = new LinkedHashMap<>();
        for (String code : new String[] {"a", "b", "c", "d", "e"}) {
            units.put(code, unit(code));
        }
        // a: all pass → 100; b and c: plain point failed → 50 each (a tie); d: veto failed → 50 and negative list;
        // e: plain point partial 0.5 → 0 on a BINARY point (all or nothing) → 50.
        finding(units.get("b"), plainPoint, "FAIL", null);
        finding(units.get("c"), plainPoint, "FAIL", null);
        confirmedVetoFail(units.get("d"));
        finding(units.get("e"), plainPoint, "PARTIAL", new BigDecimal("0.5"));
        finding(units.get("a"), vetoPoint, "PASS", null);
        finding(units.get("a"), plainPoint, "PASS", null);
        finding(units.get("b"), vetoPoint, "PASS", null);
        finding(units.get("c"), vetoPoint, "PASS", null);
        finding(units.get("d"), plainPoint, "PASS", null);
        finding(units.get("e"), vetoPoint, "PASS", null);

        ScoringSummary summary = new RoundScorer(dsl, GradingPolicy.defaults()).score(roundId);

        assertThat(summary.units()).isEqualTo(5);
        assertThat(summary.negativeListEntries()).isEqualTo(1);
        assertThat(result(units.get("a"))).isEqualTo("100.000|1|优秀|false|20.000");
        assertThat(result(units.get("e"))).isEqualTo("50.000|2|不合格|false|20.000");
        assertThat(result(units.get("b"))).isEqualTo("50.000|2|不合格|false|20.000");
        assertThat(result(units.get("c"))).isEqualTo("50.000|2|不合格|false|20.000");
        assertThat(result(units.get("d"))).isEqualTo("50.000|2|不合格|true|20.000");
        assertThat(dsl.select(NEGATIVE_LIST_ENTRY.REASON).from(NEGATIVE_LIST_ENTRY).fetchOne().value1())
                .isEqualTo("首页两周未更新：测试");
    }

    @Test
    void negativeListOverridesAHighScoreAndRescoringReplacesResults() {
        long unit = unit("x");
        confirmedVetoFail(unit);
        finding(unit, plainPoint, "PASS", null);
        RoundScorer scorer = new RoundScorer(dsl, GradingPolicy.defaults());
        scorer.score(roundId);
        scorer.score(roundId);
        assertThat(dsl.fetchCount(UNIT_RESULT)).isEqualTo(1);
        assertThat(dsl.fetchCount(NEGATIVE_LIST_ENTRY)).isEqualTo(1);

        dsl.update(FINDING).set(FINDING.STATUS, "PASS").execute();
        scorer.score(roundId);
        assertThat(result(unit)).isEqualTo("100.000|1|优秀|false|20.000");
        assertThat(dsl.fetchCount(NEGATIVE_LIST_ENTRY)).isZero();
    }

    @Test
    void competitionRanksSkipThePlacesATieTakes() {
        long a = unit("a");
        long b = unit("b");
        long c = unit("c");
        long d = unit("d");
        finding(b, plainPoint, "FAIL", null);
        finding(c, plainPoint, "FAIL", null);
        finding(d, plainPoint, "FAIL", null);
        finding(d, vetoPoint, "PASS", null);
        finding(a, vetoPoint, "PASS", null);
        finding(a, plainPoint, "PASS", null);
        finding(b, vetoPoint, "PASS", null);
        finding(c, vetoPoint, "PASS", null);
        finding(d, departmentOnlyPoint, "FAIL", null); // does not apply to a county
        dsl.update(EVALUATION_POINT).set(EVALUATION_POINT.MAX_SCORE, new BigDecimal("30"))
                .where(EVALUATION_POINT.ID.eq(vetoPoint)).execute();
        long e = unit("e");
        finding(e, vetoPoint, "PASS", null);
        finding(e, plainPoint, "PASS", null);

        new RoundScorer(dsl, GradingPolicy.defaults()).score(roundId);

        // a 100, e 100, b 75, c 75, d 75 → 1, 1, 3, 3, 3
        assertThat(dsl.select(UNIT_RESULT.RANK_IN_GROUP).from(UNIT_RESULT).orderBy(UNIT_RESULT.UNIT_ID)
                .fetch(UNIT_RESULT.RANK_IN_GROUP)).containsExactly(1, 3, 3, 3, 1);
        dsl.update(FINDING).set(FINDING.STATUS, "PASS").where(FINDING.UNIT_ID.eq(c)).execute();
        new RoundScorer(dsl, GradingPolicy.defaults()).score(roundId);
        // a, c, e 100 → 1, 1, 1; b, d 75 → 4, 4
        assertThat(dsl.select(UNIT_RESULT.RANK_IN_GROUP).from(UNIT_RESULT).orderBy(UNIT_RESULT.UNIT_ID)
                .fetch(UNIT_RESULT.RANK_IN_GROUP)).containsExactly(1, 4, 1, 4, 1);
    }

    private long point(long indicator, String code, String max, boolean veto, String appliesTo) {
        return dsl.insertInto(EVALUATION_POINT, EVALUATION_POINT.INDICATOR_ID, EVALUATION_POINT.CODE,
                        EVALUATION_POINT.TEXT, EVALUATION_POINT.MAX_SCORE, EVALUATION_POINT.SCORING_RULE,
                        EVALUATION_POINT.METHOD, EVALUATION_POINT.VETO, EVALUATION_POINT.VETO_REASON,
                        EVALUATION_POINT.APPLIES_TO, EVALUATION_POINT.ORDINAL)
                .values(indicator, code, "测试点 " + code, new BigDecimal(max), "BINARY", "AUTO", veto,
                        veto ? "首页两周未更新" : null, appliesTo, 1)
                .returning(EVALUATION_POINT.ID).fetchOne().getId();
    }

    private long unit(String code) {
        long id = dsl.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE).values(code, "单位" + code, "COUNTY_GOVERNMENT")
                .returning(UNIT.ID).fetchOne().getId();
        dsl.insertInto(ROUND_UNIT, ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID)
                .values(roundId, id, groupId).execute();
        return id;
    }

    private long finding(long unit, long point, String status, BigDecimal fraction) {
        return dsl.insertInto(FINDING, FINDING.ROUND_ID, FINDING.UNIT_ID, FINDING.POINT_ID, FINDING.STATUS,
                        FINDING.SCORE_FRACTION, FINDING.MESSAGE, FINDING.CHECKED_AT)
                .values(roundId, unit, point, status, fraction, "测试", LocalDateTime.of(2026, 11, 29, 9, 0))
                .returning(FINDING.ID).fetchOne().getId();
    }

    /** A veto FAIL enters the negative list once an evaluator has confirmed it. */
    private void confirmedVetoFail(long unit) {
        new RoundFixture(dsl).review(finding(unit, vetoPoint, "FAIL", null), "CONFIRM", null, null, 0);
    }

    private String result(long unit) {
        var r = dsl.selectFrom(UNIT_RESULT).where(UNIT_RESULT.UNIT_ID.eq(unit)).fetchOne();
        return r.getTotal().setScale(3) + "|" + r.getRankInGroup() + "|" + r.getGrade() + "|" + r.getNegativeList()
                + "|" + r.getMaxScore().setScale(3);
    }
}
