package cn.gongkai.evaluator.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DocumentInspectionTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DocumentInspection.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void reportWithABrokenIdentityShowsSectionsAndEveryIdentity() throws Exception {
        Path pdf = dir.resolve("2025年报.pdf");
        Files.write(pdf, ReportFixture.correct().withCell("四", 1, "2").pdf());

        assertThat(run(pdf.toString())).isEqualTo(0);

        JsonNode json = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("detectedType").asString()).isEqualTo("application/pdf");
        assertThat(json.get("status").asString()).isEqualTo("OK");
        assertThat(json.get("textLength").asInt()).isGreaterThan(500);
        JsonNode report = json.get("annualReport");
        assertThat(report.get("sections")).hasSize(6);
        assertThat(report.get("identitiesChecked").asInt()).isEqualTo(42);
        assertThat(report.get("identitiesBroken").asInt()).isEqualTo(2);
        JsonNode broken = null;
        for (JsonNode i : report.get("identities")) {
            if (!i.get("holds").asBoolean() && i.get("identity").asString().contains("商业企业列")) {
                broken = i;
            }
        }
        assertThat(broken).isNotNull();
        assertThat(broken.get("expected").asLong()).isEqualTo(broken.get("actual").asLong() - 2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void htmlReportAndPlainDocumentAreBothInspected() throws Exception {
        Path html = dir.resolve("report.html");
        Files.writeString(html, ReportFixture.correct().html());
        Path docx = dir.resolve("notice.docx");
        Files.write(docx, TestFiles.docx(java.util.List.of("关于召开会议的通知")));

        assertThat(run(html.toString())).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"identitiesBroken\" : 0");
        out.reset();
        assertThat(run(docx.toString())).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"annualReport\" : null");
    }

    @Test
    void missingFileExitsWith2AndAChineseMessage() {
        assertThat(run(dir.resolve("nope.pdf").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("文件不存在");
        assertThat(run(dir.toString())).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("用法");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
