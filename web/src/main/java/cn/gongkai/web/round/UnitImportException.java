package cn.gongkai.web.round;

import java.util.List;

/**
 * An import of units and channels refused as a whole: each bad row with its row number (0 for the file itself) and,
 * for the columns (栏目), the list it is in (null for the unit list).
 */
public class UnitImportException extends RuntimeException {

    public record RowError(String sheet, int row, String message) {

        public RowError(int row, String message) {
            this(null, row, message);
        }

        @Override
        public String toString() {
            String where = sheet == null ? "" : row > 0 ? sheet + " " : sheet + "：";
            return row > 0 ? where + "第 " + row + " 行：" + message : where + message;
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
