package cn.gongkai.web.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CitizenSheetTest {

    private static final CitizenSheet.Unit COUNTY = new CitizenSheet.Unit(1, "c", "测试县", "COUNTY_GOVERNMENT");
    private static final CitizenSheet.Unit TOWN = new CitizenSheet.Unit(2, "t", "测试镇", "TOWNSHIP");

    private static CitizenSheet.Context context() {
        Map<String, CitizenSheet.Point> points = new LinkedHashMap<>();
        points.put("p1", new CitizenSheet.Point(10, "p1", "群众满意度", new BigDecimal("3"),
                Set.of("COUNTY_GOVERNMENT", "TOWNSHIP")));
        points.put("p2", new CitizenSheet.Point(11, "p2", "测评票", new BigDecimal("1.5"), Set.of("COUNTY_GOVERNMENT")));
        return new CitizenSheet.Context(Map.of("c", COUNTY, "t", TOWN), points, Set.of("m1"));
    }

    private static List<CitizenSheet.Line> csv(String text) {
        return CitizenSheet.lines("f.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSatisfactionScoreGivesEachApplicablePointTheSameShareOfItsMaximum() {
        var result = CitizenSheet.check(csv("单位代码,满意度\nc,87.5\nt,100\n"), context());
        assertThat(result.shape()).isEqualTo(CitizenSheet.Shape.SATISFACTION);
        assertThat(result.entries()).extracting(e -> e.unit().code() + " " + e.point().code() + " "
                + e.score().toPlainString()).containsExactly("c p1 2.625", "c p2 1.313", "t p1 3.000");
    }

    @Test
    void columnsAreFoundByTheirHeadersInAnyOrderAndNamedByLetter() {
        var result = CitizenSheet.check(csv("说明,得分,评估点代码,单位代码\n好,1.5,p2,c\n"), context());
        assertThat(result.shape()).isEqualTo(CitizenSheet.Shape.PER_POINT);
        assertThat(result.entries().getFirst().note()).isEqualTo("好");
        assertThatThrownBy(() -> CitizenSheet.check(csv("说明,得分,评估点代码,单位代码\n,2,p2,c\n"), context()))
                .hasMessageContaining("第 2 行 B 列（得分）：得分 2 超出范围，应在 0 到 1.5 之间");
        assertThat(CitizenSheet.column(27, "x")).isEqualTo("AB 列（x）");
    }

    @Test
    void aHeaderOfBothShapesOrNeitherIsRefused() {
        assertThatThrownBy(() -> CitizenSheet.check(csv("单位代码,评估点代码,得分,满意度\nc,p1,1,80\n"), context()))
                .hasMessageContaining("一个文件只能是逐项得分或满意度中的一种");
        assertThatThrownBy(() -> CitizenSheet.check(csv("单位代码,单位名称\nc,测试县\n"), context()))
                .hasMessageContaining("表头缺少");
        assertThatThrownBy(() -> CitizenSheet.check(csv("单位代码,满意度\n"), context()))
                .hasMessageContaining("没有填写任何得分");
    }

    @Test
    void aRoundWithoutPublicPointsTakesNoCitizensScores() {
        var none = new CitizenSheet.Context(Map.of("c", COUNTY), Map.of(), Set.of("m1"));
        assertThatThrownBy(() -> CitizenSheet.check(csv("单位代码,满意度\nc,80\n"), none))
                .hasMessageContaining("本轮没有公众评价来源（PUBLIC）的评估点");
    }
}
