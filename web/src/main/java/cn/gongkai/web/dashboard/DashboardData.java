package cn.gongkai.web.dashboard;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE_FILE;
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

    /**
     * One reason a unit is on the negative list, with the evidence behind it that the dashboard's readers (evaluators
     * and leaders, who may open every unit's evidence) can open: the captured pages of the veto finding, or the files a
     * scorer attached to a veto hit.
     */
    public record NegativeEntry(long unitId, String unitName, String groupName, String reason,
                                List<EvidenceLink> evidence) {
    }

    /**
     * {@code kind} "capture": a captured page, opened at {@code /evidence/{id}} with the finding's excerpt marked
     * ({@code mark}); "file": a scorer's evidence file at {@code /manual-score-files/{id}}. {@code label} is the page's
     * URL or the file's name.
     */
    public record EvidenceLink(String kind, long id, Long mark, String label) {
    }

    /** How many units got a grade, in the order the round's policy lists its grades. */
    public record GradeCount(String label, String cssClass, boolean improvement, boolean pending, int units) {
    }

    /**
     * The change since the previous published round of the same indicator system, over the units assessed in both
     * (a unit still 待评 now is left out): the mean change of their totals and, within unchanged groups, how many
     * moved up, down or kept their rank. {@code averageTotalChange} is null when no unit is in both rounds.
     */
    public record Change(String previousRound, int commonUnits, BigDecimal averageTotalChange, int rankUp,
                         int rankDown, int rankSame) {
    }

    /**
     * The strip at the top of the dashboard. {@code averageTotal} is over the units with a final total (null if every
     * unit is still 待评); {@code change} is null when no earlier round of the indicator system was published.
     */
    public record KeyFigures(int units, int pendingUnits, BigDecimal averageTotal, List<GradeCount> grades,
                             int negativeListUnits, Change change) {
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
                           List<GradeScale.Grade> grades, String improvementLabel, List<ImprovementEntry> improvement,
                           KeyFigures keyFigures) {
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

        List<NegativeEntry> negative = negativeList(view, rows);
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
        List<GradeScale.Grade> grades = scale.of(roundId);
        KeyFigures figures = keyFigures(rows, grades, previous.map(RoundInfo::name).orElse(null), deltas);
        return Optional.of(new Dashboard(view.label(), round, previous.orElse(null), overallTau, areas, bins, groups,
                negative, grades, improvementLabel, improvement, figures));
    }

    /**
     * The key figures of the ranking rows. Averages and movements count only units with a final total: a 待评 unit's
     * total is provisional and its rank none, so it is counted apart ({@code pendingUnits}), never as a score.
     */
    static KeyFigures keyFigures(List<Rankings.Row> rows, List<GradeScale.Grade> grades, String previousRound,
                                 Map<Long, RoundComparison.UnitDelta> deltas) {
        List<Rankings.Row> assessed = rows.stream().filter(r -> !r.pending()).toList();
        BigDecimal average = assessed.isEmpty() ? null : assessed.stream().map(Rankings.Row::total)
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(assessed.size()), 2, RoundingMode.HALF_UP);
        Map<String, Integer> perGrade = new HashMap<>();
        rows.forEach(r -> perGrade.merge(r.grade(), 1, Integer::sum));
        List<GradeCount> counts = new ArrayList<>();
        for (GradeScale.Grade g : grades) {
            int n = perGrade.getOrDefault(g.label(), 0);
            boolean pending = g.kind() == GradeScale.Kind.PENDING;
            // 待评 is not a grade a policy gives: shown only when some unit still has it.
            if (!pending || n > 0) {
                counts.add(new GradeCount(g.label(), g.cssClass(), g.improvement(), pending, n));
            }
        }
        int negative = (int) rows.stream().filter(Rankings.Row::negativeList).count();
        Change change = null;
        if (previousRound != null) {
            BigDecimal sum = BigDecimal.ZERO;
            int common = 0;
            int up = 0;
            int down = 0;
            int same = 0;
            for (Rankings.Row row : assessed) {
                RoundComparison.UnitDelta delta = deltas.get(row.unitId());
                if (delta == null) {
                    continue;
                }
                common++;
                sum = sum.add(delta.totalChange());
                if (delta.rankChange() != null) {
                    if (delta.rankChange() > 0) {
                        up++;
                    } else if (delta.rankChange() < 0) {
                        down++;
                    } else {
                        same++;
                    }
                }
            }
            change = new Change(previousRound, common,
                    common == 0 ? null : sum.divide(BigDecimal.valueOf(common), 2, RoundingMode.HALF_UP), up, down, same);
        }
        return new KeyFigures(rows.size(), rows.size() - assessed.size(), average, counts, negative, change);
    }

    /**
     * The view's negative-list entries in the ranking's order (group, then rank), each with the evidence behind it:
     * the captured pages its finding cites (with the finding's excerpt to mark) or the files of the veto hit.
     */
    private List<NegativeEntry> negativeList(ResultView view, List<Rankings.Row> rows) {
        Map<Long, Integer> order = new HashMap<>();
        Map<Long, Rankings.Row> rowOf = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            order.put(rows.get(i).unitId(), i);
            rowOf.put(rows.get(i).unitId(), rows.get(i));
        }
        record Entry(long unitId, String reason, Long findingId, Long manualScoreId) {
        }
        List<Entry> entries = new ArrayList<>();
        ResultTables.Negatives n = ResultTables.negatives(view);
        dsl.select(n.unitId(), n.reason(), n.findingId(), n.manualScoreId()).from(n.table())
                .orderBy(n.unitId(), n.ordinal())
                .forEach(r -> {
                    if (rowOf.containsKey(r.value1())) {
                        entries.add(new Entry(r.value1(), r.value2(), r.value3(), r.value4()));
                    }
                });
        List<Long> findings = entries.stream().map(Entry::findingId).filter(java.util.Objects::nonNull).toList();
        List<Long> scores = entries.stream().map(Entry::manualScoreId).filter(java.util.Objects::nonNull).toList();
        Map<Long, List<EvidenceLink>> ofFinding = findings.isEmpty() ? Map.of()
                : dsl.select(FINDING_EVIDENCE.FINDING_ID, FINDING_EVIDENCE.ID, CAPTURE.ID, CAPTURE.URL)
                .from(FINDING_EVIDENCE).join(CAPTURE).on(CAPTURE.ID.eq(FINDING_EVIDENCE.CAPTURE_ID))
                .where(FINDING_EVIDENCE.FINDING_ID.in(findings))
                .orderBy(FINDING_EVIDENCE.ID)
                .fetchGroups(FINDING_EVIDENCE.FINDING_ID,
                        r -> new EvidenceLink("capture", r.value3(), r.value2(), r.value4()));
        Map<Long, List<EvidenceLink>> ofScore = scores.isEmpty() ? Map.of()
                : dsl.select(MANUAL_SCORE_FILE.MANUAL_SCORE_ID, MANUAL_SCORE_FILE.ID, MANUAL_SCORE_FILE.FILE_NAME)
                .from(MANUAL_SCORE_FILE).where(MANUAL_SCORE_FILE.MANUAL_SCORE_ID.in(scores))
                .orderBy(MANUAL_SCORE_FILE.ID)
                .fetchGroups(MANUAL_SCORE_FILE.MANUAL_SCORE_ID,
                        r -> new EvidenceLink("file", r.value2(), null, r.value3()));
        return entries.stream()
                .sorted(java.util.Comparator.comparing((Entry e) -> order.get(e.unitId())))
                .map(e -> {
                    Rankings.Row unit = rowOf.get(e.unitId());
                    List<EvidenceLink> evidence = e.findingId() != null
                            ? ofFinding.getOrDefault(e.findingId(), List.of())
                            : e.manualScoreId() != null ? ofScore.getOrDefault(e.manualScoreId(), List.of()) : List.of();
                    return new NegativeEntry(unit.unitId(), unit.unitName(), unit.groupName(), e.reason(), evidence);
                })
                .toList();
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
