package cn.gongkai.web.unit;

import cn.gongkai.web.policy.GradeScale;
import cn.gongkai.web.appeal.Appeals;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UnitAccess;
import cn.gongkai.web.visibility.ResultView;
import cn.gongkai.web.visibility.ResultVisibility;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** A unit's score breakdown: every point, its finding and the captured evidence behind it. */
@Controller
class UnitController {

    private final UnitBreakdown breakdown;
    private final UnitAccess access;
    private final Appeals appeals;
    private final RoundLifecycle lifecycle;
    private final ResultVisibility visibility;

    private final GradeScale scale;

    UnitController(UnitBreakdown breakdown, UnitAccess access, Appeals appeals, RoundLifecycle lifecycle,
                   ResultVisibility visibility, GradeScale scale) {
        this.scale = scale;
        this.visibility = visibility;
        this.breakdown = breakdown;
        this.access = access;
        this.appeals = appeals;
        this.lifecycle = lifecycle;
    }

    @GetMapping("/rounds/{roundId}/units/{unitId}")
    String unit(@PathVariable long roundId, @PathVariable long unitId, Authentication authentication, Model model) {
        access.requireUnit(authentication, unitId);
        ResultView view = visibility.ofUnit(authentication, roundId);
        var summary = breakdown.summary(view, unitId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "该轮次中没有这个单位的评估结果"));
        model.addAttribute("roundId", roundId);
        model.addAttribute("summary", summary);
        model.addAttribute("improvementLabel", scale.improvementLabel(roundId));
        model.addAttribute("view", view);
        model.addAttribute("areas", breakdown.areas(view, summary));
        model.addAttribute("points", breakdown.points(view, summary));
        model.addAttribute("reviewFiles", breakdown.reviewFiles(roundId, unitId));
        model.addAttribute("statusLabels", UnitBreakdown.statusLabels());
        model.addAttribute("appeals", appeals.ofUnit(roundId, unitId));
        boolean ownUnit = authentication.getPrincipal() instanceof GongkaiUser user && user.has(Role.COUNTY)
                && Long.valueOf(unitId).equals(user.unitId());
        model.addAttribute("canAppeal", ownUnit && lifecycle.status(roundId) == RoundStatus.FEEDBACK);
        return "unit";
    }

    @GetMapping("/units/{unitId}")
    String latest(@PathVariable long unitId, @RequestParam("round") long roundId, Authentication authentication) {
        access.requireUnit(authentication, unitId);
        return "redirect:/rounds/" + roundId + "/units/" + unitId;
    }
}
