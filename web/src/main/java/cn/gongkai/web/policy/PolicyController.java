package cn.gongkai.web.policy;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;

import cn.gongkai.web.round.RoundDefinitionException;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.security.GongkaiUser;
import jakarta.servlet.http.HttpServletResponse;
import org.jooq.DSLContext;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The round's scoring policy on the workbench (evaluators only, as everything under {@code /workbench}): the grades
 * it gives and its settings, and the {@code policy:} block to edit, with a reason. A refused change comes back with
 * the evaluator's text and the reason for the refusal, nothing stored.
 */
@Controller
class PolicyController {

    private final DSLContext dsl;
    private final RoundPolicyEditor editor;
    private final GradeScale scale;
    private final RoundLifecycle lifecycle;

    PolicyController(DSLContext dsl, RoundPolicyEditor editor, GradeScale scale, RoundLifecycle lifecycle) {
        this.dsl = dsl;
        this.editor = editor;
        this.scale = scale;
        this.lifecycle = lifecycle;
    }

    @GetMapping("/workbench/rounds/{roundId}/policy")
    String show(@PathVariable long roundId, Model model) {
        return page(roundId, editor.yaml(roundId), null, model);
    }

    @PostMapping("/workbench/rounds/{roundId}/policy")
    String change(@PathVariable long roundId, @RequestParam(required = false) String policy,
                  @RequestParam(required = false) String reason, @AuthenticationPrincipal GongkaiUser user,
                  Model model, RedirectAttributes flash, HttpServletResponse response) {
        try {
            boolean rescored = editor.save(roundId, policy, user.getUsername(), reason);
            flash.addFlashAttribute("message", "评分规则已保存" + (rescored ? "，并已按新规则重新计分" : "；计分时按新规则执行"));
            return "redirect:/workbench/rounds/" + roundId + "/policy";
        } catch (RoundDefinitionException | IllegalArgumentException | IllegalStateException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("reason", reason);
            return page(roundId, policy, reason, model);
        }
    }

    private String page(long roundId, String yaml, String reason, Model model) {
        model.addAttribute("roundId", roundId);
        model.addAttribute("roundName", dsl.select(ASSESSMENT_ROUND.NAME).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchOne(ASSESSMENT_ROUND.NAME));
        model.addAttribute("roundStatus", lifecycle.status(roundId));
        model.addAttribute("policy", editor.policy(roundId));
        model.addAttribute("grades", scale.of(roundId));
        model.addAttribute("yaml", yaml);
        model.addAttribute("reason", reason);
        model.addAttribute("frozen", editor.frozen(roundId));
        return "policy";
    }
}
