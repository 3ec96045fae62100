package cn.gongkai.web.citizen;

import java.util.List;
import java.util.stream.Collectors;

/** An import refused as a whole: every bad cell with its row and column as the spreadsheet shows them. */
public class CitizenImportException extends RuntimeException {

    /** {@code row} 0 for the file itself; {@code column} e.g. "C 列（得分）", null for the whole row. */
    public record RowError(int row, String column, String message) {
        @Override
        public String toString() {
            if (row == 0) {
                return message;
            }
            return "第 " + row + " 行" + (column == null ? "" : " " + column) + "：" + message;
        }
    }

    private final List<RowError> errors;

    public CitizenImportException(List<RowError> errors) {
        super("导入未执行，文件有 " + errors.size() + " 处错误：" + errors.stream().limit(20).map(RowError::toString)
                .collect(Collectors.joining("；")) + (errors.size() > 20 ? "……" : ""));
        this.errors = List.copyOf(errors);
    }

    static CitizenImportException ofFile(String message) {
        return new CitizenImportException(List.of(new RowError(0, null, message)));
    }

    public List<RowError> errors() {
        return errors;
    }
}
