package cn.gongkai.web.round;

import java.util.List;

/** An import of units and channels refused as a whole: each bad row with its row number (0 for the file itself). */
public class UnitImportException extends RuntimeException {

    public record RowError(int row, String message) {
        @Override
        public String toString() {
            return row > 0 ? "第 " + row + " 行：" + message : message;
        }
    }

    private final List<RowError> errors;

    public UnitImportException(List<RowError> errors) {
        super("导入未执行，文件有 " + errors.size() + " 处错误：" + errors.getFirst()
                + (errors.size() > 1 ? "……" : ""));
        this.errors = List.copyOf(errors);
    }

    static UnitImportException ofFile(String message) {
        return new UnitImportException(List.of(new RowError(0, message)));
    }

    public List<RowError> errors() {
        return errors;
    }
}
