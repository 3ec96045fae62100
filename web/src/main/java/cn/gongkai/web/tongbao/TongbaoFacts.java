package cn.gongkai.web.tongbao;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_SYSTEM;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;

import cn.gongkai.scoring.GradingPolicy;
import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.visibility.ResultTables;
import cn.gongkai.web.visibility.ResultView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * What a 通报 states as facts, read from a published snapshot only: units per grade per group in rank order, the
 * negative list with each unit's reasons, the points most often deducted with counts and examples, and the units
 * praised. Nothing here is editable; {@link TongbaoText} holds the words around it.
 */
@Component
class TongbaoFacts {

    /** How many typical problems a 通报 lists: provincial 通报 name the handful that recur, not every deduction. */
    static final int PROBLEMS = 10;
    /** Example units named under each typical problem. */
    static final int EXAMPLES = 3;

    record Unit(long unitId, String code, String name, String group, int rank, BigDecimal total, String grade,
                boolean negativeList) {
    }

    /** A group's units best first, its average, and its units per grade in the round's grade order. */
    record Group(long id, String name, List<Unit> units, BigDecimal average, Map<String, List<Unit>> byGrade) {
    }

    /** One reason a unit is on the negative list. */
    record Negative(String group, String unitCode, String unitName, int rank, String pointCode, String reason) {
    }

    /**
     * A point on which units lost marks: {@code deducted} of the {@code applicable} units lost some, {@code failed}
     * of them got nothing; {@code examples} lost the most on it.
     */
    record Problem(String pointCode, String pointText, String area, BigDecimal maxScore, int deducted, int failed,
                   int applicable, BigDecimal marksLost, List<String> examples, String howToFix) {
    }

    record Facts(long roundId, String roundName, LocalDate periodStart, LocalDate periodEnd, LocalDate referenceDate,
                 String systemName, int points, List<String> areas, int version, LocalDateTime publishedAt,
                 List<String> gradeOrder, String topGrade, List<Group> groups, int units, BigDecimal average,
                 Map<String, Integer> gradeCounts, List<Negative> negatives, int negativeUnits,
                 List<Problem> problems, List<Unit> praised) {
    }

    private final DSLContext dsl;
    private final Rankings rankings;

    TongbaoFacts(DSLContext dsl, Rankings rankings) {
        this.dsl = dsl;
        this.rankings = rankings;
    }

    Facts read(ResultView view) {
        if (!view.published()) {
            // The callers get their view from ResultVisibility.publishedOfRound; this guards the rule itself.
            throw new IllegalArgumentException("通报只依据已发布的结果");
        }
        long roundId = view.roundId();
        var round = dsl.select(ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.PERIOD_START, ASSESSMENT_ROUND.PERIOD_END,
                        ASSESSMENT_ROUND.REFERENCE_DATE, INDICATOR_SYSTEM.NAME)
                .from(ASSESSMENT_ROUND).join(INDICATOR_SYSTEM).on(INDICATOR_SYSTEM.ID.eq(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID))
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchSingle();
        int points = dsl.fetchCount(ROUND_POINT, ROUND_POINT.ROUND_ID.eq(roundId));
        List<String> areas = dsl.selectDistinct(INDICATOR_AREA.NAME, INDICATOR_AREA.ORDINAL).from(ROUND_POINT)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .join(INDICATOR).on(INDICATOR.ID.eq(EVALUATION_POINT.INDICATOR_ID))
                .join(INDICATOR_AREA).on(INDICATOR_AREA.ID.eq(INDICATOR.AREA_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId)).orderBy(INDICATOR_AREA.ORDINAL)
                .fetch(INDICATOR_AREA.NAME);

        List<Rankings.Row> rows = rankings.of(view);
        List<String> gradeOrder = gradeOrder(roundId, rows);
        String topGrade = gradeOrder.getFirst();

        Map<Long, Group> groups = new LinkedHashMap<>();
        Map<Long, List<Unit>> unitsOfGroup = new LinkedHashMap<>();
        Map<Long, Unit> units = new HashMap<>();
        Map<String, Integer> gradeCounts = new LinkedHashMap<>();
        gradeOrder.forEach(g -> gradeCounts.put(g, 0));
        for (Rankings.Row row : rows) {
            Unit unit = new Unit(row.unitId(), row.unitCode(), row.unitName(), row.groupName(), row.rank(), row.total(),
                    row.grade(), row.negativeList());
            units.put(unit.unitId(), unit);
            unitsOfGroup.computeIfAbsent(row.groupId(), k -> new ArrayList<>()).add(unit);
            gradeCounts.merge(row.grade(), 1, Integer::sum);
        }
        for (var entry : unitsOfGroup.entrySet()) {
            List<Unit> list = entry.getValue();
            Map<String, List<Unit>> byGrade = new LinkedHashMap<>();
            gradeOrder.forEach(g -> byGrade.put(g, new ArrayList<>()));
            list.forEach(u -> byGrade.get(u.grade()).add(u));
            groups.put(entry.getKey(), new Group(entry.getKey(), list.getFirst().group(), list, average(list), byGrade));
        }
        List<Unit> all = rows.stream().map(r -> units.get(r.unitId())).toList();

        // The negative list, group by group and best rank first, each unit's reasons in the order they were found.
        ResultTables.Negatives n = ResultTables.negatives(view);
        Map<Long, Integer> order = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            order.put(rows.get(i).unitId(), i);
        }
        List<Negative> negatives = new ArrayList<>(dsl.select(n.unitId(), EVALUATION_POINT.CODE, n.reason(), n.ordinal())
                .from(n.table()).join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(n.pointId()))
                .orderBy(n.ordinal())
                .fetch(r -> {
                    Unit u = units.get(r.value1());
                    return new Negative(u.group(), u.code(), u.name(), u.rank(), r.value2(), r.value3());
                }));
        Map<String, Long> idOfCode = new HashMap<>();
        units.values().forEach(u -> idOfCode.put(u.code(), u.unitId()));
        negatives.sort(Comparator.comparing((Negative x) -> order.get(idOfCode.get(x.unitCode()))));
        int negativeUnits = (int) negatives.stream().map(Negative::unitCode).distinct().count();

        List<Unit> praised = all.stream().filter(u -> u.grade().equals(topGrade) && !u.negativeList()).toList();
        return new Facts(roundId, round.value1(), round.value2(), round.value3(), round.value4(), round.value5(),
                points, areas, view.version(), view.publishedAt(), gradeOrder, topGrade, List.copyOf(groups.values()),
                all.size(), average(all), gradeCounts, negatives, negativeUnits, problems(view, units), praised);
    }

    /**
     * The points on which most units lost marks, from the snapshot's point scores: a unit counts once per point
     * whatever it lost; ties go to the point where more marks were lost in all, then to its code.
     */
    private List<Problem> problems(ResultView view, Map<Long, Unit> units) {
        ResultTables.Points p = ResultTables.points(view);
        record Score(long unitId, long pointId, BigDecimal score, BigDecimal max) {
        }
        Map<Long, List<Score>> byPoint = new HashMap<>();
        dsl.select(p.unitId(), p.pointId(), p.score(), p.maxScore()).from(p.table())
                .where(p.score().isNotNull())
                .forEach(r -> {
                    if (units.containsKey(r.value1())) {
                        byPoint.computeIfAbsent(r.value2(), k -> new ArrayList<>())
                                .add(new Score(r.value1(), r.value2(), r.value3(), r.value4()));
                    }
                });
        if (byPoint.isEmpty()) {
            return List.of();
        }
        Map<Long, String[]> pointInfo = new HashMap<>();
        dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.CODE, EVALUATION_POINT.TEXT, INDICATOR_AREA.NAME,
                        EVALUATION_POINT.HOW_TO_FIX)
                .from(EVALUATION_POINT).join(INDICATOR).on(INDICATOR.ID.eq(EVALUATION_POINT.INDICATOR_ID))
                .join(INDICATOR_AREA).on(INDICATOR_AREA.ID.eq(INDICATOR.AREA_ID))
                .where(EVALUATION_POINT.ID.in(byPoint.keySet()))
                .forEach(r -> pointInfo.put(r.value1(), new String[] {r.value2(), r.value3(), r.value4(), r.value5()}));
        List<Problem> problems = new ArrayList<>();
        for (var entry : byPoint.entrySet()) {
            List<Score> lost = entry.getValue().stream().filter(s -> s.score().compareTo(s.max()) < 0)
                    .sorted(Comparator.comparing((Score s) -> s.max().subtract(s.score())).reversed()
                            .thenComparing(s -> units.get(s.unitId()).code()))
                    .toList();
            if (lost.isEmpty()) {
                continue;
            }
            String[] info = pointInfo.get(entry.getKey());
            BigDecimal marksLost = lost.stream().map(s -> s.max().subtract(s.score()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            int failed = (int) lost.stream().filter(s -> s.score().signum() == 0).count();
            problems.add(new Problem(info[0], info[1], info[2], lost.getFirst().max(), lost.size(), failed,
                    entry.getValue().size(), marksLost,
                    lost.stream().limit(EXAMPLES).map(s -> units.get(s.unitId()).name()).toList(), info[3]));
        }
        problems.sort(Comparator.comparingInt(Problem::deducted).reversed()
                .thenComparing(Comparator.comparing(Problem::marksLost).reversed())
                .thenComparing(Problem::pointCode));
        return List.copyOf(problems.subList(0, Math.min(PROBLEMS, problems.size())));
    }

    /**
     * The round's grades best first: its bands from the highest, then its 待改进 category, its lowest grade and the
     * grade forced on the negative list, then any other grade the snapshot holds (a policy changed after
     * publication), by best total.
     */
    private List<String> gradeOrder(long roundId, List<Rankings.Row> rows) {
        GradingPolicy grading = new RoundPolicies(dsl, GradingPolicy.defaults()).load(roundId).grading();
        Set<String> order = new LinkedHashSet<>();
        grading.bands().forEach(b -> order.add(b.grade()));
        if (grading.improvement() != null) {
            order.add(grading.improvement().grade()); // 待改进, a category apart below the bands
        }
        order.add(grading.lowestGrade());
        if (grading.negativeListGrade() != null) {
            order.add(grading.negativeListGrade());
        }
        rows.stream().sorted(Comparator.comparing(Rankings.Row::total).reversed())
                .forEach(r -> order.add(r.grade()));
        return List.copyOf(order);
    }

    private static BigDecimal average(List<Unit> units) {
        if (units.isEmpty()) {
            return BigDecimal.ZERO;
        }
        return units.stream().map(Unit::total).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(units.size()), 2, RoundingMode.HALF_UP);
    }
}
