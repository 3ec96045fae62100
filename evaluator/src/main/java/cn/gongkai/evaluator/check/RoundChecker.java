package cn.gongkai.evaluator.check;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
import cn.gongkai.evaluator.check.budget.BudgetColumnChecker;
import cn.gongkai.evaluator.check.budget.BudgetDisclosureChecker;
import cn.gongkai.evaluator.check.disclosure.DisclosureChecks;
import cn.gongkai.evaluator.check.interpretation.InterpretationChecks;
import cn.gongkai.evaluator.check.platform.BlankColumnsChecker;
import cn.gongkai.evaluator.check.platform.DeadLinksChecker;
import cn.gongkai.evaluator.check.platform.HomepageChecks;
import cn.gongkai.evaluator.check.platform.SiteAvailabilityChecker;
import cn.gongkai.evaluator.check.response.MessageChecks;
import cn.gongkai.evaluator.check.response.OpinionResponseChecker;
import cn.gongkai.evaluator.check.timeliness.BackdatedItemsChecker;
import cn.gongkai.evaluator.check.timeliness.ColumnUpdateChecker;
import cn.gongkai.evaluator.check.timeliness.HomepageUpdateChecker;
import cn.gongkai.evaluator.check.timeliness.ProactiveDisclosureTimelinessChecker;
import cn.gongkai.evaluator.check.timeliness.UndatedItemsChecker;
import cn.gongkai.evaluator.check.wechat.WechatChecks;
import cn.gongkai.evaluator.document.AnnualReportChecker;
import cn.gongkai.evaluator.document.AnnualReportRequestsChecker;
import cn.gongkai.evaluator.document.AnnualReportTimelinessChecker;
import cn.gongkai.evaluator.document.CapturedDocuments;
import cn.gongkai.evaluator.document.DocumentReader;
import cn.gongkai.evaluator.wording.WordingErrorsChecker;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the checker of every machine-checked point of a round on every unit it applies to, and stores one finding
 * per (unit, point) with its evidence, replacing the previous finding.
 */
public final class RoundChecker {

    private static final Logger LOG = LoggerFactory.getLogger(RoundChecker.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext dsl;
    private final EvidenceStore evidence;
    private final Map<String, Checker> checkers;
    /** Re-read before each check, so a year added under gongkai.home is used without a restart; null: none. */
    private final WorkingDayCalendar calendar;

    public RoundChecker(DSLContext dsl, EvidenceStore evidence, List<Checker> checkers) {
        this(dsl, evidence, checkers, null);
    }

    private RoundChecker(DSLContext dsl, EvidenceStore evidence, List<Checker> checkers, WorkingDayCalendar calendar) {
        this.dsl = dsl;
        this.evidence = evidence;
        this.checkers = checkers.stream().collect(Collectors.toMap(Checker::type, Function.identity()));
        this.calendar = calendar;
    }

    public static RoundChecker withDefaultCheckers(DSLContext dsl, EvidenceStore evidence) {
        return withDefaultCheckers(dsl, evidence, WorkingDayCalendar.china());
    }

    /** {@code calendar}: e.g. {@link WorkingDayCalendar#chinaWithYearsFrom} for years added after the build. */
    public static RoundChecker withDefaultCheckers(DSLContext dsl, EvidenceStore evidence,
                                                   WorkingDayCalendar calendar) {
        return new RoundChecker(dsl, evidence, defaultCheckers(dsl, evidence, calendar), calendar);
    }

    /** Every checker gongkai ships; an indicator system may name only these types. */
    public static List<Checker> defaultCheckers(DSLContext dsl, EvidenceStore evidence) {
        return defaultCheckers(dsl, evidence, WorkingDayCalendar.china());
    }

    private static List<Checker> defaultCheckers(DSLContext dsl, EvidenceStore evidence,
                                                 WorkingDayCalendar calendar) {
        // One reader for both annual-report checkers: they read the same reports, and Tika is costly to set up.
        CapturedDocuments documents = new CapturedDocuments(dsl, evidence, DocumentReader.defaults());
        return List.of(
                new AnnualReportChecker(documents),
                new AnnualReportTimelinessChecker(documents),
                new AnnualReportRequestsChecker(documents),
                new WordingErrorsChecker(),
                MessageChecks.unanswered(),
                MessageChecks.replyTime(calendar),
                MessageChecks.replyRate(calendar),
                new OpinionResponseChecker(),
                WechatChecks.update(),
                WechatChecks.frequency(),
                WechatChecks.originality(),
                WechatChecks.siteLinks(),
                WechatChecks.interaction(),
                new HomepageUpdateChecker(),
                new SiteAvailabilityChecker(),
                new ColumnUpdateChecker(),
                new UndatedItemsChecker(),
                new ProactiveDisclosureTimelinessChecker(calendar),
                new BackdatedItemsChecker(),
                new BlankColumnsChecker(),
                new DeadLinksChecker(),
                HomepageChecks.siteIdentifiers(),
                HomepageChecks.metaTags(),
                HomepageChecks.searchFunction(),
                DisclosureChecks.structure(),
                DisclosureChecks.guide(),
                DisclosureChecks.catalogue(),
                InterpretationChecks.coverage(),
                InterpretationChecks.timeliness(calendar),
                InterpretationChecks.links(),
                InterpretationChecks.forms(),
                InterpretationChecks.interpreter(),
                InterpretationChecks.principal(),
                new BudgetDisclosureChecker(),
                new BudgetColumnChecker());
    }

    /** The types of {@link #defaultCheckers}; checkers only keep their arguments, so none are needed to list them. */
    public static Set<String> defaultCheckerTypes() {
        return defaultCheckers(null, null).stream().map(Checker::type).collect(Collectors.toUnmodifiableSet());
    }

    /** Returns the number of findings written. */
    public int check(long roundId) {
        return check(roundId, null);
    }

    /**
     * Checks one unit of the round again (after one of its channels was captured anew); the other units' findings
     * stay as they are. Returns the number of findings written.
     */
    public int checkUnit(long roundId, long unitId) {
        return check(roundId, unitId);
    }

    private int check(long roundId, Long onlyUnit) {
        if (calendar != null) {
            try {
                calendar.reload();
            } catch (RuntimeException e) {
                // The calendar keeps the years it had; a point needing the refused year says why it is unknown.
                LOG.warn("Working-day calendar not reloaded: {}", e.getMessage());
            }
        }
        var round = dsl.select(ASSESSMENT_ROUND.REFERENCE_DATE, ASSESSMENT_ROUND.PERIOD_START,
                        ASSESSMENT_ROUND.PERIOD_END)
                .from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOptional()
                .orElseThrow(() -> new IllegalArgumentException("评估轮次不存在：" + roundId));
        LocalDate referenceDate = round.value1();
        var points = dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.CODE, EVALUATION_POINT.CHECKER_TYPE,
                        EVALUATION_POINT.CHECKER_PARAMS, EVALUATION_POINT.APPLIES_TO)
                .from(ROUND_POINT)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId))
                .and(EVALUATION_POINT.METHOD.in("AUTO", "ASSISTED"))
                .and(EVALUATION_POINT.CHECKER_TYPE.isNotNull())
                .orderBy(EVALUATION_POINT.ORDINAL, EVALUATION_POINT.ID)
                .fetch();
        for (Record point : points) {
            if (!checkers.containsKey(point.get(EVALUATION_POINT.CHECKER_TYPE))) {
                throw new IllegalStateException("评估点 " + point.get(EVALUATION_POINT.CODE) + " 使用了不存在的检查器："
                        + point.get(EVALUATION_POINT.CHECKER_TYPE));
            }
        }
        var units = dsl.select(UNIT.ID, UNIT.UNIT_TYPE).from(ROUND_UNIT).join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId))
                .and(onlyUnit == null ? org.jooq.impl.DSL.noCondition() : UNIT.ID.eq(onlyUnit))
                .orderBy(UNIT.ID).fetch();
        Captures captures = new Captures(dsl, evidence);
        int written = 0;
        for (var unit : units) {
            var channels = dsl.select(CHANNEL.ID, CHANNEL.URL, CHANNEL.KIND).from(CHANNEL)
                    .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                    .where(ROUND_CHANNEL.ROUND_ID.eq(roundId))
                    .and(CHANNEL.UNIT_ID.eq(unit.value1()))
                    .orderBy(CHANNEL.ID).fetch();
            Map<Long, Optional<String>> captureFailures = new HashMap<>();
            for (Record point : points) {
                List<String> appliesTo = Arrays.asList(point.get(EVALUATION_POINT.APPLIES_TO).split(","));
                if (!appliesTo.contains(unit.value2())) {
                    continue;
                }
                Checker checker = checkers.get(point.get(EVALUATION_POINT.CHECKER_TYPE));
                Map<String, Object> params = params(point.get(EVALUATION_POINT.CHECKER_PARAMS));
                Map<Long, CheckResult> perChannel = new LinkedHashMap<>();
                for (var channel : channels) {
                    if (!channel.value3().equals(checker.channelKind())) {
                        continue;
                    }
                    // Nothing read is nothing judged: a channel whose capture failed leaves its points 待评, never
                    // PASS (no defect seen) nor FAIL (nothing found), whatever a checker would make of no pages.
                    Optional<String> failure = captureFailures.computeIfAbsent(channel.value1(),
                            id -> captures.captureFailure(roundId, id));
                    CheckResult result = failure.isPresent() ? CheckResult.uncertain(failure.get())
                            : checkSafely(checker, point.get(EVALUATION_POINT.CODE), new CheckContext(roundId,
                                    referenceDate, unit.value1(), channel.value1(), channel.value2(), params,
                                    captures, round.value2(), round.value3()));
                    perChannel.put(channel.value1(), unlessCut(result, captures, roundId, channel.value1()));
                }
                store(roundId, unit.value1(), point.get(EVALUATION_POINT.ID), perChannel);
                written++;
            }
        }
        return written;
    }

    /**
     * Nothing unread counts as failed: "not found" means not found in what was captured, and a capture cut short by a
     * budget did not read everything, so such a failure stays with a person, its evidence kept.
     */
    private static CheckResult unlessCut(CheckResult result, Captures captures, long roundId, long channelId) {
        if (result.status() != FindingStatus.FAIL || !result.notFound()) {
            return result;
        }
        return captures.captureCut(roundId, channelId).map(cut -> CheckResult.uncertain(result.message()
                + "；但该渠道本轮采集未完成（" + cut + "），未采集的页面中可能有，需人工核实，或提高抓取上限后重新采集该渠道",
                result.evidence())).orElse(result);
    }

    /**
     * One checker's error (a bug, a page it cannot parse, a year missing from the working-day calendar) must not
     * stop the other checks of the round: the point is left for a person, with the error as the reason.
     */
    private static CheckResult checkSafely(Checker checker, String pointCode, CheckContext context) {
        try {
            return checker.check(context);
        } catch (RuntimeException e) {
            LOG.warn("Checker {} failed on point {}, unit {}, channel {}", checker.type(), pointCode,
                    context.unitId(), context.channelId(), e);
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            // The finding's message column holds 2,000 characters.
            if (reason.length() > 1500) {
                reason = reason.substring(0, 1500) + "……";
            }
            return CheckResult.uncertain("检查器 " + checker.type() + " 运行出错，本项需人工复核：" + reason);
        }
    }

    /** A unit with several websites is judged by the worst of them: one failing site is a failure of the unit. */
    private void store(long roundId, long unitId, long pointId, Map<Long, CheckResult> perChannel) {
        Long channelId = null;
        CheckResult result = new CheckResult(FindingStatus.NOT_ASSESSABLE, null, null,
                "本轮未登记该单位的相应渠道（网站或公众号），需人工评估", List.of());
        for (var entry : perChannel.entrySet()) {
            if (channelId == null || severity(entry.getValue().status()) > severity(result.status())) {
                channelId = entry.getKey();
                result = entry.getValue();
            }
        }
        Long finalChannelId = channelId;
        CheckResult finalResult = result;
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        // Updated in place, so reviews and negative-list entries keep pointing at the same finding.
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            Long findingId = db.select(FINDING.ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId))
                    .and(FINDING.UNIT_ID.eq(unitId)).and(FINDING.POINT_ID.eq(pointId)).forUpdate()
                    .fetchOne(FINDING.ID);
            if (findingId == null) {
                findingId = db.insertInto(FINDING, FINDING.ROUND_ID, FINDING.UNIT_ID, FINDING.POINT_ID,
                                FINDING.CHANNEL_ID, FINDING.STATUS, FINDING.SCORE_FRACTION, FINDING.MEASURED_VALUE,
                                FINDING.MESSAGE, FINDING.CHECKED_AT)
                        .values(roundId, unitId, pointId, finalChannelId, finalResult.status().name(),
                                finalResult.scoreFraction(), finalResult.measuredValue(), finalResult.message(), now)
                        .returning(FINDING.ID).fetchOne().getId();
            } else {
                db.update(FINDING)
                        .set(FINDING.CHANNEL_ID, finalChannelId)
                        .set(FINDING.STATUS, finalResult.status().name())
                        .set(FINDING.SCORE_FRACTION, finalResult.scoreFraction())
                        .set(FINDING.MEASURED_VALUE, finalResult.measuredValue())
                        .set(FINDING.MESSAGE, finalResult.message())
                        .set(FINDING.CHECKED_AT, now)
                        .where(FINDING.ID.eq(findingId))
                        .execute();
                db.deleteFrom(FINDING_EVIDENCE).where(FINDING_EVIDENCE.FINDING_ID.eq(findingId)).execute();
            }
            for (Evidence evidence : finalResult.evidence()) {
                db.insertInto(FINDING_EVIDENCE, FINDING_EVIDENCE.FINDING_ID, FINDING_EVIDENCE.CAPTURE_ID,
                        FINDING_EVIDENCE.EXCERPT).values(findingId, evidence.captureId(), evidence.excerpt()).execute();
            }
        });
    }

    private static int severity(FindingStatus status) {
        return switch (status) {
            case NOT_APPLICABLE -> 0;
            case PASS -> 1;
            case NOT_ASSESSABLE -> 2;
            case PARTIAL -> 3;
            case UNCERTAIN -> 4;
            case FAIL -> 5;
        };
    }

    private static Map<String, Object> params(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
    }
}
