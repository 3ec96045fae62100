package cn.gongkai.web.round;

import cn.gongkai.web.security.GongkaiUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A new round from the workbench: the evaluator fills in the form ({@link RoundForm}) or, as an expert, pastes a
 * round definition (the YAML that {@code run-round} reads; its groups may list no units yet), and gets a DRAFT round
 * whose units and channels are then imported from a sheet. Both ways end in the same definition, checked alike.
 * Evaluators only: the security configuration gives every /workbench path to the EVALUATOR role.
 */
@Controller
class RoundCreationController {

    /** A definition longer than this is not typed in a form; larger rounds bring their units as a sheet. */
    private static final int MAX_DEFINITION_CHARS = 200_000;

    private final RoundImporter importer;
    private final RoundFormOptions options;

    RoundCreationController(RoundImporter importer, RoundFormOptions options) {
        this.importer = importer;
        this.options = options;
    }

    @PostMapping("/workbench/rounds/form")
    String createFromForm(@ModelAttribute RoundForm form, @AuthenticationPrincipal GongkaiUser user,
                          RedirectAttributes flash) {
        String definition = null;
        try {
            if (!RoundDefinition.UNIT_TYPES.containsAll(form.getGroups().stream().filter(g -> !g.empty())
                    .map(RoundForm.GroupRow::getUnitType).toList())) {
                throw new RoundDefinitionException("分组的单位类型只能是区县政府、政府部门或乡镇（街道）");
            }
            PolicyDefinition policy = null;
            if ("copy".equals(form.getPolicy())) {
                if (form.getPolicyFrom() == null) {
                    throw new RoundDefinitionException("选择了「沿用已有轮次的评分规则」，但没有选择轮次");
                }
                policy = options.copyPolicy(form.getPolicyFrom(), form.getIndicatorSystem(), form.selectedPoints());
            }
            definition = form.toYaml(policy);
            RoundDefinition parsed = parseForWorkbench(definition);
            long roundId = importer.importRound(parsed, definition, user.getUsername(), "在评估工作台用表单新建");
            flash.addFlashAttribute("message", "已新建评估轮次「" + parsed.name() + "」（草稿），请导入单位与渠道");
            return "redirect:/workbench/rounds/" + roundId + "/units";
        } catch (RoundDefinitionException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", "未能新建评估轮次：" + e.getMessage());
            flash.addFlashAttribute("roundForm", form);
            return "redirect:/workbench#new-round";
        }
    }

    /** A definition from the workbench: no sandbox placeholders (the application runs no sandbox of its own). */
    private static RoundDefinition parseForWorkbench(String definition) {
        RoundDefinition parsed = RoundDefinition.parse(definition, null);
        if (!parsed.indicatorSystem().matches("[a-z0-9-]+")) {
            throw new RoundDefinitionException("指标体系代码只能由小写字母、数字和连字符组成：" + parsed.indicatorSystem());
        }
        return parsed;
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
            RoundDefinition parsed = parseForWorkbench(definition);
            long roundId = importer.importRound(parsed, definition, user.getUsername(), "在评估工作台新建");
            flash.addFlashAttribute("message", "已新建评估轮次「" + parsed.name() + "」（草稿），请导入单位与渠道");
            return "redirect:/workbench/rounds/" + roundId + "/units";
        } catch (RoundDefinitionException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", "未能新建评估轮次：" + e.getMessage());
            flash.addFlashAttribute("definition", definition);
            return "redirect:/workbench#new-round-yaml";
        }
    }
}
