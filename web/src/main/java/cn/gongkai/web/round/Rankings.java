package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.RANK_UNCERTAINTY;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Reads a round's results as rankings within groups. */
@Repository
public class Rankings {

    /** One ranked unit. {@code negativeReasons} is empty unless the unit is on the negative list. */
    public record Row(long groupId, String groupName, int rank, long unitId, String unitCode, String unitName,
                      BigDecimal total, String grade, boolean negativeList, String negativeReasons) {
    }

    public record RoundSummary(long id, String name, String status, LocalDate referenceDate) {
    }

    /** A group of a round's ranking: its units, how many are on the negative list, and units per grade, best first. */
    public record GroupSummary(long id, String name, int units, int negativeList, Map<String, Integer> grades) {
    }

    /** A ranked unit with its rank-uncertainty interval (5th to 95th percentile; null until it was computed). */
    public record Line(Row row, Integer rankLow, Integer rankHigh) {
    }

    /** One page of a ranking: {@code matching} units in all, {@code pages} pages of them. */
    public record Page(List<Line> lines, int number, int pages, int matching) {
    }

    private final DSLContext dsl;

    public Rankings(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Ranked units, group by group in the order groups were created, best first within a group. */
    public List<Row> of(long roundId) {
        Map<Long, String> reasons = new HashMap<>();
        dsl.select(NEGATIVE_LIST_ENTRY.UNIT_ID, NEGATIVE_LIST_ENTRY.REASON)
                .from(NEGATIVE_LIST_ENTRY)
                .where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId))
                .orderBy(NEGATIVE_LIST_ENTRY.ID)
                .forEach(r -> reasons.merge(r.value1(), r.value2(), (a, b) -> a + "；" + b));
        return dsl.select(UNIT_GROUP.ID, UNIT_GROUP.NAME, UNIT_RESULT.RANK_IN_GROUP, UNIT.ID, UNIT.CODE, UNIT.NAME,
                        UNIT_RESULT.TOTAL, UNIT_RESULT.GRADE, UNIT_RESULT.NEGATIVE_LIST)
                .from(UNIT_RESULT)
                .join(UNIT).on(UNIT.ID.eq(UNIT_RESULT.UNIT_ID))
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(UNIT_RESULT.GROUP_ID))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .orderBy(UNIT_GROUP.ID, UNIT_RESULT.RANK_IN_GROUP, UNIT.CODE)
                .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), Boolean.TRUE.equals(r.value9()), reasons.getOrDefault(r.value4(), "")));
    }

    /** The round's groups in the order groups were created. */
    public List<GroupSummary> groups(long roundId) {
        Map<Long, GroupSummary> groups = new LinkedHashMap<>();
        dsl.select(UNIT_GROUP.ID, UNIT_GROUP.NAME, UNIT_RESULT.GRADE, DSL.count(),
                        DSL.sum(DSL.when(UNIT_RESULT.NEGATIVE_LIST.isTrue(), 1).otherwise(0)))
                .from(UNIT_RESULT)
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(UNIT_RESULT.GROUP_ID))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .groupBy(UNIT_GROUP.ID, UNIT_GROUP.NAME, UNIT_RESULT.GRADE)
                // Grades in the order of their best rank: 优秀 before 良好 whatever their names.
                .orderBy(UNIT_GROUP.ID, DSL.min(UNIT_RESULT.RANK_IN_GROUP))
                .forEach(r -> {
                    GroupSummary before = groups.computeIfAbsent(r.value1(),
                            id -> new GroupSummary(id, r.value2(), 0, 0, new LinkedHashMap<>()));
                    before.grades().put(r.value3(), r.value4());
                    groups.put(r.value1(), new GroupSummary(before.id(), before.name(), before.units() + r.value4(),
                            before.negativeList() + r.value5().intValue(), before.grades()));
                });
        return new ArrayList<>(groups.values());
    }

    /**
     * One page of {@code size} ranked units of a group, best first; with a {@code search} (part of a unit's name, or
     * its code) the units of every group that match it instead. Only the page's rows are read, so a round of
     * thousands of units costs no more than a small one.
     */
    public Page page(long roundId, long groupId, String search, int number, int size) {
        Condition where = UNIT_RESULT.ROUND_ID.eq(roundId);
        String term = search == null ? "" : search.strip();
        if (term.isEmpty()) {
            where = where.and(UNIT_RESULT.GROUP_ID.eq(groupId));
        } else {
            where = where.and(UNIT.NAME.contains(term).or(UNIT.CODE.eq(term)));
        }
        int matching = dsl.selectCount().from(UNIT_RESULT)
                .join(UNIT).on(UNIT.ID.eq(UNIT_RESULT.UNIT_ID)).where(where).fetchOne(0, int.class);
        int pages = Math.max(1, (matching + size - 1) / size);
        int page = Math.min(Math.max(1, number), pages);
        var records = dsl.select(UNIT_GROUP.ID, UNIT_GROUP.NAME, UNIT_RESULT.RANK_IN_GROUP, UNIT.ID, UNIT.CODE,
                        UNIT.NAME, UNIT_RESULT.TOTAL, UNIT_RESULT.GRADE, UNIT_RESULT.NEGATIVE_LIST,
                        RANK_UNCERTAINTY.P05_RANK, RANK_UNCERTAINTY.P95_RANK)
                .from(UNIT_RESULT)
                .join(UNIT).on(UNIT.ID.eq(UNIT_RESULT.UNIT_ID))
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(UNIT_RESULT.GROUP_ID))
                .leftJoin(RANK_UNCERTAINTY).on(RANK_UNCERTAINTY.ROUND_ID.eq(UNIT_RESULT.ROUND_ID))
                .and(RANK_UNCERTAINTY.UNIT_ID.eq(UNIT_RESULT.UNIT_ID))
                .where(where)
                .orderBy(UNIT_GROUP.ID, UNIT_RESULT.RANK_IN_GROUP, UNIT.CODE)
                .limit(size).offset((page - 1) * size)
                .fetch();
        Map<Long, String> reasons = new HashMap<>();
        List<Long> negative = records.stream().filter(r -> Boolean.TRUE.equals(r.value9())).map(r -> r.value4()).toList();
        if (!negative.isEmpty()) {
            dsl.select(NEGATIVE_LIST_ENTRY.UNIT_ID, NEGATIVE_LIST_ENTRY.REASON)
                    .from(NEGATIVE_LIST_ENTRY)
                    .where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId)).and(NEGATIVE_LIST_ENTRY.UNIT_ID.in(negative))
                    .orderBy(NEGATIVE_LIST_ENTRY.ID)
                    .forEach(r -> reasons.merge(r.value1(), r.value2(), (a, b) -> a + "；" + b));
        }
        List<Line> lines = records.map(r -> new Line(new Row(r.value1(), r.value2(), r.value3(), r.value4(),
                r.value5(), r.value6(), r.value7(), r.value8(), Boolean.TRUE.equals(r.value9()),
                reasons.getOrDefault(r.value4(), "")), r.value10(), r.value11()));
        return new Page(lines, page, pages, matching);
    }

    /** Where a unit stands in its group's ranking: its group and its 0-based place in the page order. */
    public record Position(long groupId, int index) {
    }

    public Optional<Position> positionOf(long roundId, long unitId) {
        var unit = dsl.select(UNIT_RESULT.GROUP_ID, UNIT_RESULT.RANK_IN_GROUP, UNIT.CODE).from(UNIT_RESULT)
                .join(UNIT).on(UNIT.ID.eq(UNIT_RESULT.UNIT_ID))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId)).and(UNIT_RESULT.UNIT_ID.eq(unitId)).fetchOne();
        if (unit == null) {
            return Optional.empty();
        }
        // The units before it in the order of page(): better ranks, then equal ranks with a smaller code.
        int before = dsl.selectCount().from(UNIT_RESULT)
                .join(UNIT).on(UNIT.ID.eq(UNIT_RESULT.UNIT_ID))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId)).and(UNIT_RESULT.GROUP_ID.eq(unit.value1()))
                .and(UNIT_RESULT.RANK_IN_GROUP.lt(unit.value2())
                        .or(UNIT_RESULT.RANK_IN_GROUP.eq(unit.value2()).and(UNIT.CODE.lt(unit.value3()))))
                .fetchOne(0, int.class);
        return Optional.of(new Position(unit.value1(), before));
    }

    public List<RoundSummary> rounds() {
        return dsl.select(ASSESSMENT_ROUND.ID, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.STATUS,
                        ASSESSMENT_ROUND.REFERENCE_DATE)
                .from(ASSESSMENT_ROUND)
                .orderBy(ASSESSMENT_ROUND.ID.desc())
                .fetch(r -> new RoundSummary(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** The newest round that has results. */
    public Optional<Long> latestScoredRound() {
        return dsl.selectDistinct(UNIT_RESULT.ROUND_ID).from(UNIT_RESULT).orderBy(UNIT_RESULT.ROUND_ID.desc()).limit(1)
                .fetchOptional(UNIT_RESULT.ROUND_ID);
    }

    /** The newest round in which the unit has a result. */
    public Optional<Long> latestRoundOf(long unitId) {
        return dsl.select(UNIT_RESULT.ROUND_ID).from(UNIT_RESULT).where(UNIT_RESULT.UNIT_ID.eq(unitId))
                .orderBy(UNIT_RESULT.ROUND_ID.desc()).limit(1).fetchOptional(UNIT_RESULT.ROUND_ID);
    }

    /** The ranking as CSV with the header {@code group,rank,unit,total,grade,negative_list}. */
    public String csv(long roundId) {
        StringBuilder out = new StringBuilder("group,rank,unit,total,grade,negative_list\n");
        for (Row row : of(roundId)) {
            out.append(csvField(row.groupName())).append(',')
                    .append(row.rank()).append(',')
                    .append(csvField(row.unitName())).append(',')
                    .append(row.total().setScale(2, RoundingMode.HALF_UP).toPlainString()).append(',')
                    .append(csvField(row.grade())).append(',')
                    .append(row.negativeList() ? "yes" : "no").append('\n');
        }
        return out.toString();
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
