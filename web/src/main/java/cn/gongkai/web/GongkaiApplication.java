package cn.gongkai.web;

import cn.gongkai.crawler.Bench;
import cn.gongkai.evaluator.document.DocumentInspection;
import cn.gongkai.web.inspect.InspectPageCommand;
import cn.gongkai.web.round.RunRoundCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * gongkai's entry point. {@code java -jar gongkai.jar} serves the platform; {@code demo} serves it with the sandbox
 * sites and the demo round; {@code run-round --demo | <round.yaml>} runs one round headless and prints its ranking;
 * {@code inspect-page <file-or-url>} prints as JSON what extraction sees in one page; {@code inspect-document <file>}
 * prints as JSON what the platform reads in one document (type, status, annual-report sections and identities);
 * {@code bench crawl | extract} runs the crawler's benchmarks.
 */
@SpringBootApplication
public class GongkaiApplication {

    static final String USAGE = """
            用法 / Usage: java -jar gongkai.jar [命令 command] [参数 arguments]

              （无命令 / none） [--name=value ...]   启动评估平台 / serve the platform (http://127.0.0.1:8080/)
              demo [--name=value ...]              用靶场站点和演示轮次启动 / serve with the sandbox sites and the demo round
              run-round --demo | <round.yaml>      无界面运行一个轮次，输出排名 CSV / run one round headless, print its ranking as CSV
              inspect-page <file-or-url>           以 JSON 输出一个页面的抽取结果 / what extraction sees in one page, as JSON
              inspect-document <file>              以 JSON 输出一个文档的读取结果 / what is read in one document, as JSON
              bench crawl [--hosts 100] [--pages 200] [--delay-ms 0,1000] [--warm-up-hosts 100]
                                                   抓取基准：靶场站点群，速度、CPU、内存与证据完整性 / crawl benchmark
              bench extract [--repetitions 20] [--dir <目录>]
                                                   抽取基准：每页 CPU 时间，对照 Jsoup 解析 / extraction CPU per page
              --help, -h                           显示本说明 / print this help

            --name=value 为 Spring 配置项 / are Spring properties, e.g. --server.port=8081 --gongkai.home=/srv/gongkai
            """;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run-round")) {
            System.exit(RunRoundCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("inspect-page")) {
            System.exit(InspectPageCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("bench")) {
            quietLogging();
            System.exit(Bench.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("inspect-document")) {
            System.exit(DocumentInspection.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        Map<String, Object> defaults = new HashMap<>();
        String[] rest = args;
        if (args.length > 0 && args[0].equals("demo")) {
            defaults.put("gongkai.demo", "true");
            rest = Arrays.copyOfRange(args, 1, args.length);
        }
        int refused = refuseUnknown(rest, System.out, System.err);
        if (refused != 0) {
            System.exit(refused);
        }
        SpringApplication app = new SpringApplication(GongkaiApplication.class);
        app.setDefaultProperties(defaults);
        app.run(rest);
    }

    /**
     * A benchmark prints its own figures: the crawler's progress lines (every host, every 15 s) and the libraries'
     * INFO logs would bury them and cost CPU in the measured run, so only warnings and errors are logged.
     */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /**
     * The arguments left for the server must all be Spring options: anything else (a mistyped command, --help) is
     * answered with the usage and exit code 2 before Spring starts, so nothing (an embedded database in the current
     * directory above all) is started by mistake. 0 means: start the server.
     */
    static int refuseUnknown(String[] serverArgs, PrintStream out, PrintStream err) {
        for (String argument : serverArgs) {
            if (argument.equals("--help") || argument.equals("-h") || argument.equals("help")) {
                out.print(USAGE);
                return 2;
            }
            if (!SPRING_OPTION.matcher(argument).matches()) {
                err.println("未知的命令或参数 / unknown command or argument: " + argument);
                err.println();
                err.print(USAGE);
                return 2;
            }
        }
        return 0;
    }

    /** --name=value as Spring reads it, and its bare --debug and --trace switches. */
    private static final Pattern SPRING_OPTION = Pattern.compile("--[A-Za-z][A-Za-z0-9._\\[\\]-]*=.*|--debug|--trace",
            Pattern.DOTALL);
}
