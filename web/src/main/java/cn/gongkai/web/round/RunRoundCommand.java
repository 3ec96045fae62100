package cn.gongkai.web.round;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.web.workbench.ManualScoreImportException;
import cn.gongkai.web.workbench.ManualScores;
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
 * {@code run-round --demo | <round.yaml> [--manual-scores <xlsx|csv>]}: capture, check and score one round to
 * completion on the configured database and print its ranking as CSV on stdout. {@code --manual-scores} enters people's
 * scores (MANUAL and DEPARTMENT points, veto hits included) from a sheet in the workbench's manual-score format; the
 * sheet is checked against the round before anything is captured, and stored (as the actor {@code run-round}, audited)
 * before the final scoring. Everything else (logs, errors) goes to stderr, so the output
 * can be piped; the exit code is 0 when every unit is completely assessed, 3 (after the CSV) when some unit has
 * 待评 points and so only a provisional total, 2 for a bad round definition, 1 for any other failure. With
 * {@code --demo} the demo accounts also enter the people's scores and reviews ({@link DemoScoring}), so the demo round
 * ends complete; it is left 复核中, not published.
 */
public final class RunRoundCommand {

    private RunRoundCommand() {
    }

    /** Who the audit log names for scores a {@code --manual-scores} sheet brings. */
    static final String ACTOR = "run-round";
    /** Far above a sheet of every unit and person-scored point of a province's round. */
    private static final long MAX_SHEET_BYTES = 64L * 1024 * 1024;

    public static int run(String[] args) {
        PrintStream err = System.err;
        boolean withSheet = args.length == 3 && args[1].equals("--manual-scores") && !args[0].equals("--demo");
        if (!(args.length == 1 || withSheet) || args[0].isBlank()) {
            err.println("用法：java -jar gongkai.jar run-round --demo | <轮次定义.yaml> [--manual-scores <得分表.xlsx|csv>]");
            return 2;
        }
        Path manualScores = withSheet ? Path.of(args[2]) : null;
        byte[] sheet = null;
        if (withSheet) {
            try {
                if (Files.size(manualScores) > MAX_SHEET_BYTES) {
                    err.println("错误：得分表 " + manualScores + " 超过 " + MAX_SHEET_BYTES / 1024 / 1024 + " MB");
                    return 2;
                }
                sheet = Files.readAllBytes(manualScores);
            } catch (IOException e) {
                err.println("错误：无法读取得分表 " + manualScores + "：" + e.getMessage());
                return 2;
            }
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
                    ManualScores scores = context.getBean(ManualScores.class);
                    if (sheet != null) {
                        // Before the capture, which may take hours: a sheet that does not fit the round stops here.
                        scores.check(roundId, manualScores.getFileName().toString(), sheet);
                    }
                    context.getBean(RoundPipeline.class).run(roundId);
                    if (sheet != null) {
                        int stored = scores.importFile(ACTOR, roundId, manualScores.getFileName().toString(), sheet);
                        context.getBean(RoundScorer.class).score(roundId);
                        err.println("已从得分表导入 " + stored + " 个人工或部门评分");
                    }
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
        } catch (ManualScoreImportException e) {
            err.println("错误：得分表 " + manualScores + " 未导入，评估轮次未采集。");
            e.errors().forEach(row -> err.println("  " + row));
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
