package cn.gongkai.scoring.publish;

import cn.gongkai.scoring.publish.Snapshot.Change;
import cn.gongkai.scoring.publish.Snapshot.UnitRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What changed for each unit between two published versions: total, rank, grade, negative list, presence. */
final class ChangeLog {

    static final String ADDED = "新增";
    static final String REMOVED = "移出";

    private ChangeLog() {
    }

    static List<Change> between(Map<Long, UnitRow> before, Map<Long, UnitRow> after) {
        List<Change> changes = new ArrayList<>();
        for (UnitRow now : after.values()) {
            UnitRow was = before.get(now.unitId());
            if (was == null) {
                changes.add(new Change(now.unitId(), "unit", null, ADDED));
                continue;
            }
            if (was.total().compareTo(now.total()) != 0) {
                changes.add(new Change(now.unitId(), "total", Publisher.plain(was.total()),
                        Publisher.plain(now.total())));
            }
            if (was.rankInGroup() != now.rankInGroup() || was.groupId() != now.groupId()) {
                changes.add(new Change(now.unitId(), "rank_in_group", String.valueOf(was.rankInGroup()),
                        String.valueOf(now.rankInGroup())));
            }
            if (!Objects.equals(was.grade(), now.grade())) {
                changes.add(new Change(now.unitId(), "grade", was.grade(), now.grade()));
            }
            if (was.negativeList() != now.negativeList()) {
                changes.add(new Change(now.unitId(), "negative_list", label(was.negativeList()),
                        label(now.negativeList())));
            }
        }
        for (UnitRow was : before.values()) {
            if (!after.containsKey(was.unitId())) {
                changes.add(new Change(was.unitId(), "unit", REMOVED, null));
            }
        }
        return changes;
    }

    private static String label(boolean negativeList) {
        return negativeList ? "列入负面清单" : "未列入负面清单";
    }
}
