package cn.gongkai.web.dashboard;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static org.jooq.impl.DSL.sum;

import cn.gongkai.scoring.compare.RoundComparison;
import cn.gongkai.web.policy.GradeScale;
import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.visibility.ResultTables;
import cn.gongkai.web.visibility.ResultView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * Everything the leader dashboard draws for one round, read from the scoring tables: rankings within groups with
 * rank-uncertainty intervals, area scores as a share of their maximum (for the radar and the heatmap), the score
 * distribution, the movement since the previous published round of the same indicator system (with Kendall's tau-b) and the negative list.
 */
@Repository
public class DashboardData {

    /** Upper edges of the score distribution's bins: [0,10), [10,20) … [90,100]. */
    static final int BINS = 10;

    public record RoundInfo(long id, String name, LocalDate referenceDate) {
    }

    /**
     * One ranked unit. {@code areaPercents} follows {@link Dashboard#areas()}: the unit's score in each area as a
     * percentage of that area's maximum for the unit, null where no point of the area applied.
     */
    public record UnitRow(long unitId, String code, String name, int rank, BigDecimal total, String grade,
                          boolean negativeList, String negativeReasons, BigDecimal medianRank, Integer p05Rank,
                          Integer p95Rank, List<BigDecimal> areaPercents, Integer rankChange, BigDecimal totalChange) {
    }

    /** A group's units best first, the group's mean and best percentage per area, and its distribution counts. */
    public record Group(long id, String name, List<UnitRow> units, List<BigDecimal> areaAverage,
                       List<BigDecimal> areaBest, List<Integer> distribution, Double kendallTau) {
    }

    public record Area(long id, String name) {
    }

    public record NegativeEntry(long unitId, String unitName, String groupName, String reason) {
    }

    /** A unit in the round's separate 待改进 category, announced apart from the grades as the negative list is. */
    public record ImprovementEntry(long unitId, String unitName, String groupName, int rank, BigDecimal total) {
    }

    /**
     * {@code view} says whose results these are (published snapshot, 初评 or working results); {@code previousRound}
     * is null when no earlier round of the same indicator system was published.
     */
    public record Dashboard(String view, RoundInfo round, RoundInfo previousRound, Double overallKendallTau, List<Area> areas,
                           List<String> distributionBins, List<Group> groups, List<NegativeEntry> negativeList,
                           List<GradeScale.Grade> grades, String improvementLabel, List<ImprovementEntry> improvement) {
    }

    private final DSLContext dsl;
    private final Rankings rankings;
    private final GradeScale scale;

    public DashboardData(DSLContext dsl, Rankings rankings, GradeScale scale) {
        this.dsl = dsl;
        this.rankings = rankings;
        this.scale = scale;
    }

    /** The dashboard of the round as the view holds its results (working, or a published snapshot). */
    public Optional<Dashboard> of(ResultView view) {
        long roundId = view.roundId();
        RoundInfo round = dsl.select(ASSESSMENT_ROUND.ID, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.REFERENCE_DATE)
                .from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOptional(r -> new RoundInfo(r.value1(), r.value2(), r.value3())).orElse(null);
        if (round == null) {
            return Optional.empty();
        }
        List<Rankings.Row> rows = rankings.of(view);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Area> areas = dsl.select(INDICATOR_AREA.ID, INDICATOR_AREA.NAME).from(INDICATOR_AREA)
                .join(ASSESSMENT_ROUND).on(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID.eq(INDICATOR_AREA.SYSTEM_ID))
                .where(ASSESSMENT_ROUND.ID.eq(roundId))
                .orderBy(INDICATOR_AREA.ORDINAL)
                .fetch(r -> new Area(r.value1(), r.value2()));
        Map<Long, Integer> areaIndex = new HashMap<>();
        for (int i = 0; i < areas.size(); i++) {
            areaIndex.put(areas.get(i).id(), i);
        }
        Map<Long, BigDecimal[]> percents = new HashMap<>();
        ResultTables.Areas a = ResultTables.areas(view);
        dsl.select(a.unitId(), a.areaId(), sum(a.score()), sum(a.maxScore()))
                .from(a.table())
                .groupBy(a.unitId(), a.areaId())
                .forEach(r -> {
                    Integer index = areaIndex.get(r.value2());
                    if (index == null || r.value4() == null || r.value4().signum() == 0) {
                        return;
                    }
                    percents.computeIfAbsent(r.value1(), k -> new BigDecimal[areas.size()])[index] =
                            r.value3().multiply(BigDecimal.valueOf(100)).divide(r.value4(), 1, RoundingMode.HALF_UP);
                });
        Map<Long, Object[]> uncertainty = new HashMap<>();
        ResultTables.Units results = ResultTables.units(view);
        dsl.select(results.unitId(), results.medianRank(), results.p05Rank(), results.p95Rank())
                .from(results.table()).where(results.medianRank().isNotNull())
                .forEach(r -> uncertainty.put(r.value1(), new Object[] {r.value2(), r.value3(), r.value4()}));

        // Year over year only against what was published, and only within the same indicator system: a test round
        // or another catalogue's totals say nothing about this round's movement.
        Optional<RoundInfo> previous = previousPublishedRound(round);
        Map<Long, RoundComparison.UnitDelta> deltas = new HashMap<>();
        Map<Long, Double> groupTau = new HashMap<>();
        Double overallTau = null;
        if (previous.isPresent()) {
            RoundComparison.Comparison comparison = new RoundComparison(dsl).compare(previous.get().id(),
                    RoundComparison.Basis.PUBLISHED, roundId,
                    view.published() ? RoundComparison.Basis.PUBLISHED : RoundComparison.Basis.WORKING);
            comparison.units().forEach(d -> deltas.put(d.unitId(), d));
            comparison.groups().forEach(g -> g.kendallTau().ifPresent(tau -> groupTau.put(g.groupId(), tau)));
            overallTau = comparison.overallKendallTau().isPresent() ? comparison.overallKendallTau().getAsDouble() : null;
        }

        Map<Long, List<UnitRow>> byGroup = new LinkedHashMap<>();
        Map<Long, String> groupNames = new LinkedHashMap<>();
        for (Rankings.Row row : rows) {
            Object[] u = uncertainty.get(row.unitId());
            BigDecimal[] p = percents.getOrDefault(row.unitId(), new BigDecimal[areas.size()]);
            RoundComparison.UnitDelta delta = deltas.get(row.unitId());
            groupNames.put(row.groupId(), row.groupName());
            byGroup.computeIfAbsent(row.groupId(), g -> new ArrayList<>()).add(new UnitRow(row.unitId(), row.unitCode(),
                    row.unitName(), row.rank(), row.total().setScale(2, RoundingMode.HALF_UP), row.grade(),
                    row.negativeList(), row.negativeReasons(), u == null ? null : (BigDecimal) u[0],
                    u == null ? null : (Integer) u[1], u == null ? null : (Integer) u[2], java.util.Arrays.asList(p),
                    delta == null ? null : delta.rankChange(),
                    delta == null ? null : delta.totalChange().setScale(2, RoundingMode.HALF_UP)));
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((groupId, units) -> groups.add(new Group(groupId, groupNames.get(groupId), units,
                areaStatistic(units, areas.size(), false), areaStatistic(units, areas.size(), true),
                distribution(units), groupTau.get(groupId))));

        List<NegativeEntry> negative = new ArrayList<>();
        Map<Long, Rankings.Row> rowOf = new HashMap<>();
        rows.forEach(r -> rowOf.put(r.unitId(), r));
        ResultTables.Negatives n = ResultTables.negatives(view);
        dsl.select(n.unitId(), n.reason()).from(n.table()).orderBy(n.unitId(), n.ordinal())
                .forEach(r -> {
                    Rankings.Row unit = rowOf.get(r.value1());
                    if (unit != null) {
                        negative.add(new NegativeEntry(unit.unitId(), unit.unitName(), unit.groupName(), r.value2()));
                    }
                });
        List<String> bins = new ArrayList<>();
        for (int i = 0; i < BINS; i++) {
            bins.add(i * 10 + "–" + (i == BINS - 1 ? "100" : String.valueOf(i * 10 + 10)));
        }
        // The round's policy names its grades; a published round's policy is frozen, so it is the one its snapshot used.
        String improvementLabel = scale.improvementLabel(roundId);
        List<ImprovementEntry> improvement = rows.stream()
                .filter(r -> improvementLabel != null && improvementLabel.equals(r.grade()))
                .map(r -> new ImprovementEntry(r.unitId(), r.unitName(), r.groupName(), r.rank(),
                        r.total().setScale(2, RoundingMode.HALF_UP)))
                .toList();
        return Optional.of(new Dashboard(view.label(), round, previous.orElse(null), overallTau, areas, bins, groups,
                negative, scale.of(roundId), improvementLabel, improvement));
    }

    /** The newest earlier published round (by reference date, then id) of the same indicator system. */
    Optional<RoundInfo> previousPublishedRound(RoundInfo round) {
        var current = ASSESSMENT_ROUND.as("cur");
        return dsl.select(ASSESSMENT_ROUND.ID, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.REFERENCE_DATE)
                .from(ASSESSMENT_ROUND)
                .join(current).on(current.ID.eq(round.id())
                        .and(current.INDICATOR_SYSTEM_ID.eq(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID)))
                .where(ASSESSMENT_ROUND.ID.ne(round.id()))
                .and(ASSESSMENT_ROUND.REFERENCE_DATE.lt(round.referenceDate())
                        .or(ASSESSMENT_ROUND.REFERENCE_DATE.eq(round.referenceDate()).and(ASSESSMENT_ROUND.ID.lt(round.id()))))
                .andExists(dsl.selectOne().from(RESULT_SNAPSHOT).where(RESULT_SNAPSHOT.ROUND_ID.eq(ASSESSMENT_ROUND.ID)))
                .orderBy(ASSESSMENT_ROUND.REFERENCE_DATE.desc(), ASSESSMENT_ROUND.ID.desc())
                .limit(1)
                .fetchOptional(r -> new RoundInfo(r.value1(), r.value2(), r.value3()));
    }

    private static List<BigDecimal> areaStatistic(List<UnitRow> units, int areas, boolean best) {
        List<BigDecimal> out = new ArrayList<>();
        for (int a = 0; a < areas; a++) {
            BigDecimal acc = null;
            int n = 0;
            for (UnitRow unit : units) {
                BigDecimal value = unit.areaPercents().get(a);
                if (value == null) {
                    continue;
                }
                n++;
                acc = acc == null ? value : best ? acc.max(value) : acc.add(value);
            }
            out.add(acc == null ? null : best ? acc : acc.divide(BigDecimal.valueOf(n), 1, RoundingMode.HALF_UP));
        }
        return out;
    }

    static List<Integer> distribution(List<UnitRow> units) {
        int[] counts = new int[BINS];
        for (UnitRow unit : units) {
            int bin = unit.total().intValue() / 10;
            counts[Math.max(0, Math.min(BINS - 1, bin))]++;
        }
        List<Integer> out = new ArrayList<>();
        for (int c : counts) {
            out.add(c);
        }
        return out;
    }

    /** Rounds to offer in the selector, newest first (all rounds; those without results show an empty page). */
    public List<Rankings.RoundSummary> rounds() {
        return rankings.rounds();
    }
}
