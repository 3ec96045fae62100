package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.RANK_UNCERTAINTY;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.sql.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The paged ranking on the real database: a group of 120 units with a tie across a page boundary, and a small one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RankingsIT {

    private static final String ROUND = """
            name: 排名分页测试
            indicatorSystem: foundation
            groups:
              - {code: rk-counties, name: 区县政府, unitType: COUNTY_GOVERNMENT}
              - {code: rk-departments, name: 市直部门, unitType: DEPARTMENT}
            """;

    private final DSLContext dsl = TestDatabase.get().dsl();
    private final Rankings rankings = new Rankings(dsl);
    private long roundId;
    private long counties;
    private long departments;
    private final List<Long> countyIds = new ArrayList<>();

    @BeforeAll
    void round() {
        TestDatabase.get().reset();
        roundId = new RoundImporter(dsl).importRound(RoundDefinition.parse(ROUND, null), ROUND);
        counties = dsl.select(UNIT_GROUP.ID).from(UNIT_GROUP).where(UNIT_GROUP.CODE.eq("rk-counties")).fetchOne(UNIT_GROUP.ID);
        departments = dsl.select(UNIT_GROUP.ID).from(UNIT_GROUP).where(UNIT_GROUP.CODE.eq("rk-departments"))
                .fetchOne(UNIT_GROUP.ID);
        for (int i = 1; i <= 120; i++) {
            // Ranks 1..120, except that the 50th and 51st share rank 50 (competition ranking: no 51st).
            int rank = i == 51 ? 50 : i;
            String grade = i <= 30 ? "优秀" : i <= 90 ? "良好" : "合格";
            countyIds.add(unit(String.format("c%03d", i), "第" + i + "县人民政府", counties, rank, 100 - i * 0.5, grade,
                    i == 120));
        }
        unit("d1", "市教育局", departments, 1, 90, "优秀", false);
        unit("d2", "市交通运输局", departments, 2, 80, "良好", false);
        dsl.insertInto(RANK_UNCERTAINTY).set(RANK_UNCERTAINTY.ROUND_ID, roundId)
                .set(RANK_UNCERTAINTY.UNIT_ID, countyIds.get(2)).set(RANK_UNCERTAINTY.MEDIAN_RANK, new BigDecimal("3.0"))
                .set(RANK_UNCERTAINTY.P05_RANK, 2).set(RANK_UNCERTAINTY.P95_RANK, 5).execute();
    }

    private long unit(String code, String name, long group, int rank, double total, String grade, boolean negative) {
        long id = dsl.insertInto(UNIT).set(UNIT.CODE, code).set(UNIT.NAME, name)
                .set(UNIT.UNIT_TYPE, group == counties ? "COUNTY_GOVERNMENT" : "DEPARTMENT")
                .returningResult(UNIT.ID).fetchOne().value1();
        dsl.insertInto(ROUND_UNIT).set(ROUND_UNIT.ROUND_ID, roundId).set(ROUND_UNIT.UNIT_ID, id)
                .set(ROUND_UNIT.GROUP_ID, group).execute();
        dsl.insertInto(UNIT_RESULT).set(UNIT_RESULT.ROUND_ID, roundId).set(UNIT_RESULT.UNIT_ID, id)
                .set(UNIT_RESULT.GROUP_ID, group).set(UNIT_RESULT.TOTAL, BigDecimal.valueOf(total))
                .set(UNIT_RESULT.RAW_SCORE, BigDecimal.valueOf(total)).set(UNIT_RESULT.MAX_SCORE, BigDecimal.valueOf(100))
                .set(UNIT_RESULT.RANK_IN_GROUP, rank).set(UNIT_RESULT.GRADE, grade)
                .set(UNIT_RESULT.NEGATIVE_LIST, negative).set(UNIT_RESULT.COMPUTED_AT, LocalDateTime.now()).execute();
        return id;
    }

    @Test
    void groupsSummariseUnitsGradesBestFirstAndTheNegativeList() {
        assertThat(rankings.board(roundId).groups()).extracting(Rankings.GroupSummary::name, Rankings.GroupSummary::units,
                        Rankings.GroupSummary::negativeList)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("区县政府", 120, 1),
                        org.assertj.core.groups.Tuple.tuple("市直部门", 2, 0));
        assertThat(rankings.board(roundId).groups().getFirst().grades())
                .containsExactly(java.util.Map.entry("优秀", 30), java.util.Map.entry("良好", 60), java.util.Map.entry("合格", 30));
    }

    @Test
    void pagesFollowTheRankingAndOutOfRangePagesAreClamped() {
        Rankings.Page first = rankings.board(roundId).page(counties, "", 1, 50);
        assertThat(first.matching()).isEqualTo(120);
        assertThat(first.pages()).isEqualTo(3);
        assertThat(first.lines()).hasSize(50);
        assertThat(first.lines().get(2)).satisfies(line -> {
            assertThat(line.row().unitCode()).isEqualTo("c003");
            assertThat(line.rankLow()).isEqualTo(2);
            assertThat(line.rankHigh()).isEqualTo(5);
        });
        assertThat(first.lines().get(3).rankLow()).isNull();
        Rankings.Page second = rankings.board(roundId).page(counties, "", 2, 50);
        assertThat(second.lines().getFirst().row().unitCode()).isEqualTo("c051");
        assertThat(second.lines().getFirst().row().rank()).isEqualTo(50);
        Rankings.Page last = rankings.board(roundId).page(counties, null, 99, 50);
        assertThat(last.number()).isEqualTo(3);
        assertThat(last.lines()).hasSize(20);
        assertThat(last.lines().getLast().row().negativeList()).isTrue();
        assertThat(rankings.board(roundId).page(departments, "", 0, 50).lines()).extracting(l -> l.row().unitName())
                .containsExactly("市教育局", "市交通运输局");
    }

    @Test
    void aSearchFindsUnitsOfEveryGroupByNameOrCode() {
        assertThat(rankings.board(roundId).page(counties, "市交通", 1, 50).lines()).extracting(l -> l.row().unitCode())
                .containsExactly("d2");
        assertThat(rankings.board(roundId).page(counties, "c007", 1, 50).lines()).extracting(l -> l.row().unitCode())
                .containsExactly("c007");
        assertThat(rankings.board(roundId).page(counties, "第11", 1, 50).lines()).extracting(l -> l.row().unitCode())
                .containsExactly("c011", "c110", "c111", "c112", "c113", "c114", "c115", "c116", "c117", "c118", "c119");
        assertThat(rankings.board(roundId).page(counties, "没有这个单位", 1, 50).matching()).isZero();
    }

    @Test
    void aUnitsPositionPointsAtThePageThatListsIt() {
        // c051 shares rank 50 with c050 and comes after it by code: the 51st line, the first of page 2.
        assertThat(rankings.board(roundId).positionOf(countyIds.get(50))).contains(new Rankings.Position(counties, 50));
        assertThat(rankings.board(roundId).positionOf(countyIds.get(49))).contains(new Rankings.Position(counties, 49));
        assertThat(rankings.board(roundId).positionOf(countyIds.get(119))).contains(new Rankings.Position(counties, 119));
        assertThat(rankings.board(roundId).positionOf(-1)).isEmpty();
        for (int index : new int[] {0, 49, 50, 99, 100, 119}) {
            Rankings.Page page = rankings.board(roundId).page(counties, "", index / 50 + 1, 50);
            assertThat(page.lines().get(index % 50).row().unitId()).isEqualTo(countyIds.get(index));
        }
    }

    @Test
    void theBoardIsKeptUntilTheRoundIsScoredAgain() {
        Rankings.Board before = rankings.board(roundId);
        assertThat(rankings.board(roundId)).isSameAs(before);
        // What a scoring run does to a result: a new computed_at, and here a new grade.
        dsl.update(UNIT_RESULT).set(UNIT_RESULT.GRADE, "合格").set(UNIT_RESULT.COMPUTED_AT, LocalDateTime.now().plusHours(1))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId)).and(UNIT_RESULT.UNIT_ID.in(
                        dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("d2")))).execute();
        Rankings.Board after = rankings.board(roundId);
        assertThat(after).isNotSameAs(before);
        assertThat(after.page(departments, "", 1, 50).lines().getLast().row().grade()).isEqualTo("合格");
    }
}
