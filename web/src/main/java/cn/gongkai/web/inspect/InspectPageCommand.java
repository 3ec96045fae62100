package cn.gongkai.web.inspect;

import cn.gongkai.crawler.extract.PageInspector;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gongkai inspect-page [--allow-private] <file-or-url>}: prints as JSON what extraction sees in one page
 * (charset, title, pubDate, metaTags, items, pagination: the next pages of a list it links to or
 * its pager script names, blocked, messages, attachments, links). Exit code 0, or 2 for bad arguments,
 * 1 when the page cannot be read.
 */
public final class InspectPageCommand {

    private InspectPageCommand() {
    }

    public static int run(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        boolean allowPrivate = false;
        List<String> targets = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--allow-private")) {
                allowPrivate = true;
            } else {
                targets.add(a);
            }
        }
        if (targets.size() != 1) {
            err.println("用法：java -jar gongkai.jar inspect-page [--allow-private] <文件或网址>");
            return 2;
        }
        try {
            Map<String, Object> result = PageInspector.inspect(targets.getFirst(), allowPrivate);
            JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            out.println(json.writeValueAsString(result));
            return 0;
        } catch (RuntimeException e) {
            err.println("无法检查该页面：" + e.getMessage());
            return 1;
        }
    }
}
