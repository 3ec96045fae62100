package cn.gongkai.web.dashboard;

import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The leader dashboard. The page carries only the round selector, the chart containers and the negative list;
 * the charts are drawn by /js/dashboard.js from the JSON of /api/v1/rounds/{id}/dashboard (the CSP allows no
 * inline scripts).
 */
@Controller
class DashboardController {

    private final DashboardData data;

    DashboardController(DashboardData data) {
        this.data = data;
    }

    @GetMapping("/dashboard")
    String dashboard(@RequestParam(name = "round", required = false) Long round, Model model) {
        Optional<Long> roundId = Optional.ofNullable(round).or(data::latestScoredRound);
        model.addAttribute("rounds", data.rounds());
        model.addAttribute("roundId", roundId.orElse(null));
        model.addAttribute("dashboard", roundId.flatMap(data::of).orElse(null));
        return "dashboard";
    }
}
