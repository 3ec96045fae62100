package cn.gongkai.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.compare.RoundComparison;
import cn.gongkai.web.policy.GradeScale;
import cn.gongkai.web.round.Rankings;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's key figures: 待评 units counted apart, never averaged; no earlier round means no change, not 0. */
class KeyFiguresTest {

    private static final List<GradeScale.Grade> GRADES = List.of(
            new GradeScale.Grade("优秀", GradeScale.Kind.BAND, "#2e7d32", "grade-band-0"),
            new GradeScale.Grade("合格", GradeScale.Kind.BAND, "#1565c0", "grade-band-1"),
            new GradeScale.Grade("不合格", GradeScale.Kind.LOWEST, "#9e9e9e", "grade-lowest"),
            new GradeScale.Grade("待评", GradeScale.Kind.PENDING, "#cfd8dc", "grade-pending"));

    private static Rankings.Row row(long id, int rank, String total, String grade, boolean negative, int pending) {
        return new Rankings.Row(1, "区县政府", rank, id, "u" + id, "单位" + id, new BigDecimal(total), grade, negative,
                negative ? "否决" : "", pending);
    }

    private static RoundComparison.UnitDelta delta(long id, String before, String after, Integer rankChange) {
        return new RoundComparison.UnitDelta(id, "u" + id, "单位" + id, 1, new BigDecimal(before), new BigDecimal(after),
                new BigDecimal(after).subtract(new BigDecimal(before)), 1, 1, rankChange, "合格", "合格");
    }

    @Test
    void pendingUnitsAreCountedApartAndLeftOutOfTheAverageAndTheChange() {
        List<Rankings.Row> rows = List.of(row(1, 1, "92", "优秀", false, 0), row(2, 2, "70", "合格", false, 0),
                row(3, 3, "51", "不合格", true, 0), row(4, 0, "99", "待评", false, 3));
        Map<Long, RoundComparison.UnitDelta> deltas = Map.of(1L, delta(1, "90", "92", 1), 2L, delta(2, "74", "70", -1),
                3L, delta(3, "51", "51", 0), 4L, delta(4, "10", "99", null));
        DashboardData.KeyFigures figures = DashboardData.keyFigures(rows, GRADES, "上年度", deltas);
        assertThat(figures.units()).isEqualTo(4);
        assertThat(figures.pendingUnits()).isEqualTo(1);
        assertThat(figures.averageTotal()).isEqualByComparingTo("71.00"); // (92 + 70 + 51) / 3, the 99 is provisional
        assertThat(figures.negativeListUnits()).isEqualTo(1);
        assertThat(figures.grades()).extracting(DashboardData.GradeCount::label, DashboardData.GradeCount::units)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("优秀", 1), org.assertj.core.groups.Tuple.tuple("合格", 1),
                        org.assertj.core.groups.Tuple.tuple("不合格", 1), org.assertj.core.groups.Tuple.tuple("待评", 1));
        assertThat(figures.change().commonUnits()).isEqualTo(3);
        assertThat(figures.change().averageTotalChange()).isEqualByComparingTo("-0.67"); // (2 - 4 + 0) / 3
        assertThat(figures.change().rankUp()).isEqualTo(1);
        assertThat(figures.change().rankDown()).isEqualTo(1);
        assertThat(figures.change().rankSame()).isEqualTo(1);
    }

    @Test
    void withoutAnEarlierPublishedRoundThereIsNoChangeAndNo待评Grade() {
        List<Rankings.Row> rows = List.of(row(1, 1, "92", "优秀", false, 0), row(2, 2, "70", "合格", false, 0));
        DashboardData.KeyFigures figures = DashboardData.keyFigures(rows, GRADES, null, Map.of());
        assertThat(figures.change()).isNull();
        assertThat(figures.grades()).extracting(DashboardData.GradeCount::label).containsExactly("优秀", "合格", "不合格");
        assertThat(figures.grades().get(2).units()).isZero();
    }

    @Test
    void anEarlierRoundWithNoCommonUnitGivesNoAverageChange() {
        List<Rankings.Row> rows = List.of(row(1, 1, "92", "优秀", false, 0));
        DashboardData.KeyFigures figures = DashboardData.keyFigures(rows, GRADES, "上年度", Map.of());
        assertThat(figures.change().commonUnits()).isZero();
        assertThat(figures.change().averageTotalChange()).isNull();
    }

    @Test
    void everyUnitPendingGivesNoAverage() {
        DashboardData.KeyFigures figures = DashboardData.keyFigures(List.of(row(1, 0, "80", "待评", false, 2)), GRADES,
                null, Map.of());
        assertThat(figures.averageTotal()).isNull();
        assertThat(figures.pendingUnits()).isEqualTo(1);
    }
}
