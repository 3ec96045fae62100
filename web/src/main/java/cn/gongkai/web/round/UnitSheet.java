package cn.gongkai.web.round;

import cn.gongkai.evaluator.catalog.CsvText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The list of units and their channels an evaluator keeps in Excel: one row per unit with its group, its website and
 * its WeChat official account. Reading checks every row, against the file itself and against what is registered
 * already, before anything is stored, so that a file with one bad row changes nothing and its sender learns of every
 * bad row at once. Free of the database, so that the rules can be tested on real files alone.
 */
final class UnitSheet {

    /** The columns, found by their Chinese header in any order; a file needs the required ones. */
    enum Column {
        CODE("单位代码", true), NAME("单位名称", true), TYPE("单位类型", true), GROUP("分组代码", true),
        GROUP_NAME("分组名称", false), WEBSITE_NAME("网站名称", false), WEBSITE_URL("网站网址", false),
        WECHAT_NAME("微信公众号名称", false), WECHAT_URL("微信公众号网址", false), WECHAT_FEED("微信订阅地址", false),
        NOTE("备注", false);

        final String header;
        final boolean required;

        Column(String header, boolean required) {
            this.header = header;
            this.required = required;
        }
    }

    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MAX_ROWS = 5000;
    private static final int MAX_CODE = 64;
    private static final int MAX_NAME = 200;
    private static final int MAX_URL = 2048;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Unit types as the model names them, with the Chinese an evaluator writes; the first spelling is shown. */
    static final Map<String, String> TYPE_LABELS = Map.of(
            "COUNTY_GOVERNMENT", "区县政府", "DEPARTMENT", "部门", "TOWNSHIP", "乡镇（街道）");
    private static final Map<String, String> TYPE_ALIASES = typeAliases();

    /** One data row as read, {@code number} as the spreadsheet program shows it (the header is row 1). */
    record Line(int number, Map<Column, String> cells) {
        String get(Column column) {
            return cells.getOrDefault(column, "");
        }
    }

    /** A group registered already. */
    record KnownGroup(String code, String name, String unitType) {
    }

    /** A unit registered already, and the code of its group in the round being imported into (null if not in it). */
    record KnownUnit(String code, String name, String unitType, String groupInRound) {
    }

    /**
     * What is registered already: groups and units by code, and the unit code owning each channel, keyed by
     * {@link #channelKey}.
     */
    record Known(Map<String, KnownGroup> groups, Map<String, KnownUnit> units, Map<String, String> channelOwners) {
    }

    /** A row that passed every check, ready to store; {@code group} is new when it is not registered yet. */
    record Entry(int row, RoundDefinition.Group group, boolean newGroup, RoundDefinition.Unit unit) {
    }

    private UnitSheet() {
    }

    static String channelKey(String kind, String url) {
        return kind + " " + url;
    }

    /**
     * The data rows of an upload named {@code fileName}: an .xlsx workbook (its first sheet) or a .csv file in UTF-8,
     * with or without a byte-order mark, or GB18030 as Excel on Chinese Windows saves it.
     *
     * @throws UnitImportException naming what is wrong with the file itself
     */
    static List<Line> read(String fileName, byte[] bytes) {
        String name = fileName == null ? "" : fileName.strip().toLowerCase(Locale.ROOT);
        if (bytes.length == 0) {
            throw UnitImportException.ofFile("上传的文件是空的");
        }
        if (bytes.length > MAX_BYTES) {
            throw UnitImportException.ofFile("文件过大：单位名单不能超过 " + MAX_BYTES / 1024 / 1024 + " MB");
        }
        boolean zip = CsvText.startsWith(bytes, new byte[] {'P', 'K', 3, 4});
        boolean ole = CsvText.startsWith(bytes, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0});
        List<List<String>> table;
        int firstRowNumber;
        if (name.endsWith(".xlsx")) {
            if (!zip) {
                throw UnitImportException.ofFile(ole ? "这是旧版 Excel（xls）文件：请在 Excel 中另存为 xlsx 后再导入"
                        : "文件不是有效的 xlsx 工作簿（可能已损坏，或扩展名与内容不符）");
            }
            XlsxTable xlsx = xlsx(bytes);
            table = xlsx.rows();
            firstRowNumber = xlsx.firstRowNumber();
        } else if (name.endsWith(".csv")) {
            if (zip || ole) {
                throw UnitImportException.ofFile("这是 Excel 工作簿而不是 CSV 文件：请按 xlsx 导入（扩展名 .xlsx），或在 Excel 中另存为 CSV");
            }
            table = csv(decode(bytes));
            firstRowNumber = 1;
        } else if (name.endsWith(".xls")) {
            throw UnitImportException.ofFile("不支持旧版 Excel（xls）文件：请在 Excel 中另存为 xlsx 或 CSV 后再导入");
        } else {
            throw UnitImportException.ofFile("只能导入 xlsx 或 CSV 文件（扩展名为 .xlsx 或 .csv），请使用下载的模板");
        }
        return lines(table, firstRowNumber);
    }

    /** Checks every row against the others and against {@code known}; returns them all or throws with every error. */
    static List<Entry> check(List<Line> lines, Known known) {
        List<UnitImportException.RowError> errors = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> codes = new HashMap<>();
        Map<String, Integer> urls = new HashMap<>();
        // Groups the file creates: code → the first row naming it, with that row's group.
        Map<String, Entry> newGroups = new HashMap<>();
        for (Line line : lines) {
            List<String> problems = new ArrayList<>();
            String code = line.get(Column.CODE);
            String name = line.get(Column.NAME);
            String typeText = line.get(Column.TYPE);
            String groupCode = line.get(Column.GROUP);
            String groupName = line.get(Column.GROUP_NAME);

            if (code.isEmpty()) {
                problems.add("单位代码为空");
            } else if (code.length() > MAX_CODE || !CODE.matcher(code).matches()) {
                problems.add("单位代码「" + code + "」只能由英文字母、数字和 . - _ 组成，最长 " + MAX_CODE + " 个字符");
            } else {
                Integer first = codes.putIfAbsent(code, line.number());
                if (first != null) {
                    problems.add("单位代码「" + code + "」与第 " + first + " 行重复");
                }
            }
            if (name.isEmpty()) {
                problems.add("单位名称为空");
            } else if (name.length() > MAX_NAME) {
                problems.add("单位名称过长（最多 " + MAX_NAME + " 字）");
            }
            String type = null;
            if (typeText.isEmpty()) {
                problems.add("单位类型为空");
            } else {
                type = TYPE_ALIASES.get(typeText.toUpperCase(Locale.ROOT));
                if (type == null) {
                    problems.add("单位类型「" + typeText + "」无法识别，应为" + String.join("、", List.of(
                            TYPE_LABELS.get("COUNTY_GOVERNMENT"), TYPE_LABELS.get("DEPARTMENT"),
                            TYPE_LABELS.get("TOWNSHIP"))) + "之一");
                }
            }

            KnownUnit registered = known.units().get(code);
            if (registered != null && type != null && !registered.unitType().equals(type)) {
                problems.add("单位「" + code + "」已登记为" + label(registered.unitType()) + "，与本行的" + label(type)
                        + "不一致");
            }

            RoundDefinition.Group group = null;
            boolean newGroup = false;
            if (groupCode.isEmpty()) {
                problems.add("分组代码为空");
            } else {
                KnownGroup existing = known.groups().get(groupCode);
                if (existing != null) {
                    if (!groupName.isEmpty() && !groupName.equals(existing.name())) {
                        problems.add("分组「" + groupCode + "」已登记，名称为「" + existing.name() + "」，与本行的「"
                                + groupName + "」不一致");
                    }
                    if (type != null && !existing.unitType().equals(type)) {
                        problems.add("分组「" + groupCode + "」是" + label(existing.unitType()) + "分组，不能放入"
                                + label(type) + "单位");
                    }
                    group = new RoundDefinition.Group(existing.code(), existing.name(), existing.unitType(), null);
                } else if (groupName.isEmpty()) {
                    problems.add("分组「" + groupCode + "」不存在；新建分组须同时填写分组名称");
                } else if (groupCode.length() > MAX_CODE || !CODE.matcher(groupCode).matches()) {
                    problems.add("分组代码「" + groupCode + "」只能由英文字母、数字和 . - _ 组成，最长 " + MAX_CODE + " 个字符");
                } else if (groupName.length() > MAX_NAME) {
                    problems.add("分组名称过长（最多 " + MAX_NAME + " 字）");
                } else {
                    Entry first = newGroups.get(groupCode);
                    if (first == null) {
                        newGroup = true;
                        group = new RoundDefinition.Group(groupCode, groupName, type, null);
                    } else if (!first.group().name().equals(groupName)) {
                        problems.add("新分组「" + groupCode + "」的名称与第 " + first.row() + " 行不一致");
                    } else if (type != null && !type.equals(first.group().unitType())) {
                        problems.add("新分组「" + groupCode + "」中的单位类型与第 " + first.row() + " 行不一致");
                    } else {
                        group = first.group();
                    }
                }
            }
            if (registered != null && registered.groupInRound() != null && !registered.groupInRound().equals(groupCode)
                    && !groupCode.isEmpty()) {
                problems.add("单位「" + code + "」已在本轮的分组「" + registered.groupInRound() + "」中，不能再放入「"
                        + groupCode + "」");
            }

            List<RoundDefinition.Channel> channels = new ArrayList<>();
            channel(line, "WEBSITE", "网站", line.get(Column.WEBSITE_NAME), line.get(Column.WEBSITE_URL), "",
                    code, known, urls, problems, channels);
            channel(line, "WECHAT", "微信公众号", line.get(Column.WECHAT_NAME), line.get(Column.WECHAT_URL),
                    line.get(Column.WECHAT_FEED), code, known, urls, problems, channels);
            if (line.get(Column.WEBSITE_URL).isEmpty() && line.get(Column.WECHAT_URL).isEmpty()) {
                problems.add("网站网址和微信公众号网址至少填写一个");
            }

            if (problems.isEmpty()) {
                Entry entry = new Entry(line.number(), group, newGroup,
                        new RoundDefinition.Unit(code, name, type, channels));
                if (newGroup) {
                    newGroups.put(groupCode, entry);
                }
                entries.add(entry);
            } else {
                errors.add(new UnitImportException.RowError(line.number(), String.join("；", problems)));
            }
        }
        if (!errors.isEmpty()) {
            throw new UnitImportException(errors);
        }
        if (entries.isEmpty()) {
            throw UnitImportException.ofFile("文件中没有单位：除表头外没有填写任何一行");
        }
        return entries;
    }

    private static void channel(Line line, String kind, String label, String name, String url, String feed,
                                String unitCode, Known known, Map<String, Integer> urls, List<String> problems,
                                List<RoundDefinition.Channel> channels) {
        if (url.isEmpty()) {
            if (!name.isEmpty() || !feed.isEmpty()) {
                problems.add("填写了" + label + "名称或订阅地址，但缺少" + label + "网址");
            }
            return;
        }
        int before = problems.size();
        if (url.length() > MAX_URL || !RoundDefinition.isHttpUrl(url)) {
            problems.add(label + "网址「" + shorten(url) + "」不是有效的 http(s) 地址");
        } else {
            Integer first = urls.putIfAbsent(channelKey(kind, url), line.number());
            if (first != null) {
                problems.add(label + "网址与第 " + first + " 行相同");
            }
            String owner = known.channelOwners().get(channelKey(kind, url));
            if (owner != null && !owner.equals(unitCode)) {
                problems.add(label + "网址「" + shorten(url) + "」已登记为单位「" + owner + "」的渠道");
            }
        }
        if (!feed.isEmpty() && (feed.length() > MAX_URL || !RoundDefinition.isHttpUrl(feed))) {
            problems.add("微信订阅地址「" + shorten(feed) + "」不是有效的 http(s) 地址");
        }
        if (name.length() > MAX_NAME) {
            problems.add(label + "名称过长（最多 " + MAX_NAME + " 字）");
        }
        if (problems.size() == before) {
            channels.add(new RoundDefinition.Channel(kind, name.isEmpty() ? null : name, url,
                    feed.isEmpty() ? null : feed, null));
        }
    }

    /** The template with the Chinese headers; a second sheet explains the columns and lists the groups known. */
    static byte[] templateXlsx(List<KnownGroup> groups) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("单位与渠道");
            Row header = sheet.createRow(0);
            for (Column column : Column.values()) {
                header.createCell(column.ordinal()).setCellValue(column.header);
                sheet.setColumnWidth(column.ordinal(), (column.header.endsWith("网址") || column == Column.WECHAT_FEED
                        ? 36 : column == Column.NAME || column.header.endsWith("名称") ? 24 : 12) * 256);
            }
            sheet.createFreezePane(0, 1);
            Sheet guide = workbook.createSheet("填写说明");
            int r = 0;
            for (String[] text : guide()) {
                Row row = guide.createRow(r++);
                row.createCell(0).setCellValue(text[0]);
                row.createCell(1).setCellValue(text[1]);
            }
            r++;
            guide.createRow(r++).createCell(0).setCellValue("已登记的分组");
            Row groupHeader = guide.createRow(r++);
            groupHeader.createCell(0).setCellValue("分组代码");
            groupHeader.createCell(1).setCellValue("分组名称");
            groupHeader.createCell(2).setCellValue("单位类型");
            for (KnownGroup group : groups) {
                Row row = guide.createRow(r++);
                row.createCell(0).setCellValue(group.code());
                row.createCell(1).setCellValue(group.name());
                row.createCell(2).setCellValue(label(group.unitType()));
            }
            guide.setColumnWidth(0, 16 * 256);
            guide.setColumnWidth(1, 90 * 256);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSV template: the header row, UTF-8 with a byte-order mark so that Excel shows the Chinese. */
    static byte[] templateCsv() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(CsvText.UTF8_BOM);
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT);
            printer.printRecord(java.util.Arrays.stream(Column.values()).map(c -> c.header).toList());
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static List<String[]> guide() {
        return List.of(
                new String[] {"单位代码", "必填。英文字母、数字和 . - _，全库唯一；已登记的单位按代码匹配，名称以本次导入为准"},
                new String[] {"单位名称", "必填，如：清河区人民政府"},
                new String[] {"单位类型", "必填：区县政府、部门 或 乡镇（街道）"},
                new String[] {"分组代码", "必填。已登记的分组填代码即可；新分组须同时填写分组名称"},
                new String[] {"分组名称", "新分组必填；已登记的分组可不填，填写时须与登记的名称一致"},
                new String[] {"网站名称", "可选，如：清河区人民政府门户网站"},
                new String[] {"网站网址", "门户网站首页，http:// 或 https:// 开头；与微信公众号网址至少填写一个"},
                new String[] {"微信公众号名称", "可选"},
                new String[] {"微信公众号网址", "公众号主页或文章网址，http:// 或 https:// 开头"},
                new String[] {"微信订阅地址", "可选：公众号文章的 RSS/Atom/JSON Feed 转换地址"},
                new String[] {"备注", "可选，不导入"},
                new String[] {"规则", "任何一行有错，整个文件都不导入，页面列出所有出错的行；CSV 可为 UTF-8 或 GBK/GB18030 编码"});
    }

    static String label(String type) {
        return TYPE_LABELS.getOrDefault(type, type);
    }

    private static Map<String, String> typeAliases() {
        Map<String, String> aliases = new HashMap<>();
        for (String type : RoundDefinition.UNIT_TYPES) {
            aliases.put(type, type);
        }
        TYPE_LABELS.forEach((type, label) -> aliases.put(label, type));
        aliases.putAll(Map.of("区县", "COUNTY_GOVERNMENT", "县区政府", "COUNTY_GOVERNMENT", "县级政府", "COUNTY_GOVERNMENT",
                "政府", "COUNTY_GOVERNMENT", "市直部门", "DEPARTMENT", "乡镇", "TOWNSHIP", "街道", "TOWNSHIP",
                "镇街", "TOWNSHIP", "乡镇(街道)", "TOWNSHIP", "乡镇街道", "TOWNSHIP"));
        return Map.copyOf(aliases);
    }

    /** Maps the header to columns and the rows below it to lines; blank rows are skipped. */
    private static List<Line> lines(List<List<String>> table, int firstRowNumber) {
        int headerIndex = 0;
        while (headerIndex < table.size() && table.get(headerIndex).stream().allMatch(String::isEmpty)) {
            headerIndex++;
        }
        if (headerIndex == table.size()) {
            throw UnitImportException.ofFile("文件是空的：没有表头，也没有任何一行");
        }
        List<String> header = table.get(headerIndex);
        int headerNumber = firstRowNumber + headerIndex;
        Map<Column, Integer> columns = new EnumMap<>(Column.class);
        List<String> problems = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String text = header.get(c).replace("*", "").replace("＊", "").strip();
            if (text.isEmpty()) {
                continue;
            }
            Column column = null;
            for (Column candidate : Column.values()) {
                if (candidate.header.equals(text)) {
                    column = candidate;
                }
            }
            if (column == null) {
                problems.add("无法识别的列「" + text + "」");
            } else if (columns.putIfAbsent(column, c) != null) {
                problems.add("列「" + text + "」出现了两次");
            }
        }
        for (Column column : Column.values()) {
            if (column.required && !columns.containsKey(column)) {
                problems.add("缺少必填列「" + column.header + "」");
            }
        }
        if (!problems.isEmpty()) {
            throw new UnitImportException(List.of(new UnitImportException.RowError(headerNumber,
                    "表头有误：" + String.join("；", problems) + "。请使用下载的模板")));
        }
        List<Line> lines = new ArrayList<>();
        for (int r = headerIndex + 1; r < table.size(); r++) {
            List<String> row = table.get(r);
            if (row.stream().allMatch(String::isEmpty)) {
                continue;
            }
            Map<Column, String> cells = new EnumMap<>(Column.class);
            columns.forEach((column, index) -> cells.put(column, index < row.size() ? row.get(index) : ""));
            lines.add(new Line(firstRowNumber + r, cells));
            if (lines.size() > MAX_ROWS) {
                throw UnitImportException.ofFile("行数过多：一次最多导入 " + MAX_ROWS + " 个单位");
            }
        }
        return lines;
    }

    private record XlsxTable(List<List<String>> rows, int firstRowNumber) {
    }

    /** The first sheet's cells as text, row by row from its first row; missing rows read as blank. */
    private static XlsxTable xlsx(byte[] bytes) {
        Workbook workbook;
        try {
            workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes));
        } catch (EncryptedDocumentException e) {
            throw UnitImportException.ofFile("文件已加密，请去掉密码后再导入");
        } catch (IOException | RuntimeException e) {
            // POI reports a broken or foreign file through several unchecked exceptions; all mean the same here.
            throw UnitImportException.ofFile("文件不是有效的 xlsx 工作簿（可能已损坏，或扩展名与内容不符）");
        }
        try (workbook) {
            if (!(workbook instanceof XSSFWorkbook) || workbook.getNumberOfSheets() == 0) {
                throw UnitImportException.ofFile("文件不是有效的 xlsx 工作簿（可能已损坏，或扩展名与内容不符）");
            }
            Sheet sheet = workbook.getSheetAt(0);
            if (sheet.getPhysicalNumberOfRows() == 0) {
                throw UnitImportException.ofFile("文件是空的：第一个工作表没有内容");
            }
            int first = sheet.getFirstRowNum();
            if (sheet.getLastRowNum() - first > MAX_ROWS + 1) {
                throw UnitImportException.ofFile("行数过多：一次最多导入 " + MAX_ROWS + " 个单位");
            }
            List<List<String>> rows = new ArrayList<>();
            for (int r = first; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                List<String> cells = new ArrayList<>();
                if (row != null) {
                    for (int c = 0; c < Math.min(row.getLastCellNum(), 100); c++) {
                        cells.add(text(row.getCell(c)));
                    }
                }
                rows.add(cells);
            }
            return new XlsxTable(rows, first + 1);
        } catch (IOException e) {
            throw UnitImportException.ofFile("无法读取文件：" + e.getMessage());
        }
    }

    /** A cell as its sender sees it: 1001 typed as a number reads "1001", not "1001.0". */
    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> cell.getStringCellValue().strip();
            case NUMERIC -> NumberToTextConverter.toText(cell.getNumericCellValue());
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
            default -> "";
        };
    }

    private static List<List<String>> csv(String text) {
        if (text.isBlank()) {
            throw UnitImportException.ofFile("上传的文件是空的");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw UnitImportException.ofFile("文件不是文本格式的 CSV（含有二进制内容），请使用下载的模板");
        }
        List<List<String>> rows = new ArrayList<>();
        long record = 0;
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(CSVFormat.DEFAULT).get()) {
            for (CSVRecord line : parser) {
                record = line.getRecordNumber();
                // Rows by record: a cell with a line break inside quotes still counts as one row, as Excel shows it.
                rows.add(line.toList().stream().map(String::strip).toList());
                if (rows.size() > MAX_ROWS + 1) {
                    throw UnitImportException.ofFile("行数过多：一次最多导入 " + MAX_ROWS + " 个单位");
                }
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw UnitImportException.ofFile("CSV 格式错误，在第 " + (record + 1)
                    + " 行附近：可能有未配对的英文双引号。含逗号、引号或换行的单元格须用英文双引号括起");
        }
        return rows;
    }

    /** UTF-8 (a byte-order mark is dropped), else GB18030, the code page Excel on Chinese Windows saves CSV in. */
    private static String decode(byte[] bytes) {
        return CsvText.decode(bytes).orElseThrow(() -> UnitImportException.ofFile(
                "无法识别文件的文字编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"));
    }


    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
