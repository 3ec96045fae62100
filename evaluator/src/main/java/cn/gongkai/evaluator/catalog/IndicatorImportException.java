package cn.gongkai.evaluator.catalog;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An indicator system file that cannot be imported, with every reason found. Nothing of it was imported: a file is
 * taken whole or not at all, so that a half-imported system never scores a round.
 */
public final class IndicatorImportException extends RuntimeException {

    /**
     * One reason, at the row of the file as a spreadsheet numbers it (the header is row 1); row 0 stands for the
     * whole file (it cannot be read, its header is wrong, or the totals do not add up).
     */
    public record RowError(int rowNumber, String message) {
        @Override
        public String toString() {
            return (rowNumber == 0 ? "整个文件" : "第 " + rowNumber + " 行") + "：" + message;
        }
    }

    private final List<RowError> errors;

    IndicatorImportException(List<RowError> errors) {
        super(errors.stream().map(RowError::toString)
                .collect(Collectors.joining("\n", "指标体系未导入，共 " + errors.size() + " 处问题：\n", "")));
        this.errors = List.copyOf(errors);
    }

    static IndicatorImportException ofFile(String message) {
        return new IndicatorImportException(List.of(new RowError(0, message)));
    }

    public List<RowError> errors() {
        return errors;
    }
}
