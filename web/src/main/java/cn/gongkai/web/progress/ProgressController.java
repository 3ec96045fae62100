package cn.gongkai.web.progress;

import cn.gongkai.crawler.CrawlProgress;
import cn.gongkai.web.round.Rankings;
import org.jooq.DSLContext;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Live crawl progress of a round, one progress bar per site (evaluators only, by the default URL rule). The page
 * is rendered with the current figures and /js/progress.js refreshes them from /api/v1/rounds/{id}/progress.
 */
@Controller
class ProgressController {

    private final DSLContext dsl;
    private final Rankings rankings;

    ProgressController(DSLContext dsl, Rankings rankings) {
        this.dsl = dsl;
        this.rankings = rankings;
    }

    @GetMapping("/rounds/{roundId}/progress")
    String progress(@PathVariable long roundId, Model model) {
        model.addAttribute("roundId", roundId);
        model.addAttribute("round", rankings.rounds().stream().filter(r -> r.id() == roundId).findFirst().orElse(null));
        model.addAttribute("sites", CrawlProgress.of(dsl, roundId));
        return "progress";
    }
}
