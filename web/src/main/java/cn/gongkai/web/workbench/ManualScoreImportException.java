package cn.gongkai.web.workbench;

import java.util.List;
import java.util.stream.Collectors;

/** An import refused as a whole: each bad row with its spreadsheet row number (0 for the file itself). */
public class ManualScoreImportException extends RuntimeException {

    public record RowError(int row, String message) {
        @Override
        public String toString() {
            return row > 0 ? "第 " + row + " 行：" + message : message;
        }
    }

    private final List<RowError> errors;

    public ManualScoreImportException(List<RowError> errors) {
        super("导入未执行，文件有 " + errors.size() + " 处错误：" + errors.stream().limit(20).map(RowError::toString)
                .collect(Collectors.joining("；")) + (errors.size() > 20 ? "……" : ""));
        this.errors = List.copyOf(errors);
    }

    static ManualScoreImportException ofFile(String message) {
        return new ManualScoreImportException(List.of(new RowError(0, message)));
    }

    public List<RowError> errors() {
        return errors;
    }
}
