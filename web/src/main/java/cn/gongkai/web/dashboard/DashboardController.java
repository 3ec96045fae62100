package cn.gongkai.web.dashboard;

import cn.gongkai.web.visibility.ResultView;
import cn.gongkai.web.visibility.ResultVisibility;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The leader dashboard. The page carries only the round selector, the chart containers and the negative list;
 * the charts are drawn by /js/dashboard.js from the JSON of /api/v1/rounds/{id}/dashboard (the CSP allows no
 * inline scripts). Leaders see published rounds only.
 */
@Controller
class DashboardController {

    private final DashboardData data;
    private final ResultVisibility visibility;

    DashboardController(DashboardData data, ResultVisibility visibility) {
        this.data = data;
        this.visibility = visibility;
    }

    @GetMapping("/dashboard")
    String dashboard(@RequestParam(name = "round", required = false) Long round, Authentication authentication,
                     Model model) {
        Optional<Long> roundId = Optional.ofNullable(round).or(() -> visibility.defaultRound(authentication));
        Optional<ResultView> view = roundId.map(id -> visibility.ofRound(authentication, id));
        model.addAttribute("rounds", data.rounds().stream()
                .filter(r -> visibility.listed(authentication, r.id())).toList());
        model.addAttribute("roundId", roundId.orElse(null));
        model.addAttribute("view", view.orElse(null));
        model.addAttribute("dashboard", view.flatMap(data::of).orElse(null));
        return "dashboard";
    }
}
