package cn.gongkai.web.ranking;

import cn.gongkai.web.policy.GradeScale;
import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.visibility.ResultView;
import cn.gongkai.web.visibility.ResultVisibility;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** Rankings within groups for leaders: a group at a time, a bar chart and a table per page. */
@Controller
class RankingController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Units per page: a chart of 50 bars still reads on a projector. */
    static final int PAGE_SIZE = 50;

    private final Rankings rankings;
    private final ResultVisibility visibility;
    private final GradeScale scale;

    RankingController(Rankings rankings, ResultVisibility visibility, GradeScale scale) {
        this.rankings = rankings;
        this.visibility = visibility;
        this.scale = scale;
    }

    /** Leaders and evaluators start at the rankings; a county goes straight to its own latest breakdown. */
    @GetMapping("/")
    String home(@AuthenticationPrincipal GongkaiUser user) {
        if (user != null && user.has(Role.COUNTY) && user.unitId() != null) {
            return visibility.latestRoundOfCounty(user.unitId())
                    .map(round -> "redirect:/rounds/" + round + "/units/" + user.unitId())
                    .orElse("no-results");
        }
        if (user != null && user.has(Role.DEPARTMENT_SCORER) && !user.has(Role.EVALUATOR)) {
            return "redirect:/manual-scores";
        }
        return "redirect:/rankings";
    }

    /**
     * One group's ranking a page at a time: a province's round has thousands of units, and a leader reads a group's
     * top, its bottom, or looks a unit up by name, never all of them at once. Plain links keep a page addressable.
     */
    @GetMapping("/rankings")
    String rankings(@RequestParam(name = "round", required = false) Long round,
                    @RequestParam(name = "group", required = false) Long group,
                    @RequestParam(name = "q", required = false) String search,
                    @RequestParam(name = "page", defaultValue = "1") int page,
                    @RequestParam(name = "unit", required = false) Long unit, Authentication authentication,
                    Model model) {
        Optional<Long> roundId = Optional.ofNullable(round).or(() -> visibility.defaultRound(authentication));
        // Leaders read the published snapshot only; a round not yet published is refused (403), never shown.
        Optional<ResultView> view = roundId.map(id -> visibility.ofRound(authentication, id));
        // "Back to the ranking" from a unit's page lands on the page that lists the unit, with its row marked.
        Optional<Rankings.Board> board = view.map(rankings::board);
        Optional<Rankings.Position> position = unit == null ? Optional.empty()
                : board.flatMap(b -> b.positionOf(unit));
        Long groupId = position.map(Rankings.Position::groupId).orElse(group);
        int pageNumber = position.map(p -> p.index() / PAGE_SIZE + 1).orElse(page);
        model.addAttribute("marked", position.isPresent() ? unit : null);
        model.addAttribute("rounds", rankings.rounds().stream()
                .filter(r -> visibility.listed(authentication, r.id())).toList());
        model.addAttribute("view", view.orElse(null));
        model.addAttribute("roundId", roundId.orElse(null));
        List<Rankings.GroupSummary> groups = board.map(Rankings.Board::groups).orElse(List.of());
        Rankings.GroupSummary chosen = groups.stream().filter(g -> groupId != null && g.id() == groupId).findFirst()
                .orElse(groups.isEmpty() ? null : groups.getFirst());
        String term = search == null ? "" : search.strip();
        model.addAttribute("groups", groups);
        model.addAttribute("group", chosen);
        model.addAttribute("q", term);
        Map<String, List<Rankings.Row>> charted = new LinkedHashMap<>();
        if (chosen != null) {
            Rankings.Page shown = board.get().page(chosen.id(), term, pageNumber, PAGE_SIZE);
            model.addAttribute("page", shown);
            model.addAttribute("firstShown", Math.min(shown.matching(), (shown.number() - 1) * PAGE_SIZE + 1));
            model.addAttribute("lastShown", Math.min(shown.matching(), shown.number() * PAGE_SIZE));
            model.addAttribute("pageFrom", Math.max(1, shown.number() - 3));
            model.addAttribute("pageTo", Math.min(shown.pages(), shown.number() + 3));
            if (term.isEmpty()) {
                charted.put(chosen.name(), shown.lines().stream().map(Rankings.Line::row).toList());
            }
        }
        model.addAttribute("groupsJson", JSON.writeValueAsString(charted));
        // Grades as the round's policy names them: the legend, the chart's colours, the 待改进 category apart.
        List<GradeScale.Grade> grades = view.isPresent() ? scale.of(view.get().roundId()) : List.of();
        model.addAttribute("grades", grades);
        model.addAttribute("improvementLabel", view.map(v -> scale.improvementLabel(v.roundId())).orElse(null));
        model.addAttribute("gradeColoursJson", JSON.writeValueAsString(GradeScale.colours(grades)));
        return "rankings";
    }
}
