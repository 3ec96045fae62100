package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
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
