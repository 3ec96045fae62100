package cn.gongkai.web.profile;

import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.unit.ReaderFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 栏目配置 of a round: each website's extraction profile, tried on its captured pages and saved. Evaluators only: the
 * security configuration gives every /workbench path to the EVALUATOR role.
 */
@Controller
class SiteProfileController {

    private final SiteProfiles profiles;
    private final RoundLifecycle lifecycle;
    private final ReaderFormat format;

    SiteProfileController(SiteProfiles profiles, RoundLifecycle lifecycle, ReaderFormat format) {
        this.profiles = profiles;
        this.lifecycle = lifecycle;
        this.format = format;
    }

    @GetMapping("/workbench/rounds/{roundId}/profiles")
    String page(@PathVariable long roundId, Model model) {
        return render(roundId, model);
    }

    /** Tries the typed selectors on the chosen page and shows the page again with them and what they picked. */
    @PostMapping("/workbench/rounds/{roundId}/profiles/{channelId}/trial")
    String trial(@PathVariable long roundId, @PathVariable long channelId,
                 @RequestParam(defaultValue = "0") long captureId, @RequestParam Map<String, String> form,
                 Model model) {
        requireWebsite(roundId, channelId);
        Map<String, String> selectors = selectors(form);
        model.addAttribute("typedChannel", channelId);
        model.addAttribute("typed", selectors);
        try {
            model.addAttribute("trial", profiles.trial(roundId, channelId, captureId, selectors));
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", "未能试用：" + e.getMessage());
        }
        return render(roundId, model);
    }

    @PostMapping("/workbench/rounds/{roundId}/profiles/{channelId}")
    String save(@PathVariable long roundId, @PathVariable long channelId, @RequestParam Map<String, String> form,
                @AuthenticationPrincipal GongkaiUser user, Model model, RedirectAttributes flash) {
        requireWebsite(roundId, channelId);
        Map<String, String> selectors = selectors(form);
        try {
            profiles.save(user.getUsername(), roundId, channelId, selectors);
        } catch (IllegalArgumentException e) {
            model.addAttribute("typedChannel", channelId);
            model.addAttribute("typed", selectors);
            model.addAttribute("error", "未保存：" + e.getMessage());
            return render(roundId, model);
        }
        flash.addFlashAttribute("message", selectors.values().stream().allMatch(String::isBlank)
                ? "已清除该网站的栏目配置，检查改用通用规则"
                : "已保存该网站的栏目配置：下次检查起按其读取已抓取的页面，下次抓取起按其“下一页”翻页");
        return "redirect:/workbench/rounds/" + roundId + "/profiles#channel-" + channelId;
    }

    private String render(long roundId, Model model) {
        model.addAttribute("roundId", roundId);
        model.addAttribute("roundStatus", status(roundId));
        model.addAttribute("sites", profiles.sites(roundId));
        model.addAttribute("labels", ExtractionProfile.LABELS);
        model.addAttribute("fmt", format);
        return "site-profiles";
    }

    private RoundStatus status(long roundId) {
        try {
            return lifecycle.status(roundId);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    private void requireWebsite(long roundId, long channelId) {
        status(roundId);
        if (!profiles.isWebsiteOf(roundId, channelId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "该渠道不是本轮次的网站");
        }
    }

    /** The form's selector fields, by key, in the order of {@link ExtractionProfile#LABELS}; other fields ignored. */
    private static Map<String, String> selectors(Map<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : ExtractionProfile.LABELS.keySet()) {
            out.put(key, form.getOrDefault(key, "").strip());
        }
        return out;
    }
}
