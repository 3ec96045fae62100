package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.REVIEW_FILE;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.jooq.impl.DSL.count;

import cn.gongkai.scoring.PendingPoints;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.scoring.publish.Publisher;
import cn.gongkai.web.round.RoundFormOptions;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundScheduler;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.evidence.EvidenceFileException;
import cn.gongkai.web.evidence.EvidenceFiles;
import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.rectification.Rectifications;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.UnitAccess;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The evaluators' workbench: rounds and their moves, the review queue (overrides may carry an evidence file), and
 * the audit log. Evaluators only, except the download of an override's evidence file.
 */
@Controller
class WorkbenchController {

    private final DSLContext dsl;
    private final RoundLifecycle lifecycle;
    private final RoundScheduler scheduler;
    private final RoundScorer scorer;
    private final ReviewQueue queue;
    private final Reviews reviews;
    private final SecondReviews secondReviews;
    private final Publisher publisher;
    private final EvidenceFiles evidenceFiles;
    private final UnitAccess access;
    private final CaptureHealth captureHealth;
    private final Rectifications rectifications;
    private final RoundFormOptions roundFormOptions;

    WorkbenchController(DSLContext dsl, RoundLifecycle lifecycle, RoundScheduler scheduler, RoundScorer scorer,
                        ReviewQueue queue, Reviews reviews, SecondReviews secondReviews, Publisher publisher,
                        EvidenceFiles evidenceFiles, UnitAccess access, CaptureHealth captureHealth,
                        Rectifications rectifications, RoundFormOptions roundFormOptions) {
        this.roundFormOptions = roundFormOptions;
        this.rectifications = rectifications;
        this.captureHealth = captureHealth;
        this.evidenceFiles = evidenceFiles;
        this.access = access;
        this.dsl = dsl;
        this.lifecycle = lifecycle;
        this.scheduler = scheduler;
        this.scorer = scorer;
        this.queue = queue;
        this.reviews = reviews;
        this.secondReviews = secondReviews;
        this.publisher = publisher;
    }

    /**
     * A round on the workbench: {@code pendingPoints} (待评) and {@code capture} are read for rounds under way only
     * (null for drafts and published rounds).
     */
    record RoundLine(long id, String name, RoundStatus status, java.time.LocalDate referenceDate,
                     Map<String, Integer> findings, Integer pendingPoints, CaptureHealth.Summary capture) {
    }

    @GetMapping("/workbench")
    String rounds(Model model) {
        Map<Long, Map<String, Integer>> counts = dsl.select(FINDING.ROUND_ID, FINDING.STATUS, count())
                .from(FINDING).groupBy(FINDING.ROUND_ID, FINDING.STATUS).fetch()
                .stream().collect(Collectors.groupingBy(r -> r.value1(),
                        Collectors.toMap(r -> r.value2(), r -> r.value3())));
        List<RoundLine> rounds = dsl.select(ASSESSMENT_ROUND.ID, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.STATUS,
                        ASSESSMENT_ROUND.REFERENCE_DATE)
                .from(ASSESSMENT_ROUND).orderBy(ASSESSMENT_ROUND.ID.desc())
                .fetch(r -> {
                    RoundStatus status = RoundStatus.valueOf(r.value3());
                    boolean underWay = status != RoundStatus.DRAFT && status != RoundStatus.FINAL;
                    return new RoundLine(r.value1(), r.value2(), status, r.value4(),
                            counts.getOrDefault(r.value1(), Map.of()),
                            underWay ? new PendingPoints(dsl).count(r.value1()) : null,
                            underWay ? captureHealth.summary(r.value1()) : null);
                });
        model.addAttribute("rounds", rounds);
        roundFormOptions.addTo(model);
        return "workbench";
    }

    @PostMapping("/workbench/rounds/{roundId}/move")
    String move(@PathVariable long roundId, @RequestParam RoundStatus target, @RequestParam(required = false) String reason,
                @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        try {
            TextInput.limited(reason, "操作理由", TextInput.REASON_MAX);
            if (target == RoundStatus.CAPTURING) {
                scheduler.runNow(roundId);
                flash.addFlashAttribute("message", "已开始采集、检查与计分");
            } else if (target == RoundStatus.FINAL) {
                if (!lifecycle.status(roundId).canMoveTo(RoundStatus.FINAL)) {
                    throw new IllegalStateException("只有处于「反馈申诉期」的评估轮次才能发布");
                }
                int outstanding = secondReviews.outstanding(roundId);
                if (outstanding > 0) {
                    throw new IllegalStateException("复核抽查还有 " + outstanding + " 项未完成或未协调，不能发布");
                }
                // Publishing freezes the results first; only a frozen snapshot makes the round final.
                var snapshot = publisher.publish(roundId, user.getUsername(), blankToDefault(reason, "发布评估结果"));
                lifecycle.move(roundId, target, user.getUsername(), blankToDefault(reason, "发布评估结果"));
                int items = rectifications.open(roundId, user.getUsername());
                flash.addFlashAttribute("message", "已发布第 " + snapshot.version() + " 版结果，生成整改事项 " + items + " 项");
            } else {
                // The move may go on: the failed channels' points are 待评 and keep the round from publication.
                CaptureHealth.Summary capture = target == RoundStatus.REVIEWING || target == RoundStatus.FEEDBACK
                        ? captureHealth.summary(roundId) : null;
                String failed = capture != null && capture.anyFailed()
                        ? "；注意：" + capture.failed() + " 个渠道采集失败或被拦截，其评估点待评：" + capture.failedLine()
                        : "";
                lifecycle.move(roundId, target, user.getUsername(), blankToDefault(reason, "评估人员操作")
                        + (failed.isEmpty() ? "" : "（" + capture.failed() + " 个渠道采集失败或被拦截）"));
                flash.addFlashAttribute("message", "评估轮次已转为「" + target.label() + "」" + failed);
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/workbench";
    }

    @PostMapping("/workbench/rounds/{roundId}/rescore")
    String rescore(@PathVariable long roundId, @RequestParam(required = false) String back,
                   @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        var summary = scorer.score(roundId);
        // The scores follow from reviews and entries already logged; the log still says who recomputed them, when.
        AuditTrail.record(dsl, user.getUsername(), "ROUND_RESCORED", "assessment_round", String.valueOf(roundId), null,
                "{\"units\":" + summary.units() + "}", "按复核结果重新计分");
        flash.addFlashAttribute("message", "已重新计分：" + summary.units() + " 个单位");
        return backToQueue(roundId, ReviewQueue.Position.parse(back), "queue");
    }

    @GetMapping("/workbench/rounds/{roundId}/review")
    String review(@PathVariable long roundId, @RequestParam(required = false) String status,
                  @RequestParam(required = false) String point, @RequestParam(required = false) Long unit,
                  @RequestParam(required = false) String checker,
                  @RequestParam(defaultValue = "false") boolean unreviewed,
                  @RequestParam(defaultValue = "1") int page, Model model) {
        ReviewQueue.Filter filter = new ReviewQueue.Filter(status, point, unit, checker, unreviewed);
        int total = queue.count(roundId, filter);
        int pages = Math.max(1, (total + ReviewQueue.PAGE_SIZE - 1) / ReviewQueue.PAGE_SIZE);
        // After findings leave a filtered set (e.g. 仅未复核) the page asked for may be past the end: show the last.
        int shown = Math.min(Math.max(1, page), pages);
        List<ReviewQueue.Line> lines = queue.lines(roundId, filter, shown);
        model.addAttribute("roundId", roundId);
        model.addAttribute("roundStatus", lifecycle.status(roundId));
        model.addAttribute("filter", filter);
        model.addAttribute("position", new ReviewQueue.Position(filter, shown));
        model.addAttribute("total", total);
        model.addAttribute("page", shown);
        model.addAttribute("pageSize", ReviewQueue.PAGE_SIZE);
        model.addAttribute("pages", pages);
        model.addAttribute("lines", lines);
        model.addAttribute("evidence", queue.evidence(lines.stream().map(ReviewQueue.Line::findingId).toList()));
        model.addAttribute("statusOptions", StatusWords.options(ReviewQueue.STATUS_ORDER));
        model.addAttribute("overrideStatuses", StatusWords.options(Reviews.STATUSES));
        model.addAttribute("files", queue.files(roundId));
        model.addAttribute("units", dsl.selectDistinct(UNIT.ID, UNIT.NAME).from(FINDING).join(UNIT)
                .on(UNIT.ID.eq(FINDING.UNIT_ID)).where(FINDING.ROUND_ID.eq(roundId)).orderBy(UNIT.NAME)
                .fetchMap(UNIT.ID, UNIT.NAME));
        return "review";
    }

    /**
     * One finding confirmed or overridden. The form carries where the evaluator was ({@code back}: filter and page)
     * and the next row's finding ({@code next}); the answer goes back there, to the row if it still matches the
     * filter, else to the row that followed it.
     */
    @PostMapping("/workbench/findings/{findingId}/review")
    String reviewOne(@PathVariable long findingId, @RequestParam long roundId, @RequestParam String decision,
                     @RequestParam(required = false) String status,
                     @RequestParam(required = false) BigDecimal scoreFraction,
                     @RequestParam(required = false) String reason,
                     @RequestParam(name = "evidence", required = false) MultipartFile evidence,
                     @RequestParam(required = false) String back, @RequestParam(required = false) Long next,
                     @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        try {
            TextInput.limited(reason, "OVERRIDE".equals(decision) ? "改判理由" : "确认理由", TextInput.REASON_MAX);
            if ("OVERRIDE".equals(decision)) {
                List<EvidenceFiles.Checked> files = evidence == null || evidence.isEmpty() ? List.of()
                        : List.of(evidenceFiles.check(new EvidenceFiles.Upload(evidence.getOriginalFilename(),
                                evidence.getBytes())));
                reviews.override(findingId, user.id(), user.getUsername(), status, scoreFraction, reason, files);
                flash.addFlashAttribute("message", files.isEmpty() ? "已改判，重新计分后生效"
                        : "已改判并保存证据文件「" + files.getFirst().fileName() + "」，重新计分后生效");
            } else {
                reviews.confirm(findingId, user.id(), user.getUsername(), blankToDefault(reason, "确认机器检查结果"));
                flash.addFlashAttribute("message", "已确认");
            }
        } catch (IllegalStateException | IllegalArgumentException | EvidenceFileException e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (IOException e) {
            flash.addFlashAttribute("error", "无法读取上传的文件：" + e.getMessage());
        }
        ReviewQueue.Position position = ReviewQueue.Position.parse(back);
        Long anchor = queue.matches(roundId, position.filter(), findingId) ? Long.valueOf(findingId) : next;
        return backToQueue(roundId, position, anchor == null ? "queue" : "f-" + anchor);
    }

    /**
     * The ticked findings, or every finding the filter matches ({@code scope=ALL_MATCHING}), confirmed or overridden
     * with one reason. For the whole filtered set the page says how many it will act on ({@code expected}); when the
     * set has changed since (another evaluator's reviews, new findings) nothing is done and the evaluator is told.
     */
    @PostMapping("/workbench/rounds/{roundId}/review/bulk")
    String bulk(@PathVariable long roundId, @RequestParam String decision,
                @RequestParam(name = "findingId", required = false) List<Long> ids,
                @RequestParam(defaultValue = "SELECTED") String scope, @RequestParam(required = false) Integer expected,
                @RequestParam(required = false) String status, @RequestParam(required = false) BigDecimal scoreFraction,
                @RequestParam(required = false) String reason, @RequestParam(required = false) String back,
                @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        ReviewQueue.Position position = ReviewQueue.Position.parse(back);
        try {
            List<Long> targets;
            if ("ALL_MATCHING".equals(scope)) {
                targets = queue.ids(roundId, position.filter());
                if (expected == null || expected != targets.size()) {
                    throw new IllegalStateException("筛选结果已变化：页面显示 " + (expected == null ? "?" : expected)
                            + " 条，现有 " + targets.size() + " 条；未作任何处理，请核对后重试");
                }
            } else {
                targets = ids == null ? List.of() : ids;
            }
            Reviews.BulkResult result = reviews.decideAll(roundId, targets, user.id(), user.getUsername(), decision,
                    status, scoreFraction, reason);
            String done = "OVERRIDE".equals(decision)
                    ? "已批量改判为「" + StatusWords.status(status) + "」" + result.decided() + " 条，重新计分后生效"
                    : "已批量确认 " + result.decided() + " 条";
            flash.addFlashAttribute("message", done + (result.blindSkipped() == 0 ? ""
                    : "；另有 " + result.blindSkipped() + " 条已抽取由您盲评复核，未作处理"));
        } catch (IllegalStateException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return backToQueue(roundId, position, "queue");
    }

    /** The queue where the evaluator was: the same filter and page, scrolled to {@code anchor}. */
    private static String backToQueue(long roundId, ReviewQueue.Position position, String anchor) {
        String query = position.query();
        return "redirect:/workbench/rounds/" + roundId + "/review" + (query.isEmpty() ? "" : "?" + query)
                + "#" + anchor;
    }

    /** An evaluator's evidence file behind an override: for evaluators, leaders and the unit it concerns. */
    @GetMapping("/review-files/{fileId}")
    ResponseEntity<byte[]> reviewFile(@PathVariable long fileId, Authentication authentication) {
        var file = dsl.select(REVIEW_FILE.FILE_NAME, REVIEW_FILE.SHA256, FINDING.UNIT_ID).from(REVIEW_FILE)
                .join(REVIEW).on(REVIEW.ID.eq(REVIEW_FILE.REVIEW_ID))
                .join(FINDING).on(FINDING.ID.eq(REVIEW.FINDING_ID))
                .where(REVIEW_FILE.ID.eq(fileId)).fetchOne();
        access.requireUnit(authentication, file == null ? -1 : file.value3());
        if (file == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "证据文件不存在");
        }
        return EvidenceFiles.download(file.value1(), evidenceFiles.read(file.value2()));
    }

    @GetMapping("/workbench/audit")
    String audit(@RequestParam(required = false) String entity, Model model) {
        var query = dsl.selectFrom(AUDIT_LOG);
        var rows = (entity == null || entity.isBlank() ? query : query.where(AUDIT_LOG.ENTITY.eq(entity)))
                .orderBy(AUDIT_LOG.ID.desc()).limit(500).fetch();
        model.addAttribute("entries", rows);
        model.addAttribute("entity", entity);
        return "audit";
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
