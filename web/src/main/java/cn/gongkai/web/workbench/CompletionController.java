package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;

import cn.gongkai.scoring.PendingPoints;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.security.GongkaiUser;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * How complete a round is: each unit's assessed points out of its applicable ones with what is still 待评 and where
 * it is resolved, each point's units still 待评, and how the channels were captured, with a re-capture for those that
 * failed or were blocked. Evaluators only (the workbench's paths).
 */
@Controller
class CompletionController {

    private static final java.util.Map<String, String> METHOD_LABELS = java.util.Map.of("AUTO", "自动检查",
            "ASSISTED", "辅助检查", "MANUAL", "人工评估", "DEPARTMENT", "部门评价", "PUBLIC", "公众评价");

    private final DSLContext dsl;
    private final RoundLifecycle lifecycle;
    private final CaptureHealth health;
    private final ChannelRecapture recapture;
    private final SiteBudgets budgets;

    CompletionController(DSLContext dsl, RoundLifecycle lifecycle, CaptureHealth health, ChannelRecapture recapture,
                         SiteBudgets budgets) {
        this.dsl = dsl;
        this.lifecycle = lifecycle;
        this.health = health;
        this.recapture = recapture;
        this.budgets = budgets;
    }

    @GetMapping("/workbench/rounds/{roundId}/completion")
    String completion(@PathVariable long roundId, Model model) {
        String name = dsl.select(ASSESSMENT_ROUND.NAME).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchOne(ASSESSMENT_ROUND.NAME);
        if (name == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "评估轮次不存在");
        }
        PendingPoints pending = new PendingPoints(dsl);
        var channels = health.channels(roundId);
        model.addAttribute("roundId", roundId);
        model.addAttribute("roundName", name);
        model.addAttribute("roundStatus", lifecycle.status(roundId));
        model.addAttribute("units", pending.completion(roundId));
        model.addAttribute("points", pending.byPoint(roundId));
        model.addAttribute("capture", CaptureHealth.summary(channels));
        model.addAttribute("methodLabels", METHOD_LABELS);
        model.addAttribute("outcomes", CaptureHealth.Outcome.values());
        model.addAttribute("budgets", budgets.ofRound(roundId));
        model.addAttribute("recapturing", channels.stream().filter(c -> recapture.running(roundId, c.channelId()))
                .map(CaptureHealth.Channel::channelId).toList());
        return "completion";
    }

    /**
     * Captures the channel again; a website cut by a budget (未采完) comes with its two budget fields, stored first as
     * the website's own (empty: the round's), so that the capture carries on where the budget stopped it.
     */
    @PostMapping("/workbench/rounds/{roundId}/channels/{channelId}/recapture")
    String recapture(@PathVariable long roundId, @PathVariable long channelId,
                     @RequestParam(required = false) String reason,
                     @RequestParam(required = false) String maxPagesPerChannel,
                     @RequestParam(required = false) String maxListPagesPerColumn,
                     @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        try {
            boolean budgetForm = maxPagesPerChannel != null || maxListPagesPerColumn != null;
            SiteBudgets.Budgets given = budgetForm
                    ? SiteBudgets.Budgets.parse(maxPagesPerChannel, maxListPagesPerColumn) : null;
            recapture.start(roundId, channelId, user.getUsername(), reason, () -> {
                if (given != null) {
                    budgets.set(user.getUsername(), roundId, channelId, given);
                }
            });
            flash.addFlashAttribute("message", (given == null ? "" : "已将该网站的抓取上限设为：" + given.describe() + "。")
                    + "已开始重新采集该渠道；采集结束后自动重新检查该单位并重新计分，刷新本页查看结果");
        } catch (IllegalStateException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", "未重新采集：" + e.getMessage());
        }
        return "redirect:/workbench/rounds/" + roundId + "/completion#capture";
    }
}
