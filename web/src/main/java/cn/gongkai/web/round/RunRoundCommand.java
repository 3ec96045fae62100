package cn.gongkai.web.round;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.GongkaiApplication;
import cn.gongkai.web.demo.DemoScoring;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code run-round --demo | <round.yaml>}: capture, check and score one round to completion on the configured
 * database and print its ranking as CSV on stdout. Everything else (logs, errors) goes to stderr, so the output
 * can be piped; the exit code is 0 when every unit is completely assessed, 3 (after the CSV) when some unit has
 * 待评 points and so only a provisional total, 2 for a bad round definition, 1 for any other failure. With
 * {@code --demo} the demo accounts also enter the people's scores and reviews ({@link DemoScoring}), so the demo round
 * ends complete; it is left 复核中, not published.
 */
public final class RunRoundCommand {

    private RunRoundCommand() {
    }

    public static int run(String[] args) {
        PrintStream err = System.err;
        if (args.length != 1 || args[0].isBlank()) {
            err.println("用法：java -jar gongkai.jar run-round --demo | <轮次定义.yaml>");
            return 2;
        }
        String yaml;
        try {
            yaml = args[0].equals("--demo") ? demoRoundYaml() : Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("错误：无法读取轮次定义文件 " + args[0] + "：" + e.getMessage());
            return 2;
        }
        boolean demo = args[0].equals("--demo");
        Sandbox sandbox = yaml.contains("${sandbox:") ? Sandbox.startFull(LocalDate.now()) : null;
        try {
            RoundDefinition definition = RoundDefinition.parse(yaml, sandbox == null ? null : code -> sandboxUrl(sandbox, code));
            SpringApplication app = new SpringApplication(GongkaiApplication.class);
            app.setWebApplicationType(WebApplicationType.NONE);
            app.setBannerMode(Banner.Mode.OFF);
            app.setDefaultProperties(Map.of("spring.quartz.auto-startup", "false"));
            try (ConfigurableApplicationContext context = app.run()) {
                long roundId;
                if (demo) {
                    // The demo's people (scorers, citizens, the reviewer) do their part, as in the web demo.
                    roundId = context.getBean(DemoScoring.class).runRound(yaml, sandbox, null, null, DemoScoring.SEED);
                } else {
                    roundId = context.getBean(RoundImporter.class).importRound(definition, yaml);
                    context.getBean(RoundPipeline.class).run(roundId);
                }
                Rankings rankings = context.getBean(Rankings.class);
                System.out.print(rankings.csv(roundId));
                System.out.flush();
                if (!rankings.complete(roundId)) {
                    err.println("注意：有单位的评估点待评（采集失败、检查结果不确定或尚未人工评分），其总分仅为暂定，未定等次");
                    return 3;
                }
                return 0;
            }
        } catch (RoundDefinitionException e) {
            err.println("错误：" + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("运行失败：" + e.getMessage());
            e.printStackTrace(err);
            return 1;
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    public static String demoRoundYaml() throws IOException {
        try (InputStream in = RunRoundCommand.class.getResourceAsStream("/demo-round.yaml")) {
            if (in == null) {
                throw new IOException("缺少内置的演示轮次定义 demo-round.yaml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A {@code ${sandbox:code}} placeholder's value: a site's base URL, or a WeChat account's feed; null if none. */
    public static String sandboxUrl(Sandbox sandbox, String code) {
        for (Sandbox.SandboxSite site : sandbox.sites()) {
            if (site.code().equals(code)) {
                return site.baseUrl();
            }
        }
        for (Sandbox.SandboxWechat account : sandbox.wechatAccounts()) {
            if (account.code().equals(code)) {
                return account.feedUrl();
            }
        }
        return null;
    }
}
