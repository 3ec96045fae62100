package cn.gongkai.scoring.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.publish.Snapshot.Change;
import cn.gongkai.scoring.publish.Snapshot.UnitRow;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

    private static UnitRow row(long unit, String total, int rank, String grade, boolean negative) {
        return new UnitRow(unit, 1, new BigDecimal(total), null, null, rank, grade, negative, false, null, null, null);
    }

    private static Map<Long, UnitRow> rows(UnitRow... rows) {
        Map<Long, UnitRow> map = new LinkedHashMap<>();
        for (UnitRow r : rows) {
            map.put(r.unitId(), r);
        }
        return map;
    }

    @Test
    void reportsEachChangedFieldAndUnitsAddedOrRemoved() {
        var before = rows(row(1, "90.000", 1, "优秀", false), row(2, "80.000", 2, "良好", false),
                row(3, "70.000", 3, "良好", false));
        var after = rows(row(1, "90.0", 1, "优秀", false), row(2, "59.000", 3, "不合格", true),
                row(4, "75.500", 2, "良好", false));
        assertThat(ChangeLog.between(before, after)).containsExactly(
                new Change(2, "total", "80", "59"),
                new Change(2, "rank_in_group", "2", "3"),
                new Change(2, "grade", "良好", "不合格"),
                new Change(2, "negative_list", "未列入负面清单", "列入负面清单"),
                new Change(4, "unit", null, "新增"),
                new Change(3, "unit", "移出", null));
    }

    @Test
    void identicalResultsHaveNoChanges() {
        var same = rows(row(1, "90.000", 1, "优秀", false));
        assertThat(ChangeLog.between(same, same)).isEmpty();
    }
}
