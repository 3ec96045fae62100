package cn.gongkai.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The inspect commands of the packaged jar print JSON and nothing else on stdout: library logs go to stderr. */
class InspectCommandsIT {

    private static final Path JAR = Path.of("target", "gongkai.jar");

    record Result(int exitCode, String stdout, String stderr) {
    }

    @Test
    void inspectDocumentOnAFileThatMakesPoiLogPrintsOnlyJson(@TempDir Path dir) throws Exception {
        // An OLE2 file with empty Word streams, as WPS and old Word tools leave them: POI warns while reading it.
        Path file = dir.resolve("年报.wps");
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fs.createDocument(new ByteArrayInputStream(new byte[4096]), "WordDocument");
            fs.createDocument(new ByteArrayInputStream(new byte[4096]), "1Table");
            fs.writeFilesystem(out);
            Files.write(file, out.toByteArray());
        }

        Result result = run(dir, "inspect-document", file.toString());

        assertThat(result.stderr()).contains("poi"); // the logs are there, on stderr
        JsonNode json = JsonMapper.builder().build().readTree(result.stdout());
        assertThat(json.isObject()).as(result.stdout()).isTrue();
        assertThat(json.toString()).contains("application/msword");
    }

    @Test
    void inspectPagePrintsOnlyJson(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.html");
        Files.writeString(page, "<html><head><meta charset=\"utf-8\"><title>关于印发某方案的通知</title></head><body>"
                + "<h1>关于印发某方案的通知</h1><p>发布时间：2024-03-05</p><p>正文。</p></body></html>");

        Result result = run(dir, "inspect-page", page.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(result.stdout());
        assertThat(json.get("title").asString()).isEqualTo("关于印发某方案的通知");
    }

    @Test
    void inspectPagePrintsTheNextPagesOfAListFromTheTrsPagerScriptAndFromNextLinks(@TempDir Path dir)
            throws Exception {
        try (Sandbox sandbox = Sandbox.startDeep(LocalDate.now(ZoneId.of("Asia/Shanghai")))) {
            String base = sandbox.baseUrl("deep");
            // 工作动态 is paged by TRS's createPageHTML script, 通知公告 by 下一页/尾页 links
            JsonNode trs = json(run(dir, "inspect-page", "--allow-private", base + "/gzdt/index_3.html"));
            assertThat(strings(trs.get("pagination")))
                    .containsExactly(base + "/gzdt/index_4.html", base + "/gzdt/index_5.html");
            JsonNode links = json(run(dir, "inspect-page", "--allow-private", base + "/tzgg/"));
            assertThat(strings(links.get("pagination")))
                    .containsExactly(base + "/tzgg/index_1.html", base + "/tzgg/index_9.html");
            JsonNode last = json(run(dir, "inspect-page", "--allow-private", base + "/tzgg/index_9.html"));
            assertThat(strings(last.get("pagination"))).doesNotContain(base + "/tzgg/index_10.html");
            assertThat(last.has("blocked")).isTrue();
        }
    }

    @Test
    void inspectPageTriesASiteProfileFromSelectorsOrAFileAndRefusesABadOne(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("list.html");
        Files.writeString(page, "<html><head><meta charset=\"utf-8\"><title>政策文件</title></head><body>"
                + "<div class=\"wjlb\"><div class=\"wj\"><a href=\"t1.html\">关于印发某方案的通知</a>"
                + "<span>实施日期：2024-04-01</span><span class=\"fb\">发布日期：2024-03-05</span></div>"
                + "<div class=\"wj\"><a href=\"t2.html\">关于开展某项检查的通知</a><span class=\"fb\">2024-02-20</span></div>"
                + "</div><div class=\"fy\"><a class=\"fy-r\" href=\"list_2.html\"><img src=\"r.gif\"></a></div></body></html>");

        JsonNode inline = json(run(dir, "inspect-page", "--profile",
                "listItem=div.wjlb > div.wj;itemDate=span.fb;nextPage=div.fy a.fy-r", page.toString()));
        JsonNode profile = inline.get("profile");
        assertThat(profile.get("listItemsSelected").asInt()).isEqualTo(2);
        assertThat(profile.get("listShape").asString()).isEqualTo("DATED");
        assertThat(profile.get("items").get(0).get("date").asString()).isEqualTo("2024-03-05");
        assertThat(strings(profile.get("nextPages"))).singleElement().satisfies(u -> assertThat(u).endsWith("/list_2.html"));
        assertThat(inline.has("items")).isTrue(); // the generic reading is printed beside it

        Path yaml = dir.resolve("profile.yaml");
        Files.writeString(yaml, "listItem: \"div.wjlb > div.wj\"\nitemDate: span.fb\n");
        assertThat(json(run(dir, "inspect-page", "--profile", yaml.toString(), page.toString())).get("profile")
                .get("items")).hasSize(2);

        Result bad = run(dir, "inspect-page", "--profile", "listItem=div[", page.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stdout()).isEmpty();
        assertThat(bad.stderr()).contains("抽取配置无效", "列表项选择器（listItem）不是有效的 CSS 选择器");
    }

    private static JsonNode json(Result result) {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return JsonMapper.builder().build().readTree(result.stdout());
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array).as("pagination").isNotNull();
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static Result run(Path dir, String... args) throws IOException, InterruptedException {
        assertThat(JAR).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(args[0] + " did not finish in 3 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
