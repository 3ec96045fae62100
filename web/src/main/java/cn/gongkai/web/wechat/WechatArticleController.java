package cn.gongkai.web.wechat;

import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.unit.ReaderFormat;
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
 * 公众号文章 of a round: its WeChat accounts and the articles given by hand for each. Evaluators only: the security
 * configuration gives every /workbench path to the EVALUATOR role.
 */
@Controller
class WechatArticleController {

    private final WechatArticles articles;
    private final RoundLifecycle lifecycle;
    private final ReaderFormat format;

    WechatArticleController(WechatArticles articles, RoundLifecycle lifecycle, ReaderFormat format) {
        this.articles = articles;
        this.lifecycle = lifecycle;
        this.format = format;
    }

    @GetMapping("/workbench/rounds/{roundId}/wechat")
    String page(@PathVariable long roundId, Model model) {
        RoundStatus status;
        try {
            status = lifecycle.status(roundId);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        model.addAttribute("roundId", roundId);
        model.addAttribute("roundStatus", status);
        model.addAttribute("accounts", articles.accounts(roundId));
        model.addAttribute("fmt", format);
        return "wechat-articles";
    }

    @PostMapping("/workbench/rounds/{roundId}/wechat/{channelId}/articles")
    String importPaste(@PathVariable long roundId, @PathVariable long channelId,
                       @RequestParam(defaultValue = "") String articleUrls,
                       @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        String back = "redirect:/workbench/rounds/" + roundId + "/wechat#channel-" + channelId;
        RoundStatus status;
        try {
            status = lifecycle.status(roundId);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        if (!articles.isAccountOf(roundId, channelId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "该渠道不是本轮次的公众号");
        }
        try {
            WechatArticles.Result result = articles.importPaste(user.getUsername(), roundId, channelId, articleUrls);
            flash.addFlashAttribute("message", "已导入 " + result.added() + " 篇文章网址"
                    + (result.alreadyListed() > 0 ? "（另有 " + result.alreadyListed() + " 篇此前已导入）" : "")
                    + (status == RoundStatus.DRAFT ? "，开始采集时一并抓取"
                    : "；本轮已开始采集，请在「完成情况」中对该公众号重新采集后生效"));
        } catch (IllegalArgumentException | IllegalStateException e) {
            flash.addFlashAttribute("error", e.getMessage());
            flash.addFlashAttribute("articleUrls", articleUrls);
            flash.addFlashAttribute("failedChannel", channelId);
        }
        return back;
    }

    @PostMapping("/workbench/rounds/{roundId}/wechat/{channelId}/bridge")
    String bridge(@PathVariable long roundId, @PathVariable long channelId,
                  @RequestParam(defaultValue = "false") boolean allow, @RequestParam(defaultValue = "") String reason,
                  @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        try {
            lifecycle.status(roundId);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        if (!articles.isAccountOf(roundId, channelId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "该渠道不是本轮次的公众号");
        }
        try {
            articles.allowBridge(user.getUsername(), roundId, channelId, allow, reason);
            flash.addFlashAttribute("message", allow ? "已允许该公众号的订阅源使用内网地址（仅此订阅源网址；文章页面仍按本轮规则抓取）"
                    : "已撤销该公众号订阅源的内网地址许可");
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", "未能修改：" + e.getMessage());
        }
        return "redirect:/workbench/rounds/" + roundId + "/wechat#channel-" + channelId;
    }
}
