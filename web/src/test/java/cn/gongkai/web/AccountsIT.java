package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Evaluators keep the accounts of leaders and units over real HTTP: create, reset, disable; others cannot. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsIT {

    private static final String PASSWORD = "test-password-1";
    private static final Pattern SHOWN_PASSWORD = Pattern.compile("密码：([A-Za-z0-9]{16})");
    private static final String ROUND = """
            name: 账号测试轮次
            indicatorSystem: foundation
            groups:
              - code: ac-counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
                units:
                  - code: ac-qinghe
                    name: 清河区人民政府
                    channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/ac-qinghe/'}]
            """;

    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @LocalServerPort int port;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-accounts");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void accounts() {
        importer.importRound(RoundDefinition.parse(ROUND, null), ROUND);
        accounts.create("test", "ac-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "ac-lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
    }

    private static String shownPassword(String page) {
        Matcher m = SHOWN_PASSWORD.matcher(page);
        assertThat(m.find()).as("a password shown once on the page").isTrue();
        return m.group(1);
    }

    private static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private long userId(String username) {
        return dsl.select(APP_USER.ID).from(APP_USER).where(APP_USER.USERNAME.eq(username)).fetchOne(APP_USER.ID);
    }

    @Test
    void evaluatorsCreateResetAndDisableAccountsAndNobodyElseCan() throws Exception {
        String county = form("username", "ac-qinghe", "displayName", "清河区", "role", "COUNTY", "unitCode", "ac-qinghe");
        int users = dsl.fetchCount(APP_USER);
        WebSession leader = WebSession.loggedIn(port, "ac-lead", PASSWORD);
        assertThat(leader.get("/workbench/accounts").statusCode()).isEqualTo(403);
        assertThat(leader.post("/workbench/accounts", county).statusCode()).isEqualTo(403);
        assertThat(leader.post("/workbench/accounts/" + userId("ac-eva") + "/password", "x=1").statusCode())
                .isEqualTo(403);
        assertThat(dsl.fetchCount(APP_USER)).isEqualTo(users);

        WebSession evaluator = WebSession.loggedIn(port, "ac-eva", PASSWORD);
        assertThat(evaluator.get("/workbench").body()).contains("/workbench/accounts");
        // Refused with what is wrong, in Chinese; nothing stored.
        for (var bad : List.of(
                List.of(form("username", "a b", "displayName", "x", "role", "LEADER"), "用户名须为"),
                List.of(form("username", "ac-eva", "displayName", "x", "role", "LEADER"), "用户名已被使用"),
                List.of(form("username", "ac-x", "displayName", "x", "role", "COUNTY", "unitCode", "nowhere"),
                        "须选择一个已登记的单位"),
                List.of(form("username", "ac-y", "displayName", "x", "role", "ROOT"), "请选择角色"))) {
            assertThat(evaluator.post("/workbench/accounts", bad.get(0)).statusCode()).isEqualTo(302);
            assertThat(evaluator.get("/workbench/accounts").body()).contains("未能创建账号", bad.get(1));
        }
        assertThat(dsl.fetchCount(APP_USER)).isEqualTo(users);

        // A county account, its password shown once: the unit signs in with it and reads its own unit only.
        assertThat(evaluator.post("/workbench/accounts", county).statusCode()).isEqualTo(302);
        String first = shownPassword(evaluator.get("/workbench/accounts").body());
        assertThat(evaluator.get("/workbench/accounts").body()).doesNotContain(first);
        WebSession unit = WebSession.loggedIn(port, "ac-qinghe", first);
        assertThat(unit.get("/workbench").statusCode()).isEqualTo(403);
        long qinghe = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("ac-qinghe")).fetchOne(UNIT.ID);
        assertThat(dsl.select(APP_USER.UNIT_ID).from(APP_USER).where(APP_USER.USERNAME.eq("ac-qinghe"))
                .fetchOne(APP_USER.UNIT_ID)).isEqualTo(qinghe);

        // A reset replaces the password; the old one no longer signs in.
        long id = userId("ac-qinghe");
        assertThat(evaluator.post("/workbench/accounts/" + id + "/password", "x=1").statusCode()).isEqualTo(302);
        String second = shownPassword(evaluator.get("/workbench/accounts").body());
        assertThatThrownBy(() -> WebSession.loggedIn(port, "ac-qinghe", first)).isInstanceOf(AssertionError.class);
        WebSession.loggedIn(port, "ac-qinghe", second);

        // Disabled, it cannot sign in; enabled again, it can. An evaluator cannot disable their own account.
        evaluator.post("/workbench/accounts/" + id + "/enabled", "enabled=false");
        assertThat(evaluator.get("/workbench/accounts").body()).contains("已停用账号", "已停用");
        assertThatThrownBy(() -> WebSession.loggedIn(port, "ac-qinghe", second)).isInstanceOf(AssertionError.class);
        evaluator.post("/workbench/accounts/" + id + "/enabled", "enabled=true");
        assertThat(evaluator.get("/workbench/accounts").body()).contains("已启用账号");
        WebSession.loggedIn(port, "ac-qinghe", second);
        evaluator.post("/workbench/accounts/" + userId("ac-eva") + "/enabled", "enabled=false");
        assertThat(evaluator.get("/workbench/accounts").body()).contains("不能停用自己正在使用的账号");

        assertThat(dsl.select(AUDIT_LOG.ACTION).from(AUDIT_LOG).where(AUDIT_LOG.ACTOR.eq("ac-eva"),
                        AUDIT_LOG.ENTITY_ID.eq(String.valueOf(id))).orderBy(AUDIT_LOG.ID).fetch(AUDIT_LOG.ACTION))
                .containsExactly("USER_CREATED", "USER_PASSWORD_RESET", "USER_DISABLED", "USER_ENABLED");
    }
}
