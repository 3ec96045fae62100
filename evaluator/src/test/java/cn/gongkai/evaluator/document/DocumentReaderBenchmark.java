package cn.gongkai.evaluator.document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput of {@link DocumentReader} on generated documents (not a test: run it by hand, see README "Benchmarks").
 * Prints, per type, the input megabytes read per second and the characters of text produced per second, after a
 * warm-up, on one thread.
 */
public final class DocumentReaderBenchmark {

    private DocumentReaderBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        corpus.put("pdf (年报, 2 pages)", ReportFixture.correct().pdf());
        corpus.put("pdf (40 pages)", longPdf(40));
        corpus.put("docx (年报 with tables)", ReportFixture.correct().docx());
        corpus.put("docx (2,000 paragraphs)", TestFiles.docx(paragraphs(2000)));
        corpus.put("xlsx (3,000 rows)", TestFiles.xlsx(rows(3000)));
        corpus.put("xls (3,000 rows)", TestFiles.xls(rows(3000)));
        corpus.put("ofd (200 lines)", TestFiles.ofd(rows(200)));
        DocumentReader reader = DocumentReader.defaults();
        long totalBytes = 0;
        long totalNanos = 0;
        System.out.printf("%-26s %10s %10s %12s %10s%n", "document", "KB", "MB/s", "Mchars/s", "ms/doc");
        for (var e : corpus.entrySet()) {
            String name = e.getKey();
            byte[] bytes = e.getValue();
            String fileName = "bench." + name.substring(0, name.indexOf(' '));
            for (int i = 0; i < 3; i++) {
                check(reader.read(bytes, fileName, null), name);
            }
            long chars = 0;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                chars += check(reader.read(bytes, fileName, null), name).text().length();
            }
            long nanos = System.nanoTime() - start;
            totalBytes += (long) bytes.length * rounds;
            totalNanos += nanos;
            System.out.printf("%-26s %10.1f %10.2f %12.2f %10.1f%n", name, bytes.length / 1024.0,
                    bytes.length * (double) rounds / 1e6 / (nanos / 1e9), chars / 1e6 / (nanos / 1e9),
                    nanos / 1e6 / rounds);
        }
        System.out.printf("%-26s %10s %10.2f%n", "all", "", totalBytes / 1e6 / (totalNanos / 1e9));
    }

    private static DocumentText check(DocumentText text, String name) {
        if (!text.readable()) {
            throw new IllegalStateException(name + "：" + text.status() + " " + text.problem());
        }
        return text;
    }

    private static byte[] longPdf(int pages) {
        List<TestPdf.Line> lines = new ArrayList<>();
        for (int i = 0; i < pages * 50; i++) {
            lines.add(TestPdf.text("第" + i + "行：本年度全面推进政务公开，主动公开政府信息，回应社会关切 " + i));
        }
        return TestPdf.write(lines);
    }

    private static List<String> paragraphs(int n) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add("第" + i + "段：坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。");
        }
        return list;
    }

    private static List<List<String>> rows(int n) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(List.of("事项" + i, "行政许可", Integer.toString(i), "2025-03-" + (i % 28 + 1)));
        }
        return rows;
    }
}
