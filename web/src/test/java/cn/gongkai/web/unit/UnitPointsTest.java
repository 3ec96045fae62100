package cn.gongkai.web.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Problems first: what each filter puts on top, in which order, and where the rest goes. */
class UnitPointsTest {

    private static UnitBreakdown.PointLine point(long id, String area, String text, String score, String max,
                                                 String status, String pending) {
        return new UnitBreakdown.PointLine(id, area, text, score == null ? null : new BigDecimal(score),
                new BigDecimal(max), status, "说明", "整改", List.of(), null, status, null, pending);
    }

    private static final List<UnitBreakdown.AreaLine> AREAS = List.of(
            new UnitBreakdown.AreaLine(1, "平台建设", BigDecimal.ONE, BigDecimal.TEN, null),
            new UnitBreakdown.AreaLine(2, "政策解读", BigDecimal.ONE, BigDecimal.TEN, null),
            new UnitBreakdown.AreaLine(3, "互动回应", BigDecimal.ZERO, BigDecimal.ZERO, null));

    private static final List<UnitBreakdown.PointLine> POINTS = List.of(
            point(1, "平台建设", "网站首页及时更新", "0", "1", "FAIL", null),
            point(2, "平台建设", "网站可正常访问", "2", "2", "PASS", null),
            point(3, "平台建设", "栏目内容完整", "1", "4", "PARTIAL", null),
            point(4, "政策解读", "政策文件同步解读", "0", "3", "FAIL", null),
            point(5, "政策解读", "解读形式多样", null, "2", "UNCERTAIN", "检查结果不确定，待评估人员核实"),
            point(6, "政策解读", "图解材料", null, "1", "NOT_APPLICABLE", null),
            point(7, "平台建设", "网站首页无错链", "2", "3", "PARTIAL", null));

    @Test
    void deductionsComeFirstByMarksLostThenCatalogueOrder() {
        var arranged = UnitPoints.arrange(POINTS, AREAS, UnitPoints.Show.DEDUCTED, "");
        // lost: #3 3, #4 3, #1 1, #7 1 — equals keep catalogue order
        assertThat(arranged.top()).extracting(UnitBreakdown.PointLine::pointId).containsExactly(3L, 4L, 1L, 7L);
        assertThat(arranged.groups()).extracting(UnitPoints.Group::area).containsExactly("平台建设", "政策解读");
        assertThat(arranged.groups().getFirst().points()).extracting(UnitBreakdown.PointLine::pointId)
                .containsExactly(2L);
        assertThat(arranged.groups()).allSatisfy(g -> assertThat(g.open()).isFalse());
        assertThat(arranged.counts()).containsEntry(UnitPoints.Show.DEDUCTED, 4)
                .containsEntry(UnitPoints.Show.FAILED, 2).containsEntry(UnitPoints.Show.PENDING, 1)
                .containsEntry(UnitPoints.Show.ALL, 7);
    }

    @Test
    void aPendingPointIsNeitherDeductedNorFailedAndHasNoMarksLost() {
        UnitBreakdown.PointLine pending = point(8, "平台建设", "否决项", null, "0", "FAIL", "否决项检查不通过，待评估人员确认");
        assertThat(UnitPoints.lost(pending)).isNull();
        assertThat(UnitPoints.deducted(pending)).isFalse();
        assertThat(UnitPoints.failed(pending)).isFalse();
        assertThat(UnitPoints.lost(POINTS.get(5))).isNull(); // not applicable
        var arranged = UnitPoints.arrange(POINTS, AREAS, UnitPoints.Show.PENDING, "");
        assertThat(arranged.top()).extracting(UnitBreakdown.PointLine::pointId).containsExactly(5L);
    }

    @Test
    void failedAllAndSearch() {
        assertThat(UnitPoints.arrange(POINTS, AREAS, UnitPoints.Show.FAILED, "").top())
                .extracting(UnitBreakdown.PointLine::pointId).containsExactly(4L, 1L);
        var all = UnitPoints.arrange(POINTS, AREAS, UnitPoints.Show.ALL, "");
        assertThat(all.top()).isEmpty();
        assertThat(all.groups()).allSatisfy(g -> assertThat(g.open()).isTrue());
        assertThat(all.groups().stream().mapToInt(g -> g.points().size()).sum()).isEqualTo(7);
        var searched = UnitPoints.arrange(POINTS, AREAS, UnitPoints.Show.DEDUCTED, " 首页 ");
        assertThat(searched.query()).isEqualTo("首页");
        assertThat(searched.top()).extracting(UnitBreakdown.PointLine::pointId).containsExactly(1L, 7L);
        assertThat(searched.groups()).isEmpty();
        assertThat(searched.counts()).containsEntry(UnitPoints.Show.ALL, 2);
    }

    @Test
    void filtersAreNamedByTheirQueryParameter() {
        assertThat(UnitPoints.Show.of(null)).isEqualTo(UnitPoints.Show.DEDUCTED);
        assertThat(UnitPoints.Show.of("failed")).isEqualTo(UnitPoints.Show.FAILED);
        assertThat(UnitPoints.Show.of("pending").label()).isEqualTo("待评");
        assertThat(UnitPoints.Show.of("FAIL")).isNull();
    }
}
