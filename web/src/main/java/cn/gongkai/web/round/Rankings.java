package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.RANK_UNCERTAINTY_RUN;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;

import cn.gongkai.web.visibility.ResultTables;
import cn.gongkai.web.visibility.ResultView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Reads a round's results as rankings within groups. */
@Repository
public class Rankings {

    /**
     * One ranked unit. {@code negativeReasons} is empty unless the unit is on the negative list. A unit with
     * {@code pendingPoints} (待评) has a provisional total, rank 0 (none) and the grade 待评.
     */
    public record Row(long groupId, String groupName, int rank, long unitId, String unitCode, String unitName,
                      BigDecimal total, String grade, boolean negativeList, String negativeReasons,
                      int pendingPoints) {

        public boolean pending() {
            return pendingPoints > 0;
        }
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

    private static final Duration BOARD_MAX_AGE = Duration.ofMinutes(1);
    private static final int MAX_BOARDS = 16;

    private final DSLContext dsl;
    private final Map<String, CachedBoard> boards = new ConcurrentHashMap<>();

    public Rankings(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The working ranking (what evaluators and batch mode read), group by group, best first within a group, then the
     * group's units with 待评 points by provisional total.
     */
    public List<Row> of(long roundId) {
        return of(ResultView.working(roundId, null));
    }

    /** Ranked units as the view holds them, group by group in the order groups were created, best first. */
    public List<Row> of(ResultView view) {
        Map<Long, String> reasons = new HashMap<>();
        ResultTables.Negatives n = ResultTables.negatives(view);
        dsl.select(n.unitId(), n.reason()).from(n.table()).orderBy(n.ordinal())
                .forEach(r -> reasons.merge(r.value1(), r.value2(), (a, b) -> a + "；" + b));
        ResultTables.Units u = ResultTables.units(view);
        return dsl.select(UNIT_GROUP.ID, UNIT_GROUP.NAME, u.rank(), UNIT.ID, UNIT.CODE, UNIT.NAME,
                        u.total(), u.grade(), u.negativeList(), u.pendingPoints())
                .from(u.table())
                .join(UNIT).on(UNIT.ID.eq(u.unitId()))
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(u.groupId()))
                .orderBy(UNIT_GROUP.ID, DSL.when(u.pendingPoints().gt(0), DSL.inline(1)).else_(DSL.inline(0)),
                        u.rank(), u.total().desc(), UNIT.CODE)
                .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), Boolean.TRUE.equals(r.value9()), reasons.getOrDefault(r.value4(), ""),
                        r.value10()));
    }

    /**
     * A round's whole ranking for the ranking page, read once and kept until the round is scored again (the key holds
     * the latest {@code computed_at} and the count of results, which every scoring run changes, and the time of the
     * last uncertainty analysis) or for at most {@link #BOARD_MAX_AGE}, so that a unit renamed elsewhere shows soon.
     * Pages, look-ups and positions are then taken in memory: a page of a round of 3,000 units costs one small query.
     */
    public Board board(long roundId) {
        return board(ResultView.working(roundId, null));
    }

    /** The ranking page's board for the view; a published snapshot never changes, so its board is kept by its id. */
    public Board board(ResultView view) {
        long roundId = view.roundId();
        BoardKey key;
        if (view.published()) {
            key = new BoardKey(view.snapshotId(), null, 0, null);
        } else {
            var stamp = dsl.select(DSL.max(UNIT_RESULT.COMPUTED_AT), DSL.count()).from(UNIT_RESULT)
                    .where(UNIT_RESULT.ROUND_ID.eq(roundId)).fetchOne();
            LocalDateTime uncertainty = dsl.select(RANK_UNCERTAINTY_RUN.COMPUTED_AT).from(RANK_UNCERTAINTY_RUN)
                    .where(RANK_UNCERTAINTY_RUN.ROUND_ID.eq(roundId)).fetchOne(RANK_UNCERTAINTY_RUN.COMPUTED_AT);
            key = new BoardKey(null, stamp.value1(), stamp.value2(), uncertainty);
        }
        String cacheKey = (view.published() ? "s" : "w") + roundId;
        CachedBoard cached = boards.get(cacheKey);
        long now = System.nanoTime();
        if (cached != null && cached.key().equals(key) && now - cached.readAt() < BOARD_MAX_AGE.toNanos()) {
            return cached.board();
        }
        Board board = readBoard(view);
        if (boards.size() >= MAX_BOARDS) {
            boards.clear();
        }
        boards.put(cacheKey, new CachedBoard(key, now, board));
        return board;
    }

    private Board readBoard(ResultView view) {
        Map<Long, Integer[]> intervals = new HashMap<>();
        ResultTables.Units u = ResultTables.units(view);
        dsl.select(u.unitId(), u.p05Rank(), u.p95Rank()).from(u.table())
                .forEach(r -> intervals.put(r.value1(), new Integer[] {r.value2(), r.value3()}));
        return new Board(of(view).stream().map(row -> {
            Integer[] interval = intervals.get(row.unitId());
            return new Line(row, interval == null ? null : interval[0], interval == null ? null : interval[1]);
        }).toList());
    }

    private record BoardKey(Long snapshotId, LocalDateTime computedAt, int results, LocalDateTime uncertaintyAt) {
    }

    private record CachedBoard(BoardKey key, long readAt, Board board) {
    }

    /** A round's ranked units in page order: group by group in the order groups were created, best first. */
    public static final class Board {

        private final List<Line> lines;
        private final List<GroupSummary> groups;
        private final Map<Long, Position> positions = new HashMap<>();

        Board(List<Line> lines) {
            this.lines = lines;
            Map<Long, GroupSummary> summaries = new LinkedHashMap<>();
            for (Line line : lines) {
                Row row = line.row();
                GroupSummary before = summaries.getOrDefault(row.groupId(),
                        new GroupSummary(row.groupId(), row.groupName(), 0, 0, new LinkedHashMap<>()));
                positions.put(row.unitId(), new Position(row.groupId(), before.units()));
                // Lines come best first, so grades appear in the order of their best rank: 优秀 before 良好.
                before.grades().merge(row.grade(), 1, Integer::sum);
                summaries.put(row.groupId(), new GroupSummary(before.id(), before.name(), before.units() + 1,
                        before.negativeList() + (row.negativeList() ? 1 : 0), before.grades()));
            }
            this.groups = List.copyOf(summaries.values());
        }

        public List<GroupSummary> groups() {
            return groups;
        }

        /**
         * One page of {@code size} units of a group; with a {@code search} (part of a unit's name, or its code) the
         * units of every group that match it instead. A page past the last is the last.
         */
        public Page page(long groupId, String search, int number, int size) {
            String term = search == null ? "" : search.strip();
            List<Line> matching = lines.stream().filter(term.isEmpty()
                    ? line -> line.row().groupId() == groupId
                    : line -> line.row().unitName().contains(term) || line.row().unitCode().equals(term)).toList();
            int pages = Math.max(1, (matching.size() + size - 1) / size);
            int page = Math.min(Math.max(1, number), pages);
            return new Page(matching.subList(Math.min(matching.size(), (page - 1) * size),
                    Math.min(matching.size(), page * size)), page, pages, matching.size());
        }

        /** Where a unit stands in its group's ranking, if it was ranked in this round. */
        public Optional<Position> positionOf(long unitId) {
            return Optional.ofNullable(positions.get(unitId));
        }
    }

    /** Where a unit stands in its group's ranking: its group and its 0-based place in the page order. */
    public record Position(long groupId, int index) {
    }

    public List<RoundSummary> rounds() {
        return dsl.select(ASSESSMENT_ROUND.ID, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.STATUS,
                        ASSESSMENT_ROUND.REFERENCE_DATE)
                .from(ASSESSMENT_ROUND)
                .orderBy(ASSESSMENT_ROUND.ID.desc())
                .fetch(r -> new RoundSummary(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /**
     * The ranking as CSV with the header {@code group,rank,unit,total,grade,negative_list}. Units with 待评 points come
     * after the complete ones, with neither rank nor total (theirs is only provisional) and the grade 待评.
     */
    public String csv(long roundId) {
        List<Row> rows = of(roundId);
        StringBuilder out = new StringBuilder("group,rank,unit,total,grade,negative_list\n");
        for (boolean pending : new boolean[] {false, true}) {
            for (Row row : rows) {
                if (row.pending() != pending) {
                    continue;
                }
                out.append(csvField(row.groupName())).append(',')
                        .append(pending ? "" : String.valueOf(row.rank())).append(',')
                        .append(csvField(row.unitName())).append(',')
                        .append(pending ? "" : row.total().setScale(2, RoundingMode.HALF_UP).toPlainString())
                        .append(',')
                        .append(csvField(row.grade())).append(',')
                        .append(row.negativeList() ? "yes" : "no").append('\n');
            }
        }
        return out.toString();
    }

    /** Whether every unit of the round is completely assessed (no 待评 point), so its totals and grades are final. */
    public boolean complete(long roundId) {
        return !dsl.fetchExists(UNIT_RESULT, UNIT_RESULT.ROUND_ID.eq(roundId).and(UNIT_RESULT.PENDING_POINTS.gt(0)));
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
