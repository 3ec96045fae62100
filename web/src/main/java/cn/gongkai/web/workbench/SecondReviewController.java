package cn.gongkai.web.workbench;

import cn.gongkai.web.security.GongkaiUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Second review: drawing the sample, the blind second verdicts, agreement, and reconciling disagreements. */
@Controller
class SecondReviewController {

    private final SecondReviews secondReviews;

    SecondReviewController(SecondReviews secondReviews) {
        this.secondReviews = secondReviews;
    }

    @GetMapping("/workbench/rounds/{roundId}/second-review")
    String page(@PathVariable long roundId, @AuthenticationPrincipal GongkaiUser user, Model model) {
        model.addAttribute("roundId", roundId);
        model.addAttribute("tasks", secondReviews.tasks(roundId, user));
        model.addAttribute("agreement", secondReviews.agreement(roundId));
        model.addAttribute("disagreements", secondReviews.disagreements(roundId));
        model.addAttribute("outstanding", secondReviews.outstanding(roundId));
        model.addAttribute("verdicts", StatusWords.options(java.util.List.of("PASS", "FAIL", "PARTIAL", "NOT_APPLICABLE")));
        return "second-review";
    }

    @PostMapping("/workbench/rounds/{roundId}/second-review/draw")
    String draw(@PathVariable long roundId, @RequestParam int percent, @RequestParam String reviewer,
                @RequestParam(defaultValue = "0") long seed, @AuthenticationPrincipal GongkaiUser user,
                RedirectAttributes flash) {
        return run(roundId, flash, () -> "已抽取 " + secondReviews.draw(roundId, percent, reviewer,
                seed == 0 ? System.nanoTime() : seed, user) + " 条检查结果交由 " + reviewer + " 复核");
    }

    @PostMapping("/workbench/rounds/{roundId}/second-review/{findingId}")
    String judge(@PathVariable long roundId, @PathVariable long findingId, @RequestParam String status,
                 @RequestParam(required = false) String reason, @AuthenticationPrincipal GongkaiUser user,
                 RedirectAttributes flash) {
        return run(roundId, flash, () -> {
            secondReviews.judge(roundId, findingId, user, status, reason);
            return "已记录复核结论";
        });
    }

    @PostMapping("/workbench/rounds/{roundId}/second-review/{findingId}/reconcile")
    String reconcile(@PathVariable long roundId, @PathVariable long findingId, @RequestParam String status,
                     @RequestParam(required = false) String reason, @AuthenticationPrincipal GongkaiUser user,
                     RedirectAttributes flash) {
        return run(roundId, flash, () -> {
            secondReviews.reconcile(roundId, findingId, user, status, reason);
            return "分歧已协调，重新计分后生效";
        });
    }

    private static String run(long roundId, RedirectAttributes flash, java.util.function.Supplier<String> action) {
        try {
            flash.addFlashAttribute("message", action.get());
        } catch (IllegalArgumentException | IllegalStateException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/workbench/rounds/" + roundId + "/second-review";
    }
}
