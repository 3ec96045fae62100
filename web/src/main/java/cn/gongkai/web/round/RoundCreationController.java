package cn.gongkai.web.round;

import cn.gongkai.web.security.GongkaiUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A new round from the workbench: the evaluator pastes a round definition (the YAML that {@code run-round} reads; its
 * groups may list no units yet) and gets a DRAFT round whose units and channels are then imported from a sheet.
 * Evaluators only: the security configuration gives every /workbench path to the EVALUATOR role.
 */
@Controller
class RoundCreationController {

    /** A definition longer than this is not typed in a form; larger rounds bring their units as a sheet. */
    private static final int MAX_DEFINITION_CHARS = 200_000;

    private final RoundImporter importer;

    RoundCreationController(RoundImporter importer) {
        this.importer = importer;
    }

    @PostMapping("/workbench/rounds")
    String create(@RequestParam(name = "definition", defaultValue = "") String definition,
                  @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        try {
            if (definition.isBlank()) {
                throw new RoundDefinitionException("请填写轮次定义（YAML）");
            }
            if (definition.length() > MAX_DEFINITION_CHARS) {
                throw new RoundDefinitionException("轮次定义过长（超过 " + MAX_DEFINITION_CHARS
                        + " 个字符）；单位较多时请先建轮次，再用表格导入单位与渠道");
            }
            // The web application runs no sandbox of its own: a ${sandbox:…} placeholder is refused with a message.
            RoundDefinition parsed = RoundDefinition.parse(definition, null);
            if (!parsed.indicatorSystem().matches("[a-z0-9-]+")) {
                throw new RoundDefinitionException("指标体系代码只能由小写字母、数字和连字符组成：" + parsed.indicatorSystem());
            }
            long roundId = importer.importRound(parsed, definition, user.getUsername(), "在评估工作台新建");
            flash.addFlashAttribute("message", "已新建评估轮次「" + parsed.name() + "」（草稿），请导入单位与渠道");
            return "redirect:/workbench/rounds/" + roundId + "/units";
        } catch (RoundDefinitionException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", "未能新建评估轮次：" + e.getMessage());
            flash.addFlashAttribute("definition", definition);
            return "redirect:/workbench";
        }
    }
}
