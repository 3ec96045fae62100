package cn.gongkai.web.round;

import cn.gongkai.crawler.CrawlSettings;
import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.evaluator.catalog.CsvText;
import cn.gongkai.evaluator.catalog.IndicatorSystemValidator;
import cn.gongkai.evaluator.catalog.XlsxSheets;
import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.round.RoundDefinition.CrawlLimit;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The list of units and their channels an evaluator keeps in Excel: one row per unit with its group, its website and
 * its WeChat official account, and optionally a second list of the websites' columns (栏目), one row per column: in
 * the workbook's sheet 栏目, or for CSV in a file of its own (Excel saves one sheet per CSV file). Reading checks every
 * row, against the file itself and against what is registered already, before anything is stored, so that a file with
 * one bad row changes nothing and its sender learns of every bad row at once. Free of the database, so that the rules
 * can be tested on real files alone.
 */
final class UnitSheet {

    /** A column of a list: its Chinese header, found in any order, and whether a list needs it. */
    interface Header {
        String header();

        boolean required();
    }

    /** The columns of the unit list. */
    enum Field implements Header {
        CODE("单位代码", true), NAME("单位名称", true), TYPE("单位类型", true), GROUP("分组代码", true),
        GROUP_NAME("分组名称", false), WEBSITE_NAME("网站名称", false), WEBSITE_URL("网站网址", false),
        WECHAT_NAME("微信公众号名称", false), WECHAT_URL("微信公众号网址", false), WECHAT_FEED("微信订阅地址", false),
        // A website's extraction profile (栏目配置): one column per selector, headed as the profile names it.
        LIST_ITEM("listItem"), ITEM_TITLE("itemTitle"), ITEM_DATE("itemDate"), NEXT_PAGE("nextPage"),
        ARTICLE_TITLE("articleTitle"), ARTICLE_DATE("articleDate"), ARTICLE_BODY("articleBody"),
        // A website's own crawl limits, each in place of the round's.
        CRAWL_DEPTH("抓取深度", CrawlLimit.DEPTH), CRAWL_PAGES("每渠道网址上限", CrawlLimit.PAGES_PER_CHANNEL),
        CRAWL_LIST_PAGES("每栏目列表页上限", CrawlLimit.LIST_PAGES_PER_COLUMN),
        CRAWL_DELAY("抓取间隔（毫秒）", CrawlLimit.DELAY_MS),
        NOTE("备注", false);

        private final String header;
        private final boolean required;
        /** The profile key of a selector column, else null. */
        private final String profileKey;
        /** The limit a crawl-limit column sets, else null. */
        private final CrawlLimit crawlLimit;

        Field(String header, boolean required) {
            this(header, required, null, null);
        }

        Field(String profileKey) {
            this(ExtractionProfile.LABELS.get(profileKey), false, profileKey, null);
        }

        Field(String header, CrawlLimit crawlLimit) {
            this(header, false, null, crawlLimit);
        }

        Field(String header, boolean required, String profileKey, CrawlLimit crawlLimit) {
            this.header = header;
            this.required = required;
            this.profileKey = profileKey;
            this.crawlLimit = crawlLimit;
        }

        @Override
        public String header() {
            return header;
        }

        @Override
        public boolean required() {
            return required;
        }
    }

    /** The columns of the list of columns (栏目): each belongs to the website of a unit in the same import. */
    enum ColumnField implements Header {
        UNIT("单位代码", true), NAME("栏目名称", true), TYPE("栏目类型", true), URL("栏目网址", true), NOTE("备注", false);

        private final String header;
        private final boolean required;

        ColumnField(String header, boolean required) {
            this.header = header;
            this.required = required;
        }

        @Override
        public String header() {
            return header;
        }

        @Override
        public boolean required() {
            return required;
        }
    }

    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MAX_ROWS = 5000;
    static final int MAX_COLUMN_ROWS = 30000;
    /** The workbook sheet holding the columns (栏目), and the name their errors are listed under. */
    static final String COLUMNS_SHEET = "栏目";
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Unit types as the model names them, with the Chinese an evaluator writes; the first spelling is shown. */
    static final Map<String, String> TYPE_LABELS = Map.of(
            "COUNTY_GOVERNMENT", "区县政府", "DEPARTMENT", "部门", "TOWNSHIP", "乡镇（街道）");
    private static final Map<String, String> TYPE_ALIASES = typeAliases();

    /**
     * Column types as checkers select columns by them ({@link IndicatorSystemValidator#COLUMN_TYPES}), with the
     * Chinese an evaluator writes, in the order the template lists them.
     */
    static final Map<String, String> COLUMN_TYPE_LABELS = columnTypeLabels();
    private static final Map<String, String> COLUMN_TYPE_ALIASES = columnTypeAliases();

    /** One data row as read, {@code number} as the spreadsheet program shows it (the header is row 1). */
    record Line<F extends Enum<F>>(int number, Map<F, String> cells) {
        String get(F field) {
            return cells.getOrDefault(field, "");
        }
    }

    /** An upload as read: the unit rows, and the column rows (none when no columns were given). */
    record Upload(List<Line<Field>> units, List<Line<ColumnField>> columns) {
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

    /** Which list a file or sheet holds, for reading it and for naming it in errors. */
    private enum Source {
        UNITS(null, null, "单位名单", "个单位", MAX_ROWS),
        COLUMNS(COLUMNS_SHEET, "栏目文件", "栏目", "个栏目", MAX_COLUMN_ROWS);

        /** Put before row numbers ("栏目 第 4 行"), null for the unit list, whose errors have always been bare. */
        final String sheet;
        /** Put before errors of the file as a whole, so that its sender knows which of the two files is meant. */
        final String file;
        final String list;
        final String rows;
        final int maxRows;

        Source(String sheet, String file, String list, String rows, int maxRows) {
            this.sheet = sheet;
            this.file = file;
            this.list = list;
            this.rows = rows;
            this.maxRows = maxRows;
        }

        /** What reading one sheet of this list may take; cells right of the hundredth column are not looked at. */
        XlsxSheets.Budget budget() {
            return new XlsxSheets.Budget(maxRows + 1, 100, (maxRows + 2L) * 40, 16_000_000);
        }

        UnitImportException fileError(String message) {
            return new UnitImportException(List.of(new UnitImportException.RowError(file, 0, message)));
        }
    }

    /** A table of cell texts; {@code firstRowNumber} is the number the spreadsheet program shows for its first row. */
    private record Table(List<List<String>> rows, int firstRowNumber) {
    }

    /** A file's main table and, for a unit workbook, its sheet 栏目 (null if it has none or it is empty). */
    private record Tables(Table main, Table columns) {
    }

    /** The unit list alone, as read from an .xlsx or .csv file; see {@link #read(String, byte[], String, byte[])}. */
    static Upload read(String fileName, byte[] bytes) {
        return read(fileName, bytes, null, null);
    }

    /**
     * The data rows of an upload named {@code fileName}: an .xlsx workbook (its first sheet not named 栏目 is the unit
     * list, the sheet 栏目 if any the columns) or a .csv file in UTF-8, with or without a byte-order mark, or GB18030 as Excel on
     * Chinese Windows saves it. {@code columnsBytes}, if not null, is a separate list of columns (CSV, or xlsx: its
     * sheet 栏目, else its first sheet); a workbook with a filled sheet 栏目 cannot also come with one.
     *
     * @throws UnitImportException naming what is wrong with a file itself or with a header
     */
    static Upload read(String fileName, byte[] bytes, String columnsFileName, byte[] columnsBytes) {
        Tables tables = tables(fileName, bytes, Source.UNITS);
        List<Line<Field>> units = lines(tables.main(), Field.class, Source.UNITS);
        List<Line<ColumnField>> columns = tables.columns() == null ? List.of()
                : lines(tables.columns(), ColumnField.class, Source.COLUMNS);
        if (columnsBytes != null) {
            if (!columns.isEmpty()) {
                throw Source.COLUMNS.fileError("工作簿的“" + COLUMNS_SHEET + "”工作表中已填写了栏目，又单独上传了栏目文件："
                        + "栏目只能在一处提供");
            }
            columns = lines(tables(columnsFileName, columnsBytes, Source.COLUMNS).main(), ColumnField.class,
                    Source.COLUMNS);
        }
        return new Upload(units, columns);
    }

    private static Tables tables(String fileName, byte[] bytes, Source source) {
        String name = fileName == null ? "" : fileName.strip().toLowerCase(Locale.ROOT);
        if (bytes.length == 0) {
            throw source.fileError("上传的文件是空的");
        }
        if (bytes.length > MAX_BYTES) {
            throw source.fileError("文件过大：" + source.list + "不能超过 " + MAX_BYTES / 1024 / 1024 + " MB");
        }
        boolean zip = CsvText.startsWith(bytes, new byte[] {'P', 'K', 3, 4});
        boolean ole = CsvText.startsWith(bytes, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0});
        if (name.endsWith(".xlsx")) {
            if (!zip) {
                throw source.fileError(ole ? "这是旧版 Excel（xls）文件：请在 Excel 中另存为 xlsx 后再导入"
                        : "文件不是有效的 xlsx 工作簿（可能已损坏，或扩展名与内容不符）");
            }
            return xlsx(bytes, source);
        } else if (name.endsWith(".csv")) {
            if (zip || ole) {
                throw source.fileError("这是 Excel 工作簿而不是 CSV 文件：请按 xlsx 导入（扩展名 .xlsx），或在 Excel 中另存为 CSV");
            }
            return new Tables(new Table(csv(decode(bytes, source), source), 1), null);
        } else if (name.endsWith(".xls")) {
            throw source.fileError("不支持旧版 Excel（xls）文件：请在 Excel 中另存为 xlsx 或 CSV 后再导入");
        } else {
            throw source.fileError("只能导入 xlsx 或 CSV 文件（扩展名为 .xlsx 或 .csv），请使用下载的模板");
        }
    }

    /**
     * Checks every row against the others and against {@code known}, and every column row against the units of the
     * upload; returns the units with their websites' columns, or throws with every error, unit rows first.
     */
    static List<Entry> check(Upload upload, Known known) {
        List<UnitImportException.RowError> errors = new ArrayList<>();
        List<UnitImportException.RowError> columnErrors = new ArrayList<>();
        Map<String, List<RoundDefinition.Column>> columns = columns(upload, columnErrors);
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> codes = new HashMap<>();
        Map<String, Integer> urls = new HashMap<>();
        // Groups the file creates: code → the first row naming it, with that row's group.
        Map<String, Entry> newGroups = new HashMap<>();
        for (Line<Field> line : upload.units()) {
            List<String> problems = new ArrayList<>();
            String code = line.get(Field.CODE);
            String name = line.get(Field.NAME);
            String typeText = line.get(Field.TYPE);
            String groupCode = line.get(Field.GROUP);
            String groupName = line.get(Field.GROUP_NAME);

            if (code.isEmpty()) {
                problems.add("单位代码为空");
            } else if (!sound(code, "单位代码", TextInput.CODE_MAX, problems)) {
                code = "";
            } else if (!CODE.matcher(code).matches()) {
                problems.add("单位代码「" + code + "」只能由英文字母、数字和 . - _ 组成，最长 " + TextInput.CODE_MAX + " 个字符");
            } else {
                Integer first = codes.putIfAbsent(code, line.number());
                if (first != null) {
                    problems.add("单位代码「" + code + "」与第 " + first + " 行重复");
                }
            }
            if (name.isEmpty()) {
                problems.add("单位名称为空");
            } else {
                sound(name, "单位名称", TextInput.NAME_MAX, problems);
            }
            String type = null;
            if (typeText.isEmpty()) {
                problems.add("单位类型为空");
            } else if (sound(typeText, "单位类型", TextInput.NAME_MAX, problems)) {
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
            boolean groupNameSound = sound(groupName, "分组名称", TextInput.NAME_MAX, problems);
            if (groupCode.isEmpty()) {
                problems.add("分组代码为空");
            } else if (!sound(groupCode, "分组代码", TextInput.CODE_MAX, problems)) {
                groupCode = "";
            } else if (groupNameSound) {
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
                } else if (!CODE.matcher(groupCode).matches()) {
                    problems.add("分组代码「" + groupCode + "」只能由英文字母、数字和 . - _ 组成，最长 " + TextInput.CODE_MAX
                            + " 个字符");
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
            // A duplicate code's columns go with its first row only; the duplicate is an error anyway.
            List<RoundDefinition.Column> websiteColumns = Integer.valueOf(line.number()).equals(codes.get(code))
                    ? columns.remove(code) : null;
            channel(line, "WEBSITE", "网站", line.get(Field.WEBSITE_NAME), line.get(Field.WEBSITE_URL), "",
                    websiteColumns, code, known, urls, problems, channels);
            profile(line, problems, channels);
            crawl(line, problems, channels);
            channel(line, "WECHAT", "微信公众号", line.get(Field.WECHAT_NAME), line.get(Field.WECHAT_URL),
                    line.get(Field.WECHAT_FEED), null, code, known, urls, problems, channels);
            if (line.get(Field.WEBSITE_URL).isEmpty() && line.get(Field.WECHAT_URL).isEmpty()) {
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
        errors.addAll(columnErrors);
        if (!errors.isEmpty()) {
            throw new UnitImportException(errors);
        }
        if (entries.isEmpty()) {
            throw UnitImportException.ofFile("文件中没有单位：除表头外没有填写任何一行");
        }
        return entries;
    }

    /**
     * The column rows that pass every check, by the code of their unit; errors go to {@code errors}. A column belongs
     * to the website its unit has in the same upload: a unit's channels are only known there, and the storage
     * ({@link RoundImporter}) keeps columns per channel, matched by URL, as for a round definition in YAML.
     */
    private static Map<String, List<RoundDefinition.Column>> columns(Upload upload,
                                                                     List<UnitImportException.RowError> errors) {
        Map<String, Line<Field>> units = new HashMap<>();
        for (Line<Field> unit : upload.units()) {
            if (!unit.get(Field.CODE).isEmpty()) {
                units.putIfAbsent(unit.get(Field.CODE), unit);
            }
        }
        Map<String, List<RoundDefinition.Column>> columns = new HashMap<>();
        Map<String, Integer> urls = new HashMap<>();
        for (Line<ColumnField> line : upload.columns()) {
            List<String> problems = new ArrayList<>();
            String unitCode = line.get(ColumnField.UNIT);
            String name = line.get(ColumnField.NAME);
            String typeText = line.get(ColumnField.TYPE);
            String url = line.get(ColumnField.URL);
            Line<Field> unit = units.get(unitCode);
            if (unitCode.isEmpty()) {
                problems.add("单位代码为空");
            } else if (unit == null) {
                problems.add("单位代码「" + unitCode + "」不在本次导入的单位中：栏目须属于同时导入的单位");
            } else if (unit.get(Field.WEBSITE_URL).isEmpty()) {
                problems.add("单位「" + unitCode + "」在本次导入中没有填写网站网址：栏目只能属于网站");
            }
            if (name.isEmpty()) {
                problems.add("栏目名称为空");
            } else {
                sound(name, "栏目名称", TextInput.NAME_MAX, problems);
            }
            String type = null;
            if (typeText.isEmpty()) {
                problems.add("栏目类型为空");
            } else if (sound(typeText, "栏目类型", TextInput.NAME_MAX, problems)) {
                type = COLUMN_TYPE_ALIASES.get(typeText.toUpperCase(Locale.ROOT));
                if (type == null) {
                    problems.add("栏目类型「" + typeText + "」无法识别，应为"
                            + String.join("、", COLUMN_TYPE_LABELS.values()) + "之一");
                }
            }
            if (url.isEmpty()) {
                problems.add("栏目网址为空");
            } else if (!sound(url, "栏目网址", TextInput.URL_MAX, problems)) {
                // said why above
            } else if (!RoundDefinition.isHttpUrl(url)) {
                problems.add("栏目网址「" + shorten(url) + "」不是有效的 http(s) 地址");
            } else if (!unitCode.isEmpty()) {
                // Columns are kept per website by URL: the same URL twice would silently keep only one of them.
                Integer first = urls.putIfAbsent(unitCode + " " + url, line.number());
                if (first != null) {
                    problems.add("栏目网址与第 " + first + " 行相同");
                }
            }
            if (problems.isEmpty()) {
                columns.computeIfAbsent(unitCode, c -> new ArrayList<>())
                        .add(new RoundDefinition.Column(name, url, type));
            } else {
                errors.add(new UnitImportException.RowError(COLUMNS_SHEET, line.number(), String.join("；", problems)));
            }
        }
        return columns;
    }

    private static void channel(Line<Field> line, String kind, String label, String name, String url, String feed,
                                List<RoundDefinition.Column> columns, String unitCode, Known known,
                                Map<String, Integer> urls, List<String> problems,
                                List<RoundDefinition.Channel> channels) {
        if (url.isEmpty()) {
            if (!name.isEmpty() || !feed.isEmpty()) {
                problems.add("填写了" + label + "名称或订阅地址，但缺少" + label + "网址");
            }
            return;
        }
        int before = problems.size();
        if (!sound(url, label + "网址", TextInput.URL_MAX, problems)) {
            // said why above
        } else if (!RoundDefinition.isHttpUrl(url)) {
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
        if (!feed.isEmpty() && sound(feed, "微信订阅地址", TextInput.URL_MAX, problems)
                && !RoundDefinition.isHttpUrl(feed)) {
            problems.add("微信订阅地址「" + shorten(feed) + "」不是有效的 http(s) 地址");
        }
        sound(name, label + "名称", TextInput.NAME_MAX, problems);
        if (problems.size() == before) {
            channels.add(new RoundDefinition.Channel(kind, name.isEmpty() ? null : name, url,
                    feed.isEmpty() ? null : feed, columns));
        }
    }

    /**
     * The selectors of the row's extraction profile, checked as CSS and given to its website; a row that gives
     * selectors without a website is refused.
     */
    private static void profile(Line<Field> line, List<String> problems, List<RoundDefinition.Channel> channels) {
        Map<String, String> selectors = new LinkedHashMap<>();
        for (Field field : Field.values()) {
            String selector = field.profileKey == null ? "" : line.get(field);
            if (!selector.isEmpty() && sound(selector, field.header, TextInput.URL_MAX, problems)) {
                selectors.put(field.profileKey, selector);
            }
        }
        if (selectors.isEmpty()) {
            return;
        }
        if (line.get(Field.WEBSITE_URL).isEmpty()) {
            problems.add("填写了选择器（抽取配置），但缺少网站网址：选择器只用于网站");
            return;
        }
        try {
            ExtractionProfile.of(selectors);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return;
        }
        channels.replaceAll(c -> c.kind().equals("WEBSITE") ? c.withProfile(selectors) : c);
    }

    /**
     * The row's crawl limits, each a whole number in its range, given to its website; a limit left empty is the
     * round's. A row that gives none leaves the website's stored limits alone, so its crawl is null; a row that gives
     * limits without a website is refused.
     */
    private static void crawl(Line<Field> line, List<String> problems, List<RoundDefinition.Channel> channels) {
        Map<CrawlLimit, Integer> limits = new EnumMap<>(CrawlLimit.class);
        boolean given = false;
        for (Field field : Field.values()) {
            String text = field.crawlLimit == null ? "" : line.get(field);
            given |= !text.isEmpty();
            if (text.isEmpty() || !sound(text, field.header, TextInput.NAME_MAX, problems)) {
                continue;
            }
            try {
                limits.put(field.crawlLimit, field.crawlLimit.parse(text, field.header));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!given) {
            return;
        }
        if (line.get(Field.WEBSITE_URL).isEmpty()) {
            problems.add("填写了抓取上限，但缺少网站网址：抓取上限只用于网站");
            return;
        }
        RoundDefinition.Crawl crawl = RoundDefinition.Crawl.of(limits);
        channels.replaceAll(c -> c.kind().equals("WEBSITE") ? c.withCrawl(crawl) : c);
    }

    /**
     * The template with the Chinese headers: the unit list, the sheet 栏目 for the websites' columns, and a sheet that
     * explains both and lists the groups known.
     */
    static byte[] templateXlsx(List<KnownGroup> groups) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("单位与渠道");
            Row header = sheet.createRow(0);
            for (Field field : Field.values()) {
                header.createCell(field.ordinal()).setCellValue(field.header);
                sheet.setColumnWidth(field.ordinal(), (field.header.endsWith("网址") || field == Field.WECHAT_FEED
                        ? 36 : field == Field.NAME || field.header.endsWith("名称") ? 24
                        : field.crawlLimit != null ? 18 : 12) * 256);
            }
            sheet.createFreezePane(0, 1);
            Sheet columns = workbook.createSheet(COLUMNS_SHEET);
            Row columnHeader = columns.createRow(0);
            for (ColumnField field : ColumnField.values()) {
                columnHeader.createCell(field.ordinal()).setCellValue(field.header);
                columns.setColumnWidth(field.ordinal(), (field == ColumnField.URL ? 48 : 16) * 256);
            }
            columns.createFreezePane(0, 1);
            Sheet guide = workbook.createSheet("填写说明");
            int r = 0;
            guide.createRow(r++).createCell(0).setCellValue("“单位与渠道”工作表（一行一个单位）");
            for (String[] text : guide()) {
                Row row = guide.createRow(r++);
                row.createCell(0).setCellValue(text[0]);
                row.createCell(1).setCellValue(text[1]);
            }
            r++;
            guide.createRow(r++).createCell(0).setCellValue("“" + COLUMNS_SHEET + "”工作表（可选，一行一个网站栏目）");
            for (String[] text : columnGuide()) {
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

    /** The CSV template of the unit list: its header row, UTF-8 with a byte-order mark so that Excel shows Chinese. */
    static byte[] templateCsv() {
        return csvHeader(Field.values());
    }

    /** The CSV template of the columns (栏目), uploaded as a second file beside the unit list. */
    static byte[] templateColumnsCsv() {
        return csvHeader(ColumnField.values());
    }

    private static byte[] csvHeader(Header[] fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(CsvText.UTF8_BOM);
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT);
            printer.printRecord(java.util.Arrays.stream(fields).map(Header::header).toList());
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
                new String[] {"列表项选择器 等", "可选，网站的抽取配置（栏目配置）：通用抽取读错该网站时，按 CSS 选择器指定"
                        + "列表项、列表标题、列表日期、下一页、文章标题、文章日期、正文，如 列表项选择器 填 div.news-list dl、"
                        + "列表日期选择器 填 dd.time；未填的部分仍按通用规则读取。可先用 gongkai inspect-page --profile 在采集到的"
                        + "页面上试用"},
                new String[] {"抓取深度 等", "可选，网站自己的抓取上限，用于与本轮其他网站不同的网站（如栏目翻页很深的门户，"
                        + "或经不起频繁访问的网站），均填整数：" + range(Field.CRAWL_DEPTH) + "（从首页起跟随链接的层数，填写的"
                        + "栏目算第 1 层）、" + range(Field.CRAWL_PAGES) + "（该网站最多抓取的网址数）、"
                        + range(Field.CRAWL_LIST_PAGES) + "（一个栏目列表最多翻读的页数）、" + range(Field.CRAWL_DELAY)
                        + "（对该网站两次请求之间的间隔）。空着的按本轮设定，本轮未设定时用默认值（深度 "
                        + CrawlSettings.DEFAULT_MAX_DEPTH + "、每渠道 " + CrawlSettings.DEFAULT_MAX_PAGES_PER_CHANNEL
                        + " 个网址、每栏目 " + CrawlSettings.DEFAULT_MAX_LIST_PAGES_PER_COLUMN + " 页、间隔 "
                        + RoundDefinition.DEFAULT_CRAWL_DELAY_MS + " 毫秒）。一行填写了其中任何一项，就替换该网站已保存的"
                        + "全部抓取上限（空着的改回本轮设定）；一项都没填的行，网站已保存的抓取上限保持不变"},
                new String[] {"备注", "可选，不导入"},
                new String[] {"规则", "任何一行有错（包括栏目），整个文件都不导入，页面列出所有出错的行；"
                        + "CSV 可为 UTF-8 或 GBK/GB18030 编码"});
    }

    /** A crawl-limit column with its range, as the guide names it ("抓取深度 0 到 10"). */
    private static String range(Field field) {
        return field.header + " " + field.crawlLimit.min + " 到 " + field.crawlLimit.max;
    }

    /** How to fill in the columns (栏目), for the template and the import page. */
    static List<String[]> columnGuide() {
        return List.of(
                new String[] {"单位代码", "必填：栏目所属单位的代码。该单位须在同一次导入的单位名单中，并填写了网站网址（栏目属于该网站）"},
                new String[] {"栏目名称", "必填，按网站上的名称填写，如：政策文件、政策解读、领导之窗、预决算公开"},
                new String[] {"栏目类型", "必填：" + String.join("、", COLUMN_TYPE_LABELS.values())
                        + " 之一。检查按类型读取栏目（如政策解读的检查读“政策解读”类栏目）；不属于前几类的栏目（如领导之窗）填“其他”"},
                new String[] {"栏目网址", "必填：栏目列表页的网址，http:// 或 https:// 开头；同一单位的栏目网址不能重复"},
                new String[] {"备注", "可选，不导入"},
                new String[] {"提供方式", "xlsx：填在同一工作簿的“" + COLUMNS_SHEET + "”工作表中；CSV：另存为单独的栏目 CSV 文件，"
                        + "与单位 CSV 一同上传。已登记的栏目按网址匹配并更新，名单中没有的已登记栏目保留不变"});
    }

    static String label(String type) {
        return TYPE_LABELS.getOrDefault(type, type);
    }

    static String columnTypeLabel(String type) {
        return COLUMN_TYPE_LABELS.getOrDefault(type, type);
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

    private static Map<String, String> columnTypeLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("NEWS", "工作动态");
        labels.put("NOTICE", "通知公告");
        labels.put("POLICY", "政策文件");
        labels.put("INTERPRETATION", "政策解读");
        labels.put("DISCLOSURE", "政府信息公开");
        labels.put("INTERACTION", "互动交流");
        labels.put("OTHER", "其他");
        if (!labels.keySet().equals(IndicatorSystemValidator.COLUMN_TYPES)) {
            throw new IllegalStateException("column type labels do not match " + IndicatorSystemValidator.COLUMN_TYPES);
        }
        return java.util.Collections.unmodifiableMap(labels);
    }

    /** The codes, the labels, and a few names evaluators commonly use for the same kind of column. */
    private static Map<String, String> columnTypeAliases() {
        Map<String, String> aliases = new HashMap<>();
        COLUMN_TYPE_LABELS.forEach((type, label) -> {
            aliases.put(type, type);
            aliases.put(label, type);
        });
        aliases.putAll(Map.of("新闻动态", "NEWS", "政务动态", "NEWS", "通知", "NOTICE", "公告", "NOTICE",
                "信息公开", "DISCLOSURE", "政务公开", "DISCLOSURE", "政民互动", "INTERACTION", "互动", "INTERACTION",
                "其它", "OTHER"));
        return Map.copyOf(aliases);
    }

    /** Maps the header to fields and the rows below it to lines; blank rows are skipped. */
    private static <F extends Enum<F> & Header> List<Line<F>> lines(Table table, Class<F> type, Source source) {
        List<List<String>> rows = table.rows();
        int headerIndex = 0;
        while (headerIndex < rows.size() && rows.get(headerIndex).stream().allMatch(String::isEmpty)) {
            headerIndex++;
        }
        if (headerIndex == rows.size()) {
            throw source.fileError("文件是空的：没有表头，也没有任何一行");
        }
        List<String> header = rows.get(headerIndex);
        int headerNumber = table.firstRowNumber() + headerIndex;
        F[] fields = type.getEnumConstants();
        Map<F, Integer> positions = new EnumMap<>(type);
        List<String> problems = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String text = header.get(c).replace("*", "").replace("＊", "").strip();
            if (text.isEmpty()) {
                continue;
            }
            F field = null;
            for (F candidate : fields) {
                if (candidate.header().equals(text)) {
                    field = candidate;
                }
            }
            if (field == null) {
                problems.add("无法识别的列「" + text + "」");
            } else if (positions.putIfAbsent(field, c) != null) {
                problems.add("列「" + text + "」出现了两次");
            }
        }
        for (F field : fields) {
            if (field.required() && !positions.containsKey(field)) {
                problems.add("缺少必填列「" + field.header() + "」");
            }
        }
        if (!problems.isEmpty()) {
            throw new UnitImportException(List.of(new UnitImportException.RowError(source.sheet, headerNumber,
                    "表头有误：" + String.join("；", problems) + "。请使用下载的模板")));
        }
        List<Line<F>> lines = new ArrayList<>();
        for (int r = headerIndex + 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.stream().allMatch(String::isEmpty)) {
                continue;
            }
            Map<F, String> cells = new EnumMap<>(type);
            positions.forEach((field, index) -> cells.put(field, index < row.size() ? row.get(index) : ""));
            lines.add(new Line<>(table.firstRowNumber() + r, cells));
            if (lines.size() > source.maxRows) {
                throw tooManyRows(source);
            }
        }
        return lines;
    }

    private static UnitImportException tooManyRows(Source source) {
        return source.fileError("行数过多：一次最多导入 " + source.maxRows + " " + source.rows);
    }

    /**
     * The workbook's main sheet (for the unit list the first not named 栏目; for a columns file the sheet 栏目, else
     * the first) and, for the unit list, its sheet 栏目 when it has any rows. Only those sheets are read, as a stream
     * and within {@link Source#budget}, whatever else the workbook holds.
     */
    private static Tables xlsx(byte[] bytes, Source source) {
        Source reading = source;
        try (XlsxSheets workbook = XlsxSheets.open(new ByteArrayInputStream(bytes))) {
            List<String> names = workbook.names();
            if (names.isEmpty()) {
                throw source.fileError("文件不是有效的 xlsx 工作簿（可能已损坏，或扩展名与内容不符）");
            }
            int columns = -1;
            int units = -1;
            for (int i = 0; i < names.size(); i++) {
                if (!names.get(i).strip().equals(COLUMNS_SHEET)) {
                    units = units < 0 ? i : units;
                } else if (columns < 0) {
                    columns = i;
                }
            }
            // Whatever order the sheets were moved into, the sheet 栏目 is never taken for the unit list.
            int main = source == Source.COLUMNS ? Math.max(columns, 0) : Math.max(units, 0);
            XlsxSheets.Sheet mainSheet = workbook.read(main, source.budget());
            if (mainSheet.rows().isEmpty()) {
                throw source.fileError("文件是空的：" + (main == columns ? "“" + COLUMNS_SHEET + "”" : "第一个")
                        + "工作表没有内容");
            }
            Table second = null;
            if (source == Source.UNITS && columns >= 0 && columns != main) {
                reading = Source.COLUMNS;
                XlsxSheets.Sheet columnSheet = workbook.read(columns, Source.COLUMNS.budget());
                second = columnSheet.rows().isEmpty() ? null : table(columnSheet);
            }
            return new Tables(table(mainSheet), second);
        } catch (XlsxSheets.Refused e) {
            throw switch (e.problem()) {
                case ENCRYPTED -> source.fileError("文件已加密，请去掉密码后再导入");
                case OLD_EXCEL -> source.fileError("这是旧版 Excel（xls）文件：请在 Excel 中另存为 xlsx 后再导入");
                case NOT_XLSX -> source.fileError("文件不是有效的 xlsx 工作簿（可能已损坏，或扩展名与内容不符）");
                case TOO_MANY_ROWS -> reading.fileError("行数过多：一次最多导入 " + reading.maxRows + " " + reading.rows
                        + "（工作表“" + e.sheet() + "”）");
                case TOO_LARGE -> reading.fileError("文件过大：" + e.getMessage());
            };
        }
    }

    /** A sheet's cells as text, row by row from its first row; rows the file leaves out read as blank. */
    private static Table table(XlsxSheets.Sheet sheet) {
        List<XlsxSheets.Row> read = sheet.rows();
        int first = read.getFirst().number();
        List<List<String>> rows = new ArrayList<>();
        for (XlsxSheets.Row row : read) {
            while (first + rows.size() < row.number()) {
                rows.add(List.of());
            }
            List<String> cells = new ArrayList<>(row.cells().size());
            for (int c = 0; c < row.cells().size(); c++) {
                cells.add(row.text(c));
            }
            rows.add(cells);
        }
        return new Table(rows, first);
    }

    private static List<List<String>> csv(String text, Source source) {
        if (text.isBlank()) {
            throw source.fileError("上传的文件是空的");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw source.fileError("文件不是文本格式的 CSV（含有二进制内容），请使用下载的模板");
        }
        List<List<String>> rows = new ArrayList<>();
        long record = 0;
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(CSVFormat.DEFAULT).get()) {
            for (CSVRecord line : parser) {
                record = line.getRecordNumber();
                // Rows by record: a cell with a line break inside quotes still counts as one row, as Excel shows it.
                rows.add(line.toList().stream().map(String::strip).toList());
                if (rows.size() > source.maxRows + 1) {
                    throw tooManyRows(source);
                }
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw source.fileError("CSV 格式错误，在第 " + (record + 1)
                    + " 行附近：可能有未配对的英文双引号。含逗号、引号或换行的单元格须用英文双引号括起");
        }
        return rows;
    }

    /** UTF-8 (a byte-order mark is dropped), else GB18030, the code page Excel on Chinese Windows saves CSV in. */
    private static String decode(byte[] bytes, Source source) {
        return CsvText.decode(bytes).orElseThrow(() -> source.fileError(
                "无法识别文件的文字编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"));
    }

    /**
     * Whether a cell may be stored as it is, by the rules names and URLs of a round definition follow
     * ({@link TextInput#nameProblem}: no control or bidirectional characters, no more than {@code max} characters);
     * if not, why is added to {@code problems}, naming the column, and the cell is not quoted in other messages.
     */
    private static boolean sound(String value, String column, int max, List<String> problems) {
        String problem = TextInput.nameProblem(value, column, max);
        if (problem != null) {
            problems.add(problem);
        }
        return problem == null;
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
