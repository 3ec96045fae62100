package cn.gongkai.web.ranking;

import cn.gongkai.web.round.Rankings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Rankings within groups for leaders: a bar chart and a table per group. */
@Controller
class RankingController {

    private final Rankings rankings;

    RankingController(Rankings rankings) {
        this.rankings = rankings;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/rankings";
    }

    @GetMapping("/rankings")
    String rankings(@RequestParam(name = "round", required = false) Long round, Model model) {
        Optional<Long> roundId = Optional.ofNullable(round).or(rankings::latestScoredRound);
        model.addAttribute("rounds", rankings.rounds());
        model.addAttribute("roundId", roundId.orElse(null));
        Map<String, List<Rankings.Row>> groups = new LinkedHashMap<>();
        roundId.ifPresent(id -> rankings.of(id)
                .forEach(row -> groups.computeIfAbsent(row.groupName(), g -> new java.util.ArrayList<>()).add(row)));
        model.addAttribute("groups", groups);
        return "rankings";
    }
}
