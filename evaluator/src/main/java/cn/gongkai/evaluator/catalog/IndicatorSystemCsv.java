package cn.gongkai.evaluator.catalog;

import cn.gongkai.evaluator.check.RoundChecker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Indicator systems as CSV, the same columns as {@link IndicatorSystemXlsx}. Written as UTF-8 with a byte-order
 * mark so that Excel shows the Chinese; read as UTF-8, or as GB18030 when it is not UTF-8, because Excel on Chinese
 * Windows saves CSV in the local code page.
 */
public final class IndicatorSystemCsv {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT;

    private IndicatorSystemCsv() {
    }

    public static void write(IndicatorSystemDefinition system, OutputStream out) {
        try {
            out.write(CsvText.UTF8_BOM);
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            // Not closed: the stream is the caller's.
            CSVPrinter printer = new CSVPrinter(writer, FORMAT);
            printer.printRecord(PointTable.HEADERS);
            for (List<Object> row : PointTable.rows(system)) {
                printer.printRecord(row.stream()
                        .map(v -> v instanceof BigDecimal d ? d.toPlainString() : v)
                        .toList());
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and validates against the checkers gongkai ships. */
    public static IndicatorSystemDefinition read(InputStream in, String code, int version, String name) {
        return read(in, code, version, name, RoundChecker.defaultCheckerTypes());
    }

    /**
     * The system the CSV describes, validated against {@code checkerTypes}.
     *
     * @throws IndicatorImportException with every problem, each at its row, when anything is wrong
     */
    public static IndicatorSystemDefinition read(InputStream in, String code, int version, String name,
                                                 Set<String> checkerTypes) {
        String text = decode(PointTable.bytes(in));
        if (text.isBlank()) {
            throw IndicatorImportException.ofFile("文件是空的");
        }
        List<String> header = null;
        List<PointTable.Row> rows = new ArrayList<>();
        long lastRecord = 0;
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(FORMAT).get()) {
            for (CSVRecord record : parser) {
                lastRecord = record.getRecordNumber();
                List<String> cells = record.toList();
                if (header == null) {
                    header = cells;
                } else {
                    rows.add(new PointTable.Row((int) lastRecord, cells));
                }
                if (rows.size() > PointTable.MAX_ROWS * 2) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw IndicatorImportException.ofFile("CSV 格式错误，在第 " + (lastRecord + 1)
                    + " 行附近：可能有未配对的英文双引号。含逗号、引号或换行的单元格须用英文双引号括起");
        }
        return PointTable.read(PointTable.columns(header, 1), rows, code, version, name, checkerTypes);
    }

    private static String decode(byte[] bytes) {
        if (CsvText.startsWith(bytes, new byte[] {'P', 'K', 3, 4})
                || CsvText.startsWith(bytes, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0})) {
            throw IndicatorImportException.ofFile("这是 Excel 工作簿而不是 CSV 文件：请按 xlsx 导入，或在 Excel 中另存为 CSV");
        }
        return CsvText.decode(bytes).orElseThrow(() -> IndicatorImportException.ofFile(
                "无法识别文件的文字编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"));
    }

}
