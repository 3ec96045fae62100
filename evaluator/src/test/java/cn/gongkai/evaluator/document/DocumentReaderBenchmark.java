package cn.gongkai.evaluator.document;

import cn.gongkai.crawler.sandbox.CjkPdf;
import cn.gongkai.crawler.sandbox.Sandbox;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput of {@link DocumentReader} (not a test: run it by hand, see README "Benchmarks"): first on the sandbox's
 * documents (the annual reports its sites publish as PDF and DOCX attachments, including the encrypted and the
 * truncated one, which must come back as such and quickly), then on larger generated documents. Prints, per
 * document, the input megabytes read per second and the characters of text produced per second, after a warm-up,
 * on one thread, and the totals.
 */
public final class DocumentReaderBenchmark {

    private DocumentReaderBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        DocumentReader reader = DocumentReader.defaults();
        Map<String, byte[]> sandbox = Sandbox.documents(LocalDate.now(ZoneId.of("Asia/Shanghai")));
        System.out.println("Sandbox documents (" + sandbox.size() + " files):");
        measure(reader, sandbox, rounds, true);
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        corpus.put("pdf (年报, 2 pages)", ReportFixture.correct().pdf());
        corpus.put("pdf (40 pages)", longPdf(40));
        corpus.put("docx (年报 with tables)", ReportFixture.correct().docx());
        corpus.put("docx (2,000 paragraphs)", TestFiles.docx(paragraphs(2000)));
        corpus.put("xlsx (3,000 rows)", TestFiles.xlsx(rows(3000)));
        corpus.put("xls (3,000 rows)", TestFiles.xls(rows(3000)));
        corpus.put("ofd (200 lines)", TestFiles.ofd(rows(200)));
        System.out.println("Generated documents:");
        measure(reader, corpus, rounds, false);
    }

    /** @param sandbox names are paths (the file name is the last segment) and unreadable files are expected */
    private static void measure(DocumentReader reader, Map<String, byte[]> documents, int rounds, boolean sandbox) {
        long totalBytes = 0;
        long totalNanos = 0;
        System.out.printf("%-48s %8s %8s %10s %8s  %s%n", "document", "KB", "MB/s", "Mchars/s", "ms/doc", "status");
        for (var e : documents.entrySet()) {
            String name = e.getKey();
            byte[] bytes = e.getValue();
            String fileName = sandbox ? name.substring(name.lastIndexOf('/') + 1)
                    : "bench." + name.substring(0, name.indexOf(' '));
            for (int i = 0; i < 3; i++) {
                check(reader.read(bytes, fileName, null), name, sandbox);
            }
            long chars = 0;
            DocumentText last = null;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                last = check(reader.read(bytes, fileName, null), name, sandbox);
                chars += last.text().length();
            }
            long nanos = System.nanoTime() - start;
            totalBytes += (long) bytes.length * rounds;
            totalNanos += nanos;
            System.out.printf("%-48s %8.1f %8.2f %10.2f %8.1f  %s%n", name, bytes.length / 1024.0,
                    bytes.length * (double) rounds / 1e6 / (nanos / 1e9), chars / 1e6 / (nanos / 1e9),
                    nanos / 1e6 / rounds, last.status() + (last.problem() == null ? "" : " " + last.problem()));
        }
        System.out.printf("%-48s %8.1f %8.2f%n", "all", totalBytes / 1024.0 / rounds,
                totalBytes / 1e6 / (totalNanos / 1e9));
    }

    private static DocumentText check(DocumentText text, String name, boolean unreadableExpected) {
        if (!text.readable() && !unreadableExpected) {
            throw new IllegalStateException(name + "：" + text.status() + " " + text.problem());
        }
        return text;
    }

    private static byte[] longPdf(int pages) {
        List<CjkPdf.Line> lines = new ArrayList<>();
        for (int i = 0; i < pages * 50; i++) {
            lines.add(CjkPdf.text("第" + i + "行：本年度全面推进政务公开，主动公开政府信息，回应社会关切 " + i));
        }
        return CjkPdf.write(lines);
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
