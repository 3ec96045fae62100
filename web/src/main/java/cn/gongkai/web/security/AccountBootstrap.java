package cn.gongkai.web.security;

import cn.gongkai.web.GongkaiProperties;
import java.util.EnumSet;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * The first start of a new installation creates one evaluator account, {@code admin}, with a random password that
 * is printed once: nobody ships with a known password. (The demo adds documented demo accounts of its own.)
 */
@Component
@ConditionalOnWebApplication
class AccountBootstrap implements ApplicationRunner {


    private final UserAccounts accounts;
    private final GongkaiProperties properties;

    AccountBootstrap(UserAccounts accounts, GongkaiProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.demo() || accounts.anyWithRole(Role.EVALUATOR) || accounts.exists("admin")) {
            return;
        }
        String password = UserAccounts.randomPassword();
        try {
            accounts.create("system", "admin", "管理员", password, null, EnumSet.of(Role.EVALUATOR));
        } catch (RuntimeException e) {
            if (accounts.exists("admin")) {
                return; // another node of a cluster starting at the same time created it (and printed its password)
            }
            throw e;
        }
        System.out.println();
        System.out.println("已创建评估人员管理员账号 admin，初始密码：" + password + "（只显示这一次，请妥善保存）");
        System.out.println();
    }
}
