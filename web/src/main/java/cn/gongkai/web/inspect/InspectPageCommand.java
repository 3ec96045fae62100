package cn.gongkai.web.inspect;

import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.crawler.extract.PageInspector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code gongkai inspect-page [--allow-private] [--profile <file-or-selectors>] <file-or-url>}: prints as JSON what
 * extraction sees in one page (charset, title, pubDate, metaTags, items, pagination: the next pages of a list it links
 * to or its pager script names, blocked, messages, attachments, links) and, with {@code --profile}, what a site's
 * extraction profile (栏目配置) selects on it, so that an evaluator tries the selectors on a capture before giving
 * them to the round. Exit code 0, or 2 for bad arguments,
 * 1 when the page cannot be read.
 */
public final class InspectPageCommand {

    private InspectPageCommand() {
    }

    public static int run(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        boolean allowPrivate = false;
        String profileArgument = null;
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--allow-private")) {
                allowPrivate = true;
            } else if (args[i].equals("--profile") && i + 1 < args.length) {
                profileArgument = args[++i];
            } else {
                targets.add(args[i]);
            }
        }
        if (targets.size() != 1) {
            err.println("用法：java -jar gongkai.jar inspect-page [--allow-private] [--profile <配置文件或 键=选择器;…>] <文件或网址>");
            return 2;
        }
        ExtractionProfile profile;
        try {
            profile = profileArgument == null ? null : profile(profileArgument);
        } catch (RuntimeException e) {
            err.println("抽取配置无效：" + e.getMessage());
            return 2;
        }
        try {
            Map<String, Object> result = PageInspector.inspect(targets.getFirst(), allowPrivate, profile);
            JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            out.println(json.writeValueAsString(result));
            return 0;
        } catch (RuntimeException e) {
            err.println("无法检查该页面：" + e.getMessage());
            return 1;
        }
    }

    /**
     * A profile from a YAML or JSON file (a round definition's {@code profile:} block: selectors by key) or written
     * inline as {@code listItem=div.list li;itemDate=span.date}.
     */
    static ExtractionProfile profile(String argument) {
        Map<String, Object> selectors = new LinkedHashMap<>();
        if (!argument.contains("=")) {
            try {
                Map<String, Object> read = YAMLMapper.builder().build().readValue(Files.readString(Path.of(argument)),
                        new TypeReference<>() {
                        });
                if (read != null) {
                    selectors.putAll(read);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("无法读取文件 " + argument + "：" + e.getMessage(), e);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("文件 " + argument + " 不是选择器的 YAML/JSON 映射：" + e.getOriginalMessage(), e);
            }
        } else {
            for (String pair : argument.split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("“" + pair.strip() + "”应写成 键=选择器");
                }
                selectors.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        ExtractionProfile profile = ExtractionProfile.of(selectors);
        if (profile.isEmpty()) {
            throw new IllegalArgumentException("没有给出任何选择器");
        }
        return profile;
    }
}
