package cn.gongkai.web.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import cn.gongkai.web.XlsxAttack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit list on real xlsx and CSV files, written here with POI and in the encodings Excel saves. */
class UnitSheetTest {

    private static final List<String> HEADER = List.of("单位代码", "单位名称", "单位类型", "分组代码", "分组名称",
            "网站名称", "网站网址", "微信公众号名称", "微信公众号网址", "微信订阅地址");

    /** A website and a WeChat account with the crawl-limit columns. */
    private static final List<String> CRAWL_HEADER = List.of("单位代码", "单位名称", "单位类型", "分组代码", "网站网址",
            "微信公众号网址", "抓取深度", "每渠道网址上限", "每栏目列表页上限", "抓取间隔（毫秒）");

    private static final List<String> COLUMN_HEADER = List.of("单位代码", "栏目名称", "栏目类型", "栏目网址");

    private static final UnitSheet.Known KNOWN = new UnitSheet.Known(
            Map.of("counties", new UnitSheet.KnownGroup("counties", "区县政府", "COUNTY_GOVERNMENT"),
                    "depts", new UnitSheet.KnownGroup("depts", "市直部门", "DEPARTMENT")),
            Map.of("qinghe", new UnitSheet.KnownUnit("qinghe", "清河区人民政府", "COUNTY_GOVERNMENT", "counties"),
                    "jiaoyu", new UnitSheet.KnownUnit("jiaoyu", "市教育局", "DEPARTMENT", null)),
            Map.of(UnitSheet.channelKey("WEBSITE", "http://qinghe.gov.cn/"), "qinghe"));

    private static final List<List<Object>> GOOD = List.of(
            List.of("qinghe", "清河区人民政府", "区县政府", "counties", "", "清河区门户网站", "http://qinghe.gov.cn/", "", "", ""),
            List.of("taoyuan", "桃源县人民政府", "县级政府", "counties", "区县政府", "", "https://www.taoyuan.gov.cn/",
                    "桃源发布", "https://mp.weixin.qq.com/s/abc", "https://rss.example.cn/taoyuan.xml"),
            List.of(1001, "市交通运输局", "部门", "depts", "", "", "http://jt.example.gov.cn/", "", "", ""),
            List.of("xz-01", "东关街道办事处", "乡镇（街道）", "towns", "乡镇街道", "", "", "东关街道",
                    "https://mp.weixin.qq.com/s/dg", ""));

    @Test
    void anXlsxFileIsReadByItsChineseHeadersWhateverTheirOrder() throws IOException {
        List<String> shuffled = List.of("分组代码", "单位名称", "单位代码", "单位类型", "网站网址", "备注");
        byte[] file = xlsx(shuffled, List.of(
                List.of("counties", "桃源县人民政府", "taoyuan", "区县政府", "https://www.taoyuan.gov.cn/", "新增"),
                List.of(),
                List.of("depts", "市交通运输局", 1001, "DEPARTMENT", "http://jt.example.gov.cn/", "")));
        List<UnitSheet.Entry> entries = UnitSheet.check(UnitSheet.read("名单.XLSX", file), KNOWN);
        assertThat(entries).extracting(UnitSheet.Entry::row).containsExactly(2, 4);
        assertThat(entries.get(1).unit().code()).isEqualTo("1001");
        assertThat(entries.get(1).unit().unitType()).isEqualTo("DEPARTMENT");
        assertThat(entries.get(0).unit().channels()).singleElement()
                .satisfies(c -> assertThat(c.url()).isEqualTo("https://www.taoyuan.gov.cn/"));
    }

    @Test
    void goodRowsBecomeUnitsWithChannelsAndANewGroupOnce() throws IOException {
        List<UnitSheet.Entry> entries = UnitSheet.check(UnitSheet.read("units.xlsx", xlsx(HEADER, GOOD)), KNOWN);
        assertThat(entries).hasSize(4);
        UnitSheet.Entry taoyuan = entries.get(1);
        assertThat(taoyuan.newGroup()).isFalse();
        assertThat(taoyuan.group().code()).isEqualTo("counties");
        assertThat(taoyuan.unit().channels()).extracting(RoundDefinition.Channel::kind, RoundDefinition.Channel::url,
                        RoundDefinition.Channel::feedUrl)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("WEBSITE", "https://www.taoyuan.gov.cn/", null),
                        org.assertj.core.groups.Tuple.tuple("WECHAT", "https://mp.weixin.qq.com/s/abc",
                                "https://rss.example.cn/taoyuan.xml"));
        UnitSheet.Entry street = entries.get(3);
        assertThat(street.newGroup()).isTrue();
        assertThat(street.group()).isEqualTo(new RoundDefinition.Group("towns", "乡镇街道", "TOWNSHIP", null));
        assertThat(street.unit().unitType()).isEqualTo("TOWNSHIP");
    }

    @Test
    void csvIsReadAsUtf8WithOrWithoutAByteOrderMarkAndAsGb18030() throws IOException {
        String text = csvText(HEADER, GOOD);
        byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8));
        for (byte[] file : List.of(text.getBytes(StandardCharsets.UTF_8), bom, text.getBytes(Charset.forName("GB18030")))) {
            List<UnitSheet.Entry> entries = UnitSheet.check(UnitSheet.read("units.csv", file), KNOWN);
            assertThat(entries).extracting(e -> e.unit().name())
                    .containsExactly("清河区人民政府", "桃源县人民政府", "市交通运输局", "东关街道办事处");
            assertThat(entries.get(3).group().name()).isEqualTo("乡镇街道");
        }
    }

    @Test
    void selectorColumnsGiveTheWebsiteAnExtractionProfileAndBadOnesAreRefusedNamingTheColumn() throws IOException {
        List<String> header = List.of("单位代码", "单位名称", "单位类型", "分组代码", "网站网址", "微信公众号网址",
                "列表项选择器", "列表日期选择器", "下一页选择器", "正文选择器");
        byte[] good = xlsx(header, List.of(
                List.of("taoyuan", "桃源县人民政府", "区县政府", "counties", "https://www.taoyuan.gov.cn/",
                        "https://mp.weixin.qq.com/s/abc", "div.news-list dl", "dd.time", "div.pagination a", "#zoom"),
                List.of("1001", "市交通运输局", "部门", "depts", "http://jt.example.gov.cn/", "", "", "", "", "")));
        List<UnitSheet.Entry> entries = UnitSheet.check(UnitSheet.read("units.xlsx", good), KNOWN);
        assertThat(entries.get(0).unit().channels()).satisfiesExactly(
                website -> assertThat(website.extractionProfile()).get().satisfies(p -> {
                    assertThat(p.listItem()).isEqualTo("div.news-list dl");
                    assertThat(p.itemDate()).isEqualTo("dd.time");
                    assertThat(p.nextPage()).isEqualTo("div.pagination a");
                    assertThat(p.articleBody()).isEqualTo("#zoom");
                }),
                wechat -> assertThat(wechat.profile()).isNull());
        assertThat(entries.get(1).unit().channels()).singleElement()
                .satisfies(c -> assertThat(c.extractionProfile()).isEmpty());

        byte[] bad = xlsx(header, List.of(
                List.of("taoyuan", "桃源县人民政府", "区县政府", "counties", "https://www.taoyuan.gov.cn/", "",
                        "div.news-list dl[", "", "", ""),
                List.of("xin", "辛局", "部门", "depts", "", "https://mp.weixin.qq.com/s/x", "", "dd.time", "", "")));
        assertThatThrownBy(() -> UnitSheet.check(UnitSheet.read("units.xlsx", bad), KNOWN))
                .isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors()).extracting(Object::toString)
                        .containsExactly(
                                "第 2 行：列表项选择器（listItem）不是有效的 CSS 选择器：“div.news-list dl[”",
                                "第 3 行：填写了选择器（抽取配置），但缺少网站网址：选择器只用于网站"));
    }

    @Test
    void crawlLimitColumnsGiveTheWebsiteItsOwnLimitsAndARowWithoutThemNone() throws IOException {
        // Number cells and text cells alike; "3000.0" as some programs write a whole number.
        byte[] file = xlsx(CRAWL_HEADER, List.of(
                List.of("taoyuan", "桃源县人民政府", "区县政府", "counties", "https://www.taoyuan.gov.cn/",
                        "https://mp.weixin.qq.com/s/abc", 3, "8000", 200, "3000.0"),
                List.of("1001", "市交通运输局", "部门", "depts", "http://jt.example.gov.cn/", "", "", "", 80, ""),
                List.of("qinghe", "清河区人民政府", "区县政府", "counties", "http://qinghe.gov.cn/", "", "", "", "", "")));
        List<UnitSheet.Entry> entries = UnitSheet.check(UnitSheet.read("units.xlsx", file), KNOWN);
        assertThat(entries.get(0).unit().channels()).satisfiesExactly(
                website -> assertThat(website.crawl()).isEqualTo(new RoundDefinition.Crawl(3, 8000, 200, 3000)),
                wechat -> assertThat(wechat.crawl()).isNull());
        // Limits left empty are the round's; a row giving none leaves the stored ones alone.
        assertThat(entries.get(1).unit().channels()).singleElement()
                .satisfies(c -> assertThat(c.crawl()).isEqualTo(new RoundDefinition.Crawl(null, null, 80, null)));
        assertThat(entries.get(2).unit().channels()).singleElement().satisfies(c -> assertThat(c.crawl()).isNull());

        String csv = String.join(",", CRAWL_HEADER) + "\r\n"
                + "taoyuan,桃源县人民政府,区县政府,counties,https://www.taoyuan.gov.cn/,,0,200000,1,60000\r\n";
        assertThat(UnitSheet.check(UnitSheet.read("units.csv", csv.getBytes(StandardCharsets.UTF_8)), KNOWN)
                .getFirst().unit().channels().getFirst().crawl()).isEqualTo(new RoundDefinition.Crawl(0, 200_000, 1, 60_000));
    }

    @Test
    void badCrawlLimitsAreRefusedNamingTheColumnAndTheValue() throws IOException {
        byte[] file = xlsx(CRAWL_HEADER, List.of(
                List.of("taoyuan", "桃源县人民政府", "区县政府", "counties", "https://www.taoyuan.gov.cn/", "",
                        2.5, "abc", 10001, -5),
                List.of("1001", "市交通运输局", "部门", "depts", "http://jt.example.gov.cn/", "", 11, 0, "5千", "1e3"),
                List.of("xin", "辛局", "部门", "depts", "", "https://mp.weixin.qq.com/s/x", "", "", "", 3000)));
        assertThatThrownBy(() -> UnitSheet.check(UnitSheet.read("units.xlsx", file), KNOWN))
                .isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors()).extracting(Object::toString)
                        .containsExactly(
                                "第 2 行：抓取深度须为 0 到 10 之间的整数，实际为「2.5」；"
                                        + "每渠道网址上限须为 1 到 200000 之间的整数，实际为「abc」；"
                                        + "每栏目列表页上限须为 1 到 10000 之间的整数，实际为「10001」；"
                                        + "抓取间隔（毫秒）须为 0 到 60000 之间的整数，实际为「-5」",
                                "第 3 行：抓取深度须为 0 到 10 之间的整数，实际为「11」；"
                                        + "每渠道网址上限须为 1 到 200000 之间的整数，实际为「0」；"
                                        + "每栏目列表页上限须为 1 到 10000 之间的整数，实际为「5千」；"
                                        + "抓取间隔（毫秒）须为 0 到 60000 之间的整数，实际为「1e3」",
                                "第 4 行：填写了抓取上限，但缺少网站网址：抓取上限只用于网站"));
    }

    @Test
    void everyBadRowIsReportedInChineseWithItsRowNumber() throws IOException {
        List<List<Object>> rows = List.of(
                List.of("ok-1", "甲县人民政府", "区县政府", "counties", "", "", "http://jia.gov.cn/", "", "", ""),
                List.of("ok-2", "乙县人民政府", "区县政府", "counties", "", "", "http://yi.gov.cn/", "", "", ""),
                List.of("ok-3", "丙县人民政府", "区县政府", "counties", "", "", "http://bing.gov.cn/", "", "", ""),
                List.of("", "丁县人民政府", "区县政府", "counties", "", "", "http://ding.gov.cn/", "", "", ""),
                List.of("wu", "戊县人民政府", "地级市", "nowhere", "", "", "ftp://wu.gov.cn/", "", "", ""),
                List.of("ok-1", "己县人民政府", "区县政府", "counties", "", "", "http://jia.gov.cn/", "", "", ""),
                List.of("jiaoyu", "市教育局", "区县政府", "counties", "", "", "http://qinghe.gov.cn/", "", "", ""),
                List.of("qinghe", "清河区人民政府", "区县政府", "depts", "", "", "http://qh.gov.cn/", "", "", ""),
                List.of("geng", "庚局", "部门", "depts", "部门组", "", "", "庚局发布", "", ""),
                List.of("xin", "辛街道", "乡镇", "towns", "乡镇街道", "", "http://xin.gov.cn/", "", "", ""),
                List.of("ren", "壬街道", "乡镇", "towns", "街道组", "", "http://ren.gov.cn/", "", "", ""),
                List.of("gui", "癸县", "区县政府", "counties", "", "", "http://gui.gov.cn/", "", "not a url", ""));
        byte[] file = xlsx(HEADER, rows);
        assertThatThrownBy(() -> UnitSheet.check(UnitSheet.read("units.xlsx", file), KNOWN))
                .isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors()).extracting(Object::toString)
                        .containsExactly(
                                "第 5 行：单位代码为空",
                                "第 6 行：单位类型「地级市」无法识别，应为区县政府、部门、乡镇（街道）之一；"
                                        + "分组「nowhere」不存在；新建分组须同时填写分组名称；"
                                        + "网站网址「ftp://wu.gov.cn/」不是有效的 http(s) 地址",
                                "第 7 行：单位代码「ok-1」与第 2 行重复；网站网址与第 2 行相同",
                                "第 8 行：单位「jiaoyu」已登记为部门，与本行的区县政府不一致；"
                                        + "网站网址「http://qinghe.gov.cn/」已登记为单位「qinghe」的渠道",
                                "第 9 行：分组「depts」是部门分组，不能放入区县政府单位；"
                                        + "单位「qinghe」已在本轮的分组「counties」中，不能再放入「depts」",
                                "第 10 行：分组「depts」已登记，名称为「市直部门」，与本行的「部门组」不一致；"
                                        + "填写了微信公众号名称或订阅地址，但缺少微信公众号网址；网站网址和微信公众号网址至少填写一个",
                                "第 12 行：新分组「towns」的名称与第 11 行不一致",
                                "第 13 行：微信公众号网址「not a url」不是有效的 http(s) 地址"));
    }

    @Test
    void controlAndBidirectionalCharactersAreRefusedRowByRowNamingTheColumn() throws IOException {
        // U+202E shows the text after it reversed; U+2067 and U+200F reorder too; a tab, a line break or U+0085 (NEL)
        // would break the lines of the pages, exports and logs that show these names.
        List<List<Object>> units = List.of(
                List.of("qinghe", "清河区\u202E府政民人", "区县政府", "counties", "", "", "http://qinghe.gov.cn/", "", "", ""),
                List.of("tao\u202Eyuan", "桃源县人民政府", "区县政府", "counties", "", "", "https://www.taoyuan.gov.cn/",
                        "", "", ""),
                List.of("xz-01", "东关街道办事处", "乡镇（街道）", "towns", "乡镇\t街道", "", "", "东关\n街道",
                        "https://mp.weixin.qq.com/s/dg\u2067", ""),
                List.of("xz-02", "西关街道办事处", "乡镇（街道）", "to\u200Fwns", "乡镇街道", "西关\u0085网站",
                        "http://xg.gov.cn/", "", "", ""),
                List.of("ok", "甲县人民政府", "区县\u202A政府", "counties", "", "", "http://jia.gov.cn/", "", "", ""));
        List<List<Object>> columns = List.of(
                List.of("qinghe", "政策\u2066文件", "政策文件", "http://qinghe.gov.cn/zcwj/"),
                List.of("qinghe", "政策解读", "政策解读", "http://qinghe.gov.cn/zcjd/\u202E"),
                List.of("qinghe", "领导之窗", "其他", "http://qinghe.gov.cn/ldzc/"));
        List<String> expected = List.of(
                "第 2 行：「单位名称」含有改变文字显示方向的不可见字符，请删除后重试",
                "第 3 行：「单位代码」含有改变文字显示方向的不可见字符，请删除后重试",
                "第 4 行：「分组名称」含有换行、制表符或其他控制字符，请删除后重试；"
                        + "「微信公众号网址」含有改变文字显示方向的不可见字符，请删除后重试；"
                        + "「微信公众号名称」含有换行、制表符或其他控制字符，请删除后重试",
                "第 5 行：「分组代码」含有改变文字显示方向的不可见字符，请删除后重试；"
                        + "「网站名称」含有换行、制表符或其他控制字符，请删除后重试",
                "第 6 行：「单位类型」含有改变文字显示方向的不可见字符，请删除后重试",
                "栏目 第 2 行：「栏目名称」含有改变文字显示方向的不可见字符，请删除后重试",
                "栏目 第 3 行：「栏目网址」含有改变文字显示方向的不可见字符，请删除后重试");
        byte[] workbook = workbook(Map.of("单位", new Sheetful(HEADER, units),
                "栏目", new Sheetful(COLUMN_HEADER, columns)), "单位", "栏目");
        List<UnitSheet.Upload> uploads = List.of(UnitSheet.read("units.xlsx", workbook),
                UnitSheet.read("units.csv", quotedCsv(HEADER, units), "栏目.csv", quotedCsv(COLUMN_HEADER, columns)));
        for (UnitSheet.Upload upload : uploads) {
            assertThatThrownBy(() -> UnitSheet.check(upload, KNOWN))
                    .isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors())
                            .extracting(Object::toString).containsExactlyElementsOf(expected)
                            // The refused text itself is never quoted back: it would reorder the message shown.
                            .allSatisfy(message -> assertThat(message).doesNotContainPattern(
                                    "[\\p{Cc}\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]")));
        }
    }

    @Test
    void aBadFileIsRefusedWithAClearMessage() throws IOException {
        byte[] good = xlsx(HEADER, GOOD);
        assertFileError("units.xlsx", new byte[0], "上传的文件是空的");
        assertFileError("units.pdf", good, "只能导入 xlsx 或 CSV 文件");
        assertFileError("units.xls", good, "不支持旧版 Excel（xls）文件");
        assertFileError("units.csv", good, "这是 Excel 工作簿而不是 CSV 文件");
        assertFileError("units.xlsx", "单位代码,单位名称\n".getBytes(StandardCharsets.UTF_8), "不是有效的 xlsx 工作簿");
        assertFileError("units.xlsx", Arrays.copyOf(good, good.length / 2), "不是有效的 xlsx 工作簿");
        assertFileError("units.xlsx", new byte[UnitSheet.MAX_BYTES + 1], "文件过大");
        assertFileError("units.csv", new byte[] {0, 1, 2, 3, 'a'}, "不是文本格式的 CSV");
        assertFileError("units.csv", "单位代码,单位名称,单位类型,分组代码\n\"a,b,c,d\n".getBytes(StandardCharsets.UTF_8),
                "CSV 格式错误");
        assertFileError("units.csv", "\n\n".getBytes(StandardCharsets.UTF_8), "上传的文件是空的");
        assertThatThrownBy(() -> UnitSheet.read("units.csv", "单位代码,单位名称,类型,分组代码,邮箱\n"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors()).singleElement()
                        .hasToString("第 1 行：表头有误：无法识别的列「类型」；无法识别的列「邮箱」；缺少必填列「单位类型」。请使用下载的模板"));
        // A header and nothing else is a file with no units.
        assertThatThrownBy(() -> UnitSheet.check(UnitSheet.read("units.csv", UnitSheet.templateCsv()), KNOWN))
                .hasMessageContaining("文件中没有单位");
    }

    @Test
    void theTemplatesCarryTheChineseHeadersAndTheKnownGroups() throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(UnitSheet.templateXlsx(
                List.copyOf(KNOWN.groups().values()))))) {
            Row header = workbook.getSheetAt(0).getRow(0);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("单位代码");
            assertThat(header.getLastCellNum()).isEqualTo((short) UnitSheet.Field.values().length);
            Row columnHeader = workbook.getSheet("栏目").getRow(0);
            assertThat(List.of(columnHeader.getCell(0).getStringCellValue(), columnHeader.getCell(1).getStringCellValue(),
                    columnHeader.getCell(2).getStringCellValue(), columnHeader.getCell(3).getStringCellValue()))
                    .containsExactly("单位代码", "栏目名称", "栏目类型", "栏目网址");
            String guide = new org.apache.poi.xssf.extractor.XSSFExcelExtractor(workbook).getText();
            assertThat(guide).contains("填写说明", "市直部门", "区县政府", "任何一行有错（包括栏目），整个文件都不导入",
                    "工作动态、通知公告、政策文件、政策解读、政府信息公开、互动交流、其他", "领导之窗",
                    "每栏目列表页上限 1 到 10000", "空着的按本轮设定，本轮未设定时用默认值（深度 2、每渠道 5000 个网址、"
                            + "每栏目 50 页、间隔 1000 毫秒）", "一项都没填的行，网站已保存的抓取上限保持不变");
        }
        String csv = new String(UnitSheet.templateCsv(), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFF单位代码,单位名称,单位类型,分组代码,分组名称,网站名称,网站网址");
        assertThat(csv).endsWith(",正文选择器,抓取深度,每渠道网址上限,每栏目列表页上限,抓取间隔（毫秒）,备注\r\n");
        assertThat(new String(UnitSheet.templateColumnsCsv(), StandardCharsets.UTF_8))
                .isEqualTo("\uFEFF单位代码,栏目名称,栏目类型,栏目网址,备注\r\n");
    }

    @Test
    void theDownloadedTemplateFilledInExcelImportsUnitsWithTheirColumns() throws IOException {
        byte[] template = UnitSheet.templateXlsx(List.of());
        byte[] filled;
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(template));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fill(workbook.getSheet("单位与渠道"), List.of(
                    List.of("taoyuan", "桃源县人民政府", "区县政府", "counties", "", "", "https://www.taoyuan.gov.cn/")));
            fill(workbook.getSheet("栏目"), List.of(
                    List.of("taoyuan", "政策文件", "政策文件", "https://www.taoyuan.gov.cn/zcwj/"),
                    List.of("taoyuan", "领导之窗", "其他", "https://www.taoyuan.gov.cn/ldzc/"),
                    List.of("taoyuan", "预决算公开", "DISCLOSURE", "https://czj.taoyuan.gov.cn/yjs/")));
            workbook.write(out);
            filled = out.toByteArray();
        }
        List<UnitSheet.Entry> entries = UnitSheet.check(UnitSheet.read("模板.xlsx", filled), KNOWN);
        assertThat(entries).singleElement().satisfies(e -> assertThat(e.unit().channels()).singleElement()
                .satisfies(website -> assertThat(website.columns()).containsExactly(
                        new RoundDefinition.Column("政策文件", "https://www.taoyuan.gov.cn/zcwj/", "POLICY"),
                        new RoundDefinition.Column("领导之窗", "https://www.taoyuan.gov.cn/ldzc/", "OTHER"),
                        new RoundDefinition.Column("预决算公开", "https://czj.taoyuan.gov.cn/yjs/", "DISCLOSURE"))));
        // The template as downloaded has a header-only sheet 栏目: no columns, and no error for it.
        assertThat(UnitSheet.read("模板.xlsx", template).columns()).isEmpty();
    }

    @Test
    void columnsGoToTheWebsiteOfTheirUnitFromTheSheetOrFromASeparateCsvFile() throws IOException {
        List<List<Object>> columns = List.of(
                List.of("qinghe", "政策文件", "POLICY", "http://qinghe.gov.cn/zcwj/"),
                List.of("qinghe", "政策解读", "政策解读", "http://qinghe.gov.cn/zcjd/"),
                List.of("", "", "", ""),
                List.of(1001, "通知公告", "公告", "http://jt.example.gov.cn/tzgg/"),
                List.of("taoyuan", "政府信息公开", "信息公开", "https://www.taoyuan.gov.cn/xxgk/"),
                // The same URL under another unit is that unit's own column.
                List.of("taoyuan", "政策文件", "policy", "http://qinghe.gov.cn/zcwj/"));
        byte[] workbook = workbook(Map.of("单位", new Sheetful(HEADER, GOOD),
                "栏目", new Sheetful(COLUMN_HEADER, columns)), "单位", "栏目");
        String columnsCsv = csvText(COLUMN_HEADER, columns);
        List<UnitSheet.Upload> uploads = List.of(
                UnitSheet.read("units.xlsx", workbook),
                // Sheets moved around in Excel: the sheet 栏目 is never taken for the unit list.
                UnitSheet.read("units.xlsx", workbook(Map.of("单位", new Sheetful(HEADER, GOOD),
                        "栏目", new Sheetful(COLUMN_HEADER, columns)), "栏目", "单位")),
                UnitSheet.read("units.csv", csvText(HEADER, GOOD).getBytes(StandardCharsets.UTF_8),
                        "栏目.csv", columnsCsv.getBytes(Charset.forName("GB18030"))),
                UnitSheet.read("units.xlsx", xlsx(HEADER, GOOD), "栏目.csv",
                        concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, columnsCsv.getBytes(StandardCharsets.UTF_8))),
                // A separate xlsx file with the columns in its first sheet.
                UnitSheet.read("units.csv", csvText(HEADER, GOOD).getBytes(StandardCharsets.UTF_8), "栏目.xlsx",
                        xlsx(COLUMN_HEADER, columns)));
        for (UnitSheet.Upload upload : uploads) {
            assertThat(upload.columns()).extracting(UnitSheet.Line::number).containsExactly(2, 3, 5, 6, 7);
            Map<String, List<RoundDefinition.Column>> byUnit = new java.util.HashMap<>();
            for (UnitSheet.Entry entry : UnitSheet.check(upload, KNOWN)) {
                for (RoundDefinition.Channel channel : entry.unit().channels()) {
                    if (channel.columns() != null) {
                        assertThat(channel.kind()).isEqualTo("WEBSITE");
                        byUnit.put(entry.unit().code(), channel.columns());
                    }
                }
            }
            assertThat(byUnit.get("qinghe")).extracting(RoundDefinition.Column::type).containsExactly("POLICY", "INTERPRETATION");
            assertThat(byUnit.get("1001")).containsExactly(
                    new RoundDefinition.Column("通知公告", "http://jt.example.gov.cn/tzgg/", "NOTICE"));
            assertThat(byUnit.get("taoyuan")).extracting(RoundDefinition.Column::type).containsExactly("DISCLOSURE", "POLICY");
            assertThat(byUnit).doesNotContainKey("xz-01");
        }
    }

    @Test
    void everyBadColumnRowIsReportedAfterTheUnitRowsWithItsListAndRowNumber() throws IOException {
        List<List<Object>> units = List.of(
                List.of("qinghe", "清河区人民政府", "区县政府", "counties", "", "", "http://qinghe.gov.cn/", "", "", ""),
                List.of("", "无代码县", "区县政府", "counties", "", "", "http://wdm.gov.cn/", "", "", ""),
                List.of("xz-01", "东关街道办事处", "乡镇（街道）", "towns", "乡镇街道", "", "", "东关街道",
                        "https://mp.weixin.qq.com/s/dg", ""));
        List<List<Object>> columns = List.of(
                List.of("qinghe", "政策文件", "政策文件", "http://qinghe.gov.cn/zcwj/"),
                List.of("", "政策解读", "政策解读", "http://qinghe.gov.cn/zcjd/"),
                List.of("X", "领导之窗", "其他", "http://x.gov.cn/ldzc/"),
                List.of("xz-01", "通知公告", "通知公告", "http://dg.gov.cn/tzgg/"),
                List.of("qinghe", "", "", ""),
                List.of("qinghe", "预决算公开", "预算", "www.qinghe.gov.cn/yjs/"),
                List.of("qinghe", "政策文件（旧）", "政策文件", "http://qinghe.gov.cn/zcwj/"),
                List.of("qinghe", "长".repeat(201), "其他", "http://qinghe.gov.cn/" + "a".repeat(2048)));
        byte[] file = workbook(Map.of("单位", new Sheetful(HEADER, units),
                "栏目", new Sheetful(COLUMN_HEADER, columns)), "单位", "栏目");
        assertThatThrownBy(() -> UnitSheet.check(UnitSheet.read("units.xlsx", file), KNOWN))
                .isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors()).extracting(Object::toString)
                        .containsExactly(
                                "第 3 行：单位代码为空",
                                "栏目 第 3 行：单位代码为空",
                                "栏目 第 4 行：单位代码「X」不在本次导入的单位中：栏目须属于同时导入的单位",
                                "栏目 第 5 行：单位「xz-01」在本次导入中没有填写网站网址：栏目只能属于网站",
                                "栏目 第 6 行：栏目名称为空；栏目类型为空；栏目网址为空",
                                "栏目 第 7 行：栏目类型「预算」无法识别，应为工作动态、通知公告、政策文件、政策解读、政府信息公开、"
                                        + "互动交流、其他之一；栏目网址「www.qinghe.gov.cn/yjs/」不是有效的 http(s) 地址",
                                "栏目 第 8 行：栏目网址与第 2 行相同",
                                "栏目 第 9 行：「栏目名称」不能超过 200 个字符（现有 201 个）；"
                                        + "「栏目网址」不能超过 2048 个字符（现有 2069 个）"));
        // Good units with bad columns are refused as a whole too.
        byte[] goodUnits = workbook(Map.of("单位", new Sheetful(HEADER, GOOD),
                "栏目", new Sheetful(COLUMN_HEADER, List.of(List.of("nobody", "政策文件", "政策文件", "http://n.gov.cn/")))),
                "单位", "栏目");
        assertThatThrownBy(() -> UnitSheet.check(UnitSheet.read("units.xlsx", goodUnits), KNOWN))
                .isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors()).singleElement()
                        .hasToString("栏目 第 2 行：单位代码「nobody」不在本次导入的单位中：栏目须属于同时导入的单位"));
    }

    @Test
    void aBadColumnsFileIsRefusedWithAClearMessageNamingIt() throws IOException {
        byte[] units = csvText(HEADER, GOOD).getBytes(StandardCharsets.UTF_8);
        byte[] columns = csvText(COLUMN_HEADER, List.of(List.of("qinghe", "政策文件", "政策文件", "http://qinghe.gov.cn/zcwj/")))
                .getBytes(StandardCharsets.UTF_8);
        assertColumnsFileError("栏目.csv", new byte[0], "栏目文件：上传的文件是空的");
        assertColumnsFileError("栏目.txt", columns, "栏目文件：只能导入 xlsx 或 CSV 文件");
        assertColumnsFileError("栏目.csv", new byte[UnitSheet.MAX_BYTES + 1], "栏目文件：文件过大：栏目不能超过 5 MB");
        assertColumnsFileError("栏目.csv", "\n \n".getBytes(StandardCharsets.UTF_8), "栏目文件：上传的文件是空的");
        assertColumnsFileError("栏目.csv", new byte[] {0, 1, 2, 3, 'a'}, "栏目文件：文件不是文本格式的 CSV");
        assertColumnsFileError("栏目.csv", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0x41, 0, 0x42},
                "栏目文件：无法识别文件的文字编码");
        assertColumnsFileError("栏目.xlsx", columns, "栏目文件：文件不是有效的 xlsx 工作簿");
        assertColumnsFileError("栏目.xlsx", zipBomb(), "栏目文件：文件不是有效的 xlsx 工作簿");
        assertColumnsFileError("栏目.csv", "单位代码,栏目名称,类型\n".getBytes(StandardCharsets.UTF_8),
                "栏目 第 1 行：表头有误：无法识别的列「类型」；缺少必填列「栏目类型」；缺少必填列「栏目网址」。请使用下载的模板");
        StringBuilder many = new StringBuilder("单位代码,栏目名称,栏目类型,栏目网址\n");
        for (int i = 0; i <= UnitSheet.MAX_COLUMN_ROWS; i++) {
            many.append("qinghe,栏目").append(i).append(",其他,http://qinghe.gov.cn/c").append(i).append("/\n");
        }
        assertColumnsFileError("栏目.csv", many.toString().getBytes(StandardCharsets.UTF_8),
                "栏目文件：行数过多：一次最多导入 30000 个栏目");
        // Columns in the workbook's sheet and in a file besides: which ones were meant is unclear.
        byte[] both = workbook(Map.of("单位", new Sheetful(HEADER, GOOD), "栏目", new Sheetful(COLUMN_HEADER,
                List.of(List.of("qinghe", "政策文件", "政策文件", "http://qinghe.gov.cn/zcwj/")))), "单位", "栏目");
        assertThatThrownBy(() -> UnitSheet.read("units.xlsx", both, "栏目.csv", columns))
                .isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors()).singleElement()
                        .hasToString("栏目文件：工作簿的“栏目”工作表中已填写了栏目，又单独上传了栏目文件：栏目只能在一处提供"));
        // The unit list is still read first: its own problem is the one reported.
        assertThatThrownBy(() -> UnitSheet.read("units.pdf", units, "栏目.csv", columns))
                .hasMessageContaining("只能导入 xlsx 或 CSV 文件").hasMessageNotContaining("栏目文件");
    }

    @Test
    void theColumnTypesAreTheOnesCheckersSelectBy() {
        assertThat(UnitSheet.COLUMN_TYPE_LABELS.keySet())
                .isEqualTo(cn.gongkai.evaluator.catalog.IndicatorSystemValidator.COLUMN_TYPES);
        String yaml = """
                name: 栏目类型
                indicatorSystem: foundation
                groups:
                  - code: g
                    name: 区县
                    unitType: COUNTY_GOVERNMENT
                    units:
                      - code: u
                        name: 单位
                        channels:
                          - kind: WEBSITE
                            url: http://u.gov.cn/
                            columns: [{name: 领导之窗, url: 'http://u.gov.cn/ldzc/', type: LEADERS}]
                """;
        assertThatThrownBy(() -> RoundDefinition.parse(yaml, null)).isInstanceOf(RoundDefinitionException.class)
                .hasMessageContaining("单位 u 的栏目 领导之窗 的 type 应为 [DISCLOSURE, INTERACTION, INTERPRETATION, NEWS, "
                        + "NOTICE, OTHER, POLICY] 之一，实际为 LEADERS");
        assertThat(RoundDefinition.parse(yaml.replace("LEADERS", "OTHER"), null).groups()).hasSize(1);
    }

    private static void assertColumnsFileError(String name, byte[] bytes, String message) {
        byte[] units = csvText(HEADER, GOOD).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> UnitSheet.check(UnitSheet.read("units.csv", units, name, bytes), KNOWN))
                .as(name).isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> assertThat(error.toString()).startsWith(message)));
    }

    /** A valid xlsx whose one sheet inflates from a few kilobytes to 40 MB: the shape of a zip bomb. */
    private static byte[] zipBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out);
             XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx(COLUMN_HEADER, List.of())));
             ByteArrayOutputStream template = new ByteArrayOutputStream()) {
            workbook.write(template);
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
                    new ByteArrayInputStream(template.toByteArray()))) {
                for (java.util.zip.ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                    byte[] content = in.readAllBytes();
                    if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                        String xml = new String(content, StandardCharsets.UTF_8);
                        int end = xml.lastIndexOf("</worksheet>");
                        zip.write(xml.substring(0, end).getBytes(StandardCharsets.UTF_8));
                        zip.write(("<!--" + " ".repeat(40 * 1024 * 1024) + "-->").getBytes(StandardCharsets.UTF_8));
                        zip.write(xml.substring(end).getBytes(StandardCharsets.UTF_8));
                    } else {
                        zip.write(content);
                    }
                    zip.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    private record Sheetful(List<String> header, List<List<Object>> rows) {
    }

    /** A workbook with the given sheets in the given order. */
    private static byte[] workbook(Map<String, Sheetful> sheets, String... order) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String name : order) {
                Sheet sheet = workbook.createSheet(name);
                List<List<Object>> rows = new java.util.ArrayList<>();
                rows.add(List.copyOf(sheets.get(name).header()));
                rows.addAll(sheets.get(name).rows());
                fill(sheet, rows, 0);
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** Writes rows below a sheet's header row. */
    private static void fill(Sheet sheet, List<List<Object>> rows) {
        fill(sheet, rows, 1);
    }

    private static void fill(Sheet sheet, List<? extends List<?>> rows, int firstRow) {
        for (int r = 0; r < rows.size(); r++) {
            Row row = sheet.createRow(r + firstRow);
            List<?> cells = rows.get(r);
            for (int c = 0; c < cells.size(); c++) {
                if (cells.get(c) instanceof Number n) {
                    row.createCell(c).setCellValue(n.doubleValue());
                } else if (!cells.get(c).toString().isEmpty()) {
                    row.createCell(c).setCellValue(cells.get(c).toString());
                }
            }
        }
    }

    private static void assertFileError(String name, byte[] bytes, String message) {
        assertThatThrownBy(() -> UnitSheet.check(UnitSheet.read(name, bytes), KNOWN))
                .as(name).isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> assertThat(error.toString()).contains(message)));
    }

    static byte[] xlsx(List<String> header, List<List<Object>> rows) throws IOException {
        return workbook(Map.of("单位", new Sheetful(header, rows)), "单位");
    }

    /** CSV as Excel saves it when a cell holds a line break: every cell in double quotes. */
    private static byte[] quotedCsv(List<String> header, List<List<Object>> rows) {
        StringBuilder text = new StringBuilder(String.join(",", header)).append("\r\n");
        for (List<Object> row : rows) {
            text.append(String.join(",", row.stream().map(c -> "\"" + c.toString().replace("\"", "\"\"") + "\"")
                    .toList())).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String csvText(List<String> header, List<List<Object>> rows) {
        StringBuilder text = new StringBuilder(String.join(",", header)).append("\r\n");
        for (List<Object> row : rows) {
            text.append(String.join(",", row.stream().map(Object::toString).toList())).append("\r\n");
        }
        return text.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * The shape of the upload that took the server to 4 GB: nine sheets of many rows, inside POI's zip-bomb ratio and
     * the 5 MB limit. It is refused for its rows, in a JVM of 256 MB, where reading it whole ran out of memory.
     */
    @Test
    void aWorkbookOfManyLargeSheetsIsRefusedInASmallHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("units.xlsx");
        XlsxAttack.write(file, HEADER, List.of("qinghe", "清河区人民政府", "区县政府", "counties"), 9, 60_000);
        assertThat(Files.size(file)).isLessThan(UnitSheet.MAX_BYTES);
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                SmallHeapImport.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A hang guard, not a speed target.
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(finished).as("the import hung:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("the import died (exit 3 is OutOfMemoryError):%n%s", output).isZero();
        assertThat(output).contains("refused: [行数过多：一次最多导入 " + UnitSheet.MAX_ROWS + " 个单位（工作表“表1”）]");
    }

    /** A sheet of few rows but very many cells is refused for its cells, naming the sheet. */
    @Test
    void aSheetOfTooManyCellsIsRefused() throws Exception {
        java.util.Random random = new java.util.Random(16);
        try (var workbook = new org.apache.poi.xssf.streaming.SXSSFWorkbook(100);
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("单位");
            for (int r = 0; r < 4000; r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < 60; c++) {
                    row.createCell(c).setCellValue(random.nextInt(1000));
                }
            }
            workbook.write(out);
            assertFileError("wide.xlsx", out.toByteArray(), "文件过大：工作表“单位”的单元格超过 "
                    + (UnitSheet.MAX_ROWS + 2) * 40 + " 个");
        }
    }

    /** Imports the unit list named by its argument and prints the outcome and the peak heap and resident memory. */
    static final class SmallHeapImport {
        public static void main(String[] args) throws IOException {
            try {
                UnitSheet.Upload upload = UnitSheet.read("units.xlsx", Files.readAllBytes(Path.of(args[0])));
                System.out.println("read: " + upload.units().size() + " units");
            } catch (UnitImportException e) {
                System.out.println("refused: " + e.errors().stream().map(Object::toString).toList());
            }
            long heap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                heap += pool.getType() == MemoryType.HEAP ? pool.getPeakUsage().getUsed() : 0;
            }
            System.out.println("peak heap " + heap / 1024 / 1024 + " MB, peak RSS " + XlsxAttack.peakRssMb() + " MB");
        }
    }
}
