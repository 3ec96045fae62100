package cn.gongkai.web.security;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.USER_ROLE;

import cn.gongkai.web.input.TextInput;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Accounts for leaders, units and supervising departments, kept by evaluators: create with a random password shown
 * once, reset it, disable and enable. Evaluators only: the security configuration gives every /workbench path to the
 * EVALUATOR role. Every change is in the audit log (through {@link UserAccounts}).
 */
@Controller
class AccountController {

    private static final String USERNAME = "[A-Za-z0-9._-]{2,50}";

    private final DSLContext dsl;
    private final UserAccounts accounts;

    AccountController(DSLContext dsl, UserAccounts accounts) {
        this.dsl = dsl;
        this.accounts = accounts;
    }

    record AccountLine(long id, String username, String displayName, String roles, String unit, boolean enabled) {
    }

    record UnitOption(String code, String name) {
    }

    @GetMapping("/workbench/accounts")
    String list(Model model) {
        Map<Long, String> roles = dsl.select(USER_ROLE.USER_ID, USER_ROLE.ROLE).from(USER_ROLE).fetch().stream()
                .collect(Collectors.groupingBy(r -> r.value1(), Collectors.mapping(
                        r -> Role.valueOf(r.value2()).label(), Collectors.joining("、"))));
        List<AccountLine> lines = dsl.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, UNIT.NAME,
                        APP_USER.ENABLED)
                .from(APP_USER).leftJoin(UNIT).on(UNIT.ID.eq(APP_USER.UNIT_ID)).orderBy(APP_USER.USERNAME)
                .fetch(r -> new AccountLine(r.value1(), r.value2(), r.value3(), roles.getOrDefault(r.value1(), ""),
                        r.value4(), Boolean.TRUE.equals(r.value5())));
        model.addAttribute("accounts", lines);
        model.addAttribute("roles", Role.values());
        model.addAttribute("units", dsl.select(UNIT.CODE, UNIT.NAME).from(UNIT).orderBy(UNIT.CODE)
                .fetch(r -> new UnitOption(r.value1(), r.value2())));
        return "accounts";
    }

    @PostMapping("/workbench/accounts")
    String create(@RequestParam(defaultValue = "") String username,
                  @RequestParam(defaultValue = "") String displayName,
                  @RequestParam(defaultValue = "") String role,
                  @RequestParam(defaultValue = "") String unitCode,
                  @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        String name = username.strip();
        try {
            if (!name.matches(USERNAME)) {
                throw new IllegalArgumentException("用户名须为 2–50 个字母、数字、点、下划线或连字符");
            }
            if (accounts.exists(name)) {
                throw new IllegalArgumentException("用户名已被使用：" + name);
            }
            if (displayName.isBlank()) {
                throw new IllegalArgumentException("请填写姓名或单位名称（不超过 200 字）");
            }
            TextInput.name(displayName.strip(), "姓名/单位名称", TextInput.NAME_MAX);
            Role chosen;
            try {
                chosen = Role.valueOf(role);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("请选择角色");
            }
            Long unitId = null;
            if (chosen == Role.COUNTY) {
                unitId = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(unitCode.strip())).fetchOne(UNIT.ID);
                if (unitId == null) {
                    throw new IllegalArgumentException("被评估单位账号须选择一个已登记的单位");
                }
            }
            String password = UserAccounts.randomPassword();
            accounts.create(user.getUsername(), name, displayName.strip(), password, unitId, EnumSet.of(chosen));
            flash.addFlashAttribute("message", "已创建账号 " + name + "（" + chosen.label() + "），初始密码："
                    + password + "（只显示这一次，请转交本人）");
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", "未能创建账号：" + e.getMessage());
        }
        return "redirect:/workbench/accounts";
    }

    @PostMapping("/workbench/accounts/{userId}/password")
    String resetPassword(@PathVariable long userId, @AuthenticationPrincipal GongkaiUser user,
                         RedirectAttributes flash) {
        try {
            String password = accounts.resetPassword(user.getUsername(), userId);
            flash.addFlashAttribute("message", "已重置密码，新密码：" + password + "（只显示这一次，请转交本人）");
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/workbench/accounts";
    }

    @PostMapping("/workbench/accounts/{userId}/enabled")
    String setEnabled(@PathVariable long userId, @RequestParam(defaultValue = "false") boolean enabled,
                      @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        try {
            if (!enabled && userId == user.id()) {
                throw new IllegalArgumentException("不能停用自己正在使用的账号");
            }
            accounts.setEnabled(user.getUsername(), userId, enabled);
            flash.addFlashAttribute("message", enabled ? "已启用账号" : "已停用账号");
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/workbench/accounts";
    }
}
