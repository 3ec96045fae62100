package cn.gongkai.web.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The unit list on real xlsx and CSV files, written here with POI and in the encodings Excel saves. */
class UnitSheetTest {

    private static final List<String> HEADER = List.of("单位代码", "单位名称", "单位类型", "分组代码", "分组名称",
            "网站名称", "网站网址", "微信公众号名称", "微信公众号网址", "微信订阅地址");

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
            assertThat(header.getLastCellNum()).isEqualTo((short) UnitSheet.Column.values().length);
            String guide = new org.apache.poi.xssf.extractor.XSSFExcelExtractor(workbook).getText();
            assertThat(guide).contains("填写说明", "市直部门", "区县政府", "任何一行有错，整个文件都不导入");
        }
        String csv = new String(UnitSheet.templateCsv(), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFF单位代码,单位名称,单位类型,分组代码,分组名称,网站名称,网站网址");
    }

    private static void assertFileError(String name, byte[] bytes, String message) {
        assertThatThrownBy(() -> UnitSheet.check(UnitSheet.read(name, bytes), KNOWN))
                .as(name).isInstanceOfSatisfying(UnitImportException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> assertThat(error.toString()).contains(message)));
    }

    static byte[] xlsx(List<String> header, List<List<Object>> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("单位");
            Row first = sheet.createRow(0);
            for (int c = 0; c < header.size(); c++) {
                first.createCell(c).setCellValue(header.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                List<Object> cells = rows.get(r);
                for (int c = 0; c < cells.size(); c++) {
                    if (cells.get(c) instanceof Number n) {
                        row.createCell(c).setCellValue(n.doubleValue());
                    } else if (!cells.get(c).toString().isEmpty()) {
                        row.createCell(c).setCellValue(cells.get(c).toString());
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
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
}
