package cn.gongkai.web.ranking;

import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** Rankings within groups for leaders: a bar chart and a table per group. */
@Controller
class RankingController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Rankings rankings;

    RankingController(Rankings rankings) {
        this.rankings = rankings;
    }

    /** Leaders and evaluators start at the rankings; a county goes straight to its own latest breakdown. */
    @GetMapping("/")
    String home(@AuthenticationPrincipal GongkaiUser user) {
        if (user != null && user.has(Role.COUNTY) && user.unitId() != null) {
            return rankings.latestRoundOf(user.unitId())
                    .map(round -> "redirect:/rounds/" + round + "/units/" + user.unitId())
                    .orElse("no-results");
        }
        if (user != null && user.has(Role.DEPARTMENT_SCORER) && !user.has(Role.EVALUATOR)) {
            return "redirect:/manual-scores";
        }
        return "redirect:/rankings";
    }

    @GetMapping("/rankings")
    String rankings(@RequestParam(name = "round", required = false) Long round, Model model) {
        Optional<Long> roundId = Optional.ofNullable(round).or(rankings::latestScoredRound);
        model.addAttribute("rounds", rankings.rounds());
        model.addAttribute("roundId", roundId.orElse(null));
        Map<String, List<Rankings.Row>> groups = new LinkedHashMap<>();
        roundId.ifPresent(id -> rankings.of(id)
                .forEach(row -> groups.computeIfAbsent(row.groupName(), g -> new ArrayList<>()).add(row)));
        model.addAttribute("groups", groups);
        model.addAttribute("groupsJson", JSON.writeValueAsString(groups));
        return "rankings";
    }
}
