package cn.gongkai.web.unit;

import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.policy.GradeScale;
import cn.gongkai.web.appeal.Appeals;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UnitAccess;
import cn.gongkai.web.visibility.ResultView;
import cn.gongkai.web.visibility.ResultVisibility;
import java.util.ArrayList;
import java.util.List;
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
    private final ReaderFormat format;

    /** Longer than any point's text: a longer search is a mistake, named on the page. */
    static final int SEARCH_MAX = 200;

    UnitController(UnitBreakdown breakdown, UnitAccess access, Appeals appeals, RoundLifecycle lifecycle,
                   ResultVisibility visibility, GradeScale scale, ReaderFormat format) {
        this.format = format;
        this.scale = scale;
        this.visibility = visibility;
        this.breakdown = breakdown;
        this.access = access;
        this.appeals = appeals;
        this.lifecycle = lifecycle;
    }

    /**
     * Problems first: the unit's figures and negative-list reasons, then the points the filter {@code show} picks
     * (by default those that lost marks, the most first), then the rest under their areas, folded. {@code q} searches
     * point texts. Both are plain query parameters, so filtering works without scripts; a bad value is named on the
     * page and the defaults are used.
     */
    @GetMapping("/rounds/{roundId}/units/{unitId}")
    String unit(@PathVariable long roundId, @PathVariable long unitId,
                @RequestParam(name = "show", required = false) String show,
                @RequestParam(name = "q", required = false) String query,
                Authentication authentication, Model model) {
        access.requireUnit(authentication, unitId);
        ResultView view = visibility.ofUnit(authentication, roundId);
        var summary = breakdown.summary(view, unitId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "该轮次中没有这个单位的评估结果"));
        List<String> problems = new ArrayList<>();
        UnitPoints.Show chosen = UnitPoints.Show.of(show);
        if (chosen == null) {
            problems.add("「筛选」只能是扣分、不通过、待评或全部，已显示扣分项");
            chosen = UnitPoints.Show.DEDUCTED;
        }
        String term = query == null ? "" : query.strip();
        String tooLong = TextInput.nameProblem(term, "搜索评估点", SEARCH_MAX);
        if (tooLong != null) {
            problems.add(tooLong + "；已显示全部评估点");
            term = "";
        }
        var areas = breakdown.areas(view, summary);
        var points = breakdown.points(view, summary);
        model.addAttribute("roundId", roundId);
        model.addAttribute("summary", summary);
        model.addAttribute("improvementLabel", scale.improvementLabel(roundId));
        model.addAttribute("view", view);
        model.addAttribute("viewLabel", view.label(format.zone(), format.zoneLabel()));
        model.addAttribute("fmt", format);
        model.addAttribute("areas", areas);
        model.addAttribute("points", points);
        model.addAttribute("arranged", UnitPoints.arrange(points, areas, chosen, term));
        model.addAttribute("filters", UnitPoints.Show.values());
        model.addAttribute("evidenceByPoint", points.stream().collect(java.util.stream.Collectors.toMap(
                UnitBreakdown.PointLine::pointId, UnitBreakdown.PointLine::evidence)));
        if (!problems.isEmpty()) {
            model.addAttribute("error", String.join("；", problems));
        }
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
