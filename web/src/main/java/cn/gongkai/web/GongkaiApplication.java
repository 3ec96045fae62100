package cn.gongkai.web;

import cn.gongkai.evaluator.document.DocumentInspection;
import cn.gongkai.web.inspect.InspectPageCommand;
import cn.gongkai.web.round.RunRoundCommand;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * gongkai's entry point. {@code java -jar gongkai.jar} serves the platform; {@code demo} serves it with the sandbox
 * sites and the demo round; {@code run-round --demo | <round.yaml>} runs one round headless and prints its ranking;
 * {@code inspect-page <file-or-url>} prints as JSON what extraction sees in one page; {@code inspect-document <file>}
 * prints as JSON what the platform reads in one document (type, status, annual-report sections and identities).
 */
@SpringBootApplication
public class GongkaiApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run-round")) {
            System.exit(RunRoundCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("inspect-page")) {
            System.exit(InspectPageCommand.run(Arrays.copyOfRange(args, 1, args.length)));
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
        SpringApplication app = new SpringApplication(GongkaiApplication.class);
        app.setDefaultProperties(defaults);
        app.run(rest);
    }
}
