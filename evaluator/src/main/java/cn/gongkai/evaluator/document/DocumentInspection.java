package cn.gongkai.evaluator.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the platform reads in one document, as JSON: the detected type, the status, the length of the text, and for an
 * annual report its sections and every identity with expected and actual values. Behind
 * {@code java -jar gongkai.jar inspect-document <file>}, for evaluators who want to see why a report was judged so.
 */
public final class DocumentInspection {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private DocumentInspection() {
    }

    /** The command: prints the JSON on {@code out}; returns 0, or 2 with a Chinese message on {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("用法：inspect-document <文件路径>（PDF、DOC、DOCX、WPS、XLS、XLSX、OFD 或 HTML）");
            return 2;
        }
        try {
            out.println(inspect(Path.of(args[0])));
            return 0;
        } catch (NoSuchFileException e) {
            err.println("文件不存在：" + args[0]);
        } catch (AccessDeniedException e) {
            err.println("没有读取该文件的权限：" + args[0]);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            err.println("无法读取文件：" + args[0] + "（" + e.getMessage() + "）");
        }
        return 2;
    }

    /** @throws IOException when the file cannot be read (a document that cannot be parsed is reported, not thrown) */
    public static String inspect(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("这是一个目录，不是文件");
        }
        byte[] bytes = Files.readAllBytes(file);
        return JSON.writeValueAsString(inspect(bytes, file.getFileName().toString()));
    }

    static Map<String, Object> inspect(byte[] bytes, String fileName) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", fileName);
        json.put("bytes", bytes.length);
        String lower = fileName.toLowerCase(Locale.ROOT);
        AnnualReport report;
        if (lower.endsWith(".html") || lower.endsWith(".htm") || lower.endsWith(".shtml")) {
            // A report page: its tables are read from the markup, as the checker reads captured pages.
            Document page;
            try {
                page = Jsoup.parse(new ByteArrayInputStream(bytes), null, "");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            String text = page.body() == null ? "" : page.body().text();
            json.put("detectedType", "text/html");
            json.put("status", text.isBlank() ? DocumentText.Status.NO_TEXT : DocumentText.Status.OK);
            json.put("problem", text.isBlank() ? "页面中没有文字" : null);
            json.put("truncated", false);
            json.put("textLength", text.length());
            report = AnnualReportParser.parse(page.body() == null ? page : page.body());
        } else {
            DocumentText text = DocumentReader.defaults().read(bytes, fileName, null);
            json.put("detectedType", text.detectedType());
            json.put("status", text.status());
            json.put("problem", text.problem());
            json.put("truncated", text.truncated());
            json.put("textLength", text.text().length());
            report = text.readable() ? AnnualReportParser.parse(text.text()) : null;
        }
        boolean looksLikeReport = report != null
                && (report.sections().size() >= 3 || report.applications() != null);
        json.put("annualReport", looksLikeReport ? annualReport(report) : null);
        return json;
    }

    private static Map<String, Object> annualReport(AnnualReport report) {
        AnnualReportIdentities.Result result = AnnualReportIdentities.check(report);
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> sections = new ArrayList<>();
        for (AnnualReport.Section s : report.sections()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("number", s.number());
            one.put("heading", s.heading());
            sections.add(one);
        }
        json.put("sections", sections);
        json.put("missingSections", report.missingSections());
        json.put("sectionsInOrder", report.sectionsInOrder());
        json.put("table3Rows", report.applications() == null ? 0 : report.applications().rows().size());
        json.put("table4Found", report.reviews() != null);
        json.put("problems", report.problems());
        json.put("identitiesChecked", result.identities().size());
        json.put("identitiesBroken", result.broken().size());
        List<Map<String, Object>> identities = new ArrayList<>();
        for (AnnualReportIdentities.Identity i : result.identities()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("table", i.table());
            one.put("identity", i.name());
            one.put("holds", i.holds());
            one.put("expected", i.expected());
            one.put("actual", i.actual());
            one.put("cells", i.cells());
            identities.add(one);
        }
        json.put("identities", identities);
        json.put("invalidCells", result.invalid().stream().map(AnnualReportIdentities.InvalidCell::describe).toList());
        json.put("notChecked", result.notChecked());
        return json;
    }
}
