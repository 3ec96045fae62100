package cn.gongkai.web.visibility;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;

import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Decides which results of a round a signed-in account reads. A round counts as published once it has a snapshot:
 * the snapshot, not the round's status, is what was frozen and announced, and the working results may move on
 * after it (a rescore, an accepted appeal) until the next version is published. Whether the account may read the
 * unit at all is {@link cn.gongkai.web.security.UnitAccess}'s to check first.
 */
@Service
public class ResultVisibility {

    private final DSLContext dsl;

    public ResultVisibility(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A whole round (rankings, dashboard, results workbook): evaluators its working results, leaders its snapshot. */
    public ResultView ofRound(Authentication authentication, long roundId) {
        RoundStatus status = status(roundId);
        if (has(authentication, Role.EVALUATOR)) {
            return ResultView.working(roundId, status);
        }
        if (has(authentication, Role.LEADER)) {
            return published(roundId, status)
                    .orElseThrow(() -> new AccessDeniedException("该轮次的评估结果尚未发布"));
        }
        throw new AccessDeniedException("无权查看整个轮次的评估结果");
    }

    /**
     * A round's published results for a document that announces them (the 通报 and its annex): the latest snapshot,
     * for evaluators as for leaders, never the working results, which may have moved on since publication. A round
     * not yet published is refused: leaders as on every page (403), evaluators with a conflict (409) saying why,
     * since they may read the round but there is nothing to announce yet. Counties read their own unit only.
     */
    public ResultView publishedOfRound(Authentication authentication, long roundId) {
        RoundStatus status = status(roundId);
        boolean evaluator = has(authentication, Role.EVALUATOR);
        if (!evaluator && !has(authentication, Role.LEADER)) {
            throw new AccessDeniedException("无权查看整个轮次的评估结果");
        }
        Optional<ResultView> published = published(roundId, status);
        if (published.isPresent()) {
            return published.get();
        }
        if (evaluator) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "该轮次尚未发布结果，不能生成通报：通报只依据已发布的结果（发布后可在此编辑和下载）");
        }
        throw new AccessDeniedException("该轮次的评估结果尚未发布");
    }

    /**
     * One unit's result (its page, PDF report and API detail): evaluators the working result, leaders the snapshot,
     * the unit's own county its 初评 during the feedback window and the snapshot once published.
     */
    public ResultView ofUnit(Authentication authentication, long roundId) {
        RoundStatus status = status(roundId);
        if (has(authentication, Role.EVALUATOR)) {
            return ResultView.working(roundId, status);
        }
        Optional<ResultView> published = published(roundId, status);
        if (published.isPresent()) {
            return published.get();
        }
        if (has(authentication, Role.LEADER)) {
            throw new AccessDeniedException("该轮次的评估结果尚未发布");
        }
        if (status == RoundStatus.FEEDBACK) {
            return new ResultView(roundId, status, ResultView.Kind.PRELIMINARY, null, null, null);
        }
        throw new AccessDeniedException("该轮次的评估结果尚未进入反馈申诉期，暂不能查看");
    }

    /** The round a reader's pages open by default: the newest scored round for evaluators, published for others. */
    public Optional<Long> defaultRound(Authentication authentication) {
        if (has(authentication, Role.EVALUATOR)) {
            return dsl.selectDistinct(UNIT_RESULT.ROUND_ID).from(UNIT_RESULT).orderBy(UNIT_RESULT.ROUND_ID.desc())
                    .limit(1).fetchOptional(UNIT_RESULT.ROUND_ID);
        }
        return dsl.selectDistinct(RESULT_SNAPSHOT.ROUND_ID).from(RESULT_SNAPSHOT)
                .orderBy(RESULT_SNAPSHOT.ROUND_ID.desc()).limit(1).fetchOptional(RESULT_SNAPSHOT.ROUND_ID);
    }

    /** Whether the reader may pick the round in a round selector (evaluators every round, leaders published ones). */
    public boolean listed(Authentication authentication, long roundId) {
        return has(authentication, Role.EVALUATOR)
                || dsl.fetchExists(RESULT_SNAPSHOT, RESULT_SNAPSHOT.ROUND_ID.eq(roundId));
    }

    /**
     * The newest round in which a county can read its unit: one whose snapshot holds the unit, or one in its
     * feedback window where the unit has a working result.
     */
    public Optional<Long> latestRoundOfCounty(long unitId) {
        Optional<Long> published = dsl.select(RESULT_SNAPSHOT.ROUND_ID).from(RESULT_SNAPSHOT_UNIT)
                .join(RESULT_SNAPSHOT).on(RESULT_SNAPSHOT.ID.eq(RESULT_SNAPSHOT_UNIT.SNAPSHOT_ID))
                .where(RESULT_SNAPSHOT_UNIT.UNIT_ID.eq(unitId))
                .orderBy(RESULT_SNAPSHOT.ROUND_ID.desc()).limit(1).fetchOptional(RESULT_SNAPSHOT.ROUND_ID);
        Optional<Long> feedback = dsl.select(UNIT_RESULT.ROUND_ID).from(UNIT_RESULT)
                .join(ASSESSMENT_ROUND).on(ASSESSMENT_ROUND.ID.eq(UNIT_RESULT.ROUND_ID))
                .where(UNIT_RESULT.UNIT_ID.eq(unitId)).and(ASSESSMENT_ROUND.STATUS.eq(RoundStatus.FEEDBACK.name()))
                .orderBy(UNIT_RESULT.ROUND_ID.desc()).limit(1).fetchOptional(UNIT_RESULT.ROUND_ID);
        if (published.isPresent() && feedback.isPresent()) {
            return Optional.of(Math.max(published.get(), feedback.get()));
        }
        return published.or(() -> feedback);
    }

    private Optional<ResultView> published(long roundId, RoundStatus status) {
        return dsl.select(RESULT_SNAPSHOT.ID, RESULT_SNAPSHOT.VERSION, RESULT_SNAPSHOT.PUBLISHED_AT)
                .from(RESULT_SNAPSHOT).where(RESULT_SNAPSHOT.ROUND_ID.eq(roundId))
                .orderBy(RESULT_SNAPSHOT.VERSION.desc()).limit(1)
                .fetchOptional(r -> new ResultView(roundId, status, ResultView.Kind.PUBLISHED, r.value1(), r.value2(),
                        r.value3()));
    }

    private RoundStatus status(long roundId) {
        return dsl.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOptional(ASSESSMENT_ROUND.STATUS).map(RoundStatus::valueOf)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这个评估轮次"));
    }

    private static boolean has(Authentication authentication, Role role) {
        return authentication != null && authentication.getPrincipal() instanceof GongkaiUser user && user.has(role);
    }
}
