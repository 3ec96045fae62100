package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Importing a draft round's units, channels and columns through the pages, over real HTTP, into the real database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnitImportIT {

    private static final String PASSWORD = "test-password-1";
    private static final String ROUND = """
            name: 单位导入测试轮次
            indicatorSystem: foundation
            groups:
              - code: ui-counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
                units:
                  - code: ui-qinghe
                    name: 清河区人民政府
                    channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/qinghe/'}]
            """;
    private static final String HEADER = "单位代码,单位名称,单位类型,分组代码,分组名称,网站名称,网站网址,微信公众号名称,微信公众号网址,微信订阅地址\r\n";
    private static final String COLUMN_HEADER = "单位代码,栏目名称,栏目类型,栏目网址\r\n";

    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @Autowired EvidenceStore evidence;
    @LocalServerPort int port;

    private long roundId;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-unit-import");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void round() {
        roundId = importer.importRound(RoundDefinition.parse(ROUND, null), ROUND);
        long qinghe = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("ui-qinghe")).fetchOne(UNIT.ID);
        accounts.create("test", "ui-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "ui-lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        accounts.create("test", "ui-county", "清河区", PASSWORD, qinghe, EnumSet.of(Role.COUNTY));
    }

    private String path(String suffix) {
        return "/workbench/rounds/" + roundId + "/units" + suffix;
    }

    /** Uploads a file and returns the page the evaluator is sent back to. */
    private String upload(WebSession session, String name, byte[] bytes) throws Exception {
        return upload(session, List.of(new WebSession.FilePart("file", name, bytes)));
    }

    /** Uploads a unit list with a separate columns file. */
    private String upload(WebSession session, String name, byte[] bytes, String columnsName, byte[] columns)
            throws Exception {
        return upload(session, List.of(new WebSession.FilePart("file", name, bytes),
                new WebSession.FilePart("columnsFile", columnsName, columns)));
    }

    private String upload(WebSession session, List<WebSession.FilePart> files) throws Exception {
        HttpResponse<String> response = session.postMultipart(path("/import"), Map.of(), files);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith(path(""));
        return session.get(path("")).body();
    }

    /** Everything an import could touch, to show that a refused one touched nothing. */
    private List<Integer> counts() {
        return List.of(dsl.fetchCount(UNIT), dsl.fetchCount(UNIT_GROUP), dsl.fetchCount(CHANNEL),
                dsl.fetchCount(ROUND_UNIT, ROUND_UNIT.ROUND_ID.eq(roundId)),
                dsl.fetchCount(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID.eq(roundId)),
                dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("UNITS_IMPORTED")), dsl.fetchCount(CHANNEL_COLUMN));
    }

    @Test
    @Order(1)
    void onlyEvaluatorsSeeTheImportAndOthersAreRefusedOnTheServer() throws Exception {
        List<Integer> before = counts();
        String good = HEADER + "ui-x,某县人民政府,区县政府,ui-counties,,,http://127.0.0.1:9/x/,,,\r\n";
        for (String user : List.of("ui-lead", "ui-county")) {
            WebSession other = WebSession.loggedIn(port, user, PASSWORD);
            assertThat(other.get(path("")).statusCode()).as(user).isEqualTo(403);
            assertThat(other.getBytes(path("/template.xlsx")).statusCode()).as(user).isEqualTo(403);
            assertThat(other.getBytes(path("/template-columns.csv")).statusCode()).as(user).isEqualTo(403);
            HttpResponse<String> post = other.postMultipart(path("/import"), Map.of(),
                    List.of(new WebSession.FilePart("file", "units.csv", good.getBytes(StandardCharsets.UTF_8))));
            assertThat(post.statusCode()).as(user).isEqualTo(403);
        }
        assertThat(WebSession.anonymous(port).get(path("")).statusCode()).isEqualTo(302);
        assertThat(counts()).isEqualTo(before);

        WebSession evaluator = WebSession.loggedIn(port, "ui-eva", PASSWORD);
        assertThat(evaluator.get("/workbench").body()).contains(path(""));
        HttpResponse<String> page = evaluator.get(path(""));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("单位与渠道导入", "清河区人民政府", "http://127.0.0.1:9/qinghe/", "ui-counties");
        assertThat(evaluator.get("/workbench/rounds/999999/units").statusCode()).isEqualTo(404);

        HttpResponse<byte[]> xlsx = evaluator.getBytes(path("/template.xlsx"));
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            assertThat(workbook.getSheetAt(0).getRow(0).getCell(0).getStringCellValue()).isEqualTo("单位代码");
            assertThat(workbook.getSheet("填写说明")).isNotNull();
            assertThat(workbook.getSheet("栏目").getRow(0).getCell(2).getStringCellValue()).isEqualTo("栏目类型");
        }
        HttpResponse<byte[]> csv = evaluator.getBytes(path("/template.csv"));
        assertThat(new String(csv.body(), StandardCharsets.UTF_8)).startsWith("\uFEFF单位代码,单位名称,单位类型,分组代码");
        HttpResponse<byte[]> columnsCsv = evaluator.getBytes(path("/template-columns.csv"));
        assertThat(columnsCsv.statusCode()).isEqualTo(200);
        assertThat(new String(columnsCsv.body(), StandardCharsets.UTF_8)).startsWith("\uFEFF单位代码,栏目名称,栏目类型,栏目网址");
        assertThat(page.body()).contains("栏目 CSV 模板", "栏目类型", "政策解读");
    }

    @Test
    @Order(2)
    void aFileWithBadRowsStoresNothingAndListsEveryBadRow() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "ui-eva", PASSWORD);
        List<Integer> before = counts();
        String bad = HEADER
                + "ui-a,甲县人民政府,区县政府,ui-counties,,,http://127.0.0.1:9/a/,,,\r\n"
                + ",乙县人民政府,区县政府,ui-counties,,,http://127.0.0.1:9/b/,,,\r\n"
                + "ui-c,丙局,部门,ui-departments,,,http://127.0.0.1:9/c/,,,\r\n"
                + "ui-a,丁县人民政府,区县政府,ui-counties,,,www.example.gov.cn,,,\r\n"
                + "ui-e,戊县人民政府,区县政府,ui-counties,,,http://127.0.0.1:9/qinghe/,,,\r\n";
        String page = upload(evaluator, "units.csv", bad.getBytes(StandardCharsets.UTF_8));
        assertThat(page).contains("导入未执行，未作任何修改：文件有 4 处错误",
                "第 3 行：单位代码为空",
                "第 4 行：分组「ui-departments」不存在；新建分组须同时填写分组名称",
                "第 5 行：单位代码「ui-a」与第 2 行重复；网站网址「www.example.gov.cn」不是有效的 http(s) 地址",
                "第 6 行：网站网址「http://127.0.0.1:9/qinghe/」已登记为单位「ui-qinghe」的渠道");
        assertThat(counts()).isEqualTo(before);

        // Files that are not unit lists at all are refused as such, and change nothing either.
        assertThat(upload(evaluator, "units.txt", bad.getBytes(StandardCharsets.UTF_8)))
                .contains("只能导入 xlsx 或 CSV 文件");
        assertThat(upload(evaluator, "units.xlsx", bad.getBytes(StandardCharsets.UTF_8)))
                .contains("文件不是有效的 xlsx 工作簿");
        assertThat(upload(evaluator, "units.csv", new byte[0])).contains("上传的文件是空的");
        assertThat(upload(evaluator, "units.csv", new byte[6 * 1024 * 1024])).contains("文件过大");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aGoodFileInGb18030IsStoredInOneGoAndAudited() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "ui-eva", PASSWORD);
        List<Integer> before = counts();
        String good = HEADER
                + "ui-qinghe,清河区人民政府,区县政府,ui-counties,,,http://127.0.0.1:9/qinghe/,清河发布,https://mp.weixin.qq.com/s/qh,\r\n"
                + "ui-yunshan,云山县人民政府,区县政府,ui-counties,区县政府,云山县门户网站,http://127.0.0.1:9/yunshan/,,,\r\n"
                + "ui-jiaoyu,市教育局,部门,ui-departments,市直部门,,http://127.0.0.1:9/jiaoyu/,,,\r\n";
        String page = upload(evaluator, "单位名单.csv", good.getBytes(Charset.forName("GB18030")));
        assertThat(page).contains("已导入 3 个单位（其中新登记 2 个）、4 个渠道、0 个栏目，新建分组 ui-departments",
                "云山县人民政府", "市直部门", "微信公众号 https://mp.weixin.qq.com/s/qh");
        assertThat(counts()).isEqualTo(List.of(before.get(0) + 2, before.get(1) + 1, before.get(2) + 3,
                before.get(3) + 2, before.get(4) + 3, before.get(5) + 1, before.get(6)));
        assertThat(dsl.select(UNIT_GROUP.CODE).from(ROUND_UNIT).join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID))
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(ROUND_UNIT.GROUP_ID))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId)).and(UNIT.CODE.eq("ui-jiaoyu")).fetchOne(UNIT_GROUP.CODE))
                .isEqualTo("ui-departments");
        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("UNITS_IMPORTED")).fetchSingle();
        assertThat(audit.getActor()).isEqualTo("ui-eva");
        assertThat(audit.getEntityId()).isEqualTo(String.valueOf(roundId));
        assertThat(audit.getAfterJson()).contains("\"ui-yunshan\"", "\"newGroups\":[\"ui-departments\"]", "单位名单.csv");

        // The same file again changes nothing but the log: units and channels are matched by code and URL.
        List<Integer> after = counts();
        assertThat(upload(evaluator, "单位名单.csv", good.getBytes(Charset.forName("GB18030"))))
                .contains("已导入 3 个单位（其中新登记 0 个）");
        assertThat(counts().subList(0, 5)).isEqualTo(after.subList(0, 5));
    }

    @Test
    @Order(4)
    void aBadColumnsListStoresNothingAndSaysWhatIsWrong() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "ui-eva", PASSWORD);
        List<Integer> before = counts();
        String units = HEADER
                + "ui-yunshan,云山县人民政府,区县政府,ui-counties,,,http://127.0.0.1:9/yunshan/,,,\r\n"
                + "ui-hanjiang,寒江县人民政府,区县政府,ui-counties,,,,寒江发布,https://mp.weixin.qq.com/s/hj,\r\n";
        String columns = COLUMN_HEADER
                + "ui-yunshan,政策文件,政策文件,http://127.0.0.1:9/yunshan/zcwj/\r\n"
                + "ui-nobody,政策解读,政策解读,http://127.0.0.1:9/nobody/zcjd/\r\n"
                + "ui-yunshan,领导之窗,领导,http://127.0.0.1:9/yunshan/ldzc/\r\n"
                + "ui-yunshan,预决算公开,政府信息公开,yunshan.gov.cn/yjs\r\n"
                + "ui-hanjiang,通知公告,通知公告,http://127.0.0.1:9/hanjiang/tzgg/\r\n";
        String page = upload(evaluator, "units.csv", units.getBytes(StandardCharsets.UTF_8), "栏目.csv",
                columns.getBytes(Charset.forName("GB18030")));
        assertThat(page).contains("导入未执行，未作任何修改：文件有 4 处错误",
                "栏目 第 3 行：单位代码「ui-nobody」不在本次导入的单位中",
                "栏目 第 4 行：栏目类型「领导」无法识别，应为工作动态、通知公告、政策文件、政策解读、政府信息公开、互动交流、其他之一",
                "栏目 第 5 行：栏目网址「yunshan.gov.cn/yjs」不是有效的 http(s) 地址",
                "栏目 第 6 行：单位「ui-hanjiang」在本次导入中没有填写网站网址：栏目只能属于网站");
        // The good units of that upload were not stored either: all or nothing.
        assertThat(counts()).isEqualTo(before);
        assertThat(dsl.fetchExists(UNIT, UNIT.CODE.eq("ui-hanjiang"))).isFalse();

        assertThat(upload(evaluator, "units.csv", units.getBytes(StandardCharsets.UTF_8), "栏目.csv", new byte[0]))
                .contains("栏目文件：上传的文件是空的");
        assertThat(upload(evaluator, "units.csv", units.getBytes(StandardCharsets.UTF_8), "栏目.csv",
                "单位代码,栏目\r\n".getBytes(StandardCharsets.UTF_8)))
                .contains("栏目 第 1 行：表头有误：无法识别的列「栏目」；缺少必填列「栏目名称」");
        // Columns alone cannot be imported: they belong to the units imported with them.
        assertThat(upload(evaluator, List.of(new WebSession.FilePart("file", "", new byte[0]),
                new WebSession.FilePart("columnsFile", "栏目.csv", columns.getBytes(StandardCharsets.UTF_8)))))
                .contains("栏目须与其所属单位一同导入");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void columnsImportedWithTheUnitsAreStoredOnTheirWebsitesWhereCheckersReadThem() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "ui-eva", PASSWORD);
        List<Integer> before = counts();
        // The evaluator fills in the workbook template as downloaded, the columns in its sheet 栏目.
        byte[] filled;
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(
                evaluator.getBytes(path("/template.xlsx")).body())); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fill(workbook.getSheet("单位与渠道"), List.of(
                    List.of("ui-yunshan", "云山县人民政府", "区县政府", "ui-counties", "", "云山县门户网站",
                            "http://127.0.0.1:9/yunshan/"),
                    List.of("ui-baiyang", "白杨县人民政府", "区县政府", "ui-counties", "", "", "http://127.0.0.1:9/baiyang/")));
            fill(workbook.getSheet("栏目"), List.of(
                    List.of("ui-yunshan", "政策文件", "政策文件", "http://127.0.0.1:9/yunshan/zcwj/"),
                    List.of("ui-yunshan", "政策解读", "政策解读", "http://127.0.0.1:9/yunshan/zcjd/"),
                    List.of("ui-yunshan", "领导之窗", "其他", "http://127.0.0.1:9/yunshan/ldzc/"),
                    List.of("ui-baiyang", "预决算公开", "政府信息公开", "http://127.0.0.1:9/baiyang/yjs/")));
            workbook.write(out);
            filled = out.toByteArray();
        }
        String page = upload(evaluator, "单位与栏目.xlsx", filled);
        assertThat(page).contains("已导入 2 个单位（其中新登记 1 个）、2 个渠道、4 个栏目",
                "领导之窗［其他］ http://127.0.0.1:9/yunshan/ldzc/", "预决算公开［政府信息公开］ http://127.0.0.1:9/baiyang/yjs/");
        assertThat(counts()).isEqualTo(List.of(before.get(0) + 1, before.get(1), before.get(2) + 1, before.get(3) + 1,
                before.get(4) + 1, before.get(5) + 1, before.get(6) + 4));

        // The round's website of 云山县 has them, as the checkers read a channel's columns.
        long yunshanSite = websiteOf("ui-yunshan");
        Captures captures = new Captures(dsl, evidence);
        assertThat(captures.columns(yunshanSite)).extracting(Captures.Column::name, Captures.Column::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("政策文件", "POLICY"),
                        org.assertj.core.groups.Tuple.tuple("政策解读", "INTERPRETATION"),
                        org.assertj.core.groups.Tuple.tuple("领导之窗", "OTHER"));
        assertThat(captures.columns(websiteOf("ui-baiyang"))).singleElement()
                .satisfies(c -> assertThat(c.url()).isEqualTo("http://127.0.0.1:9/baiyang/yjs/"));
        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("UNITS_IMPORTED"))
                .orderBy(AUDIT_LOG.ID.desc()).limit(1).fetchSingle();
        assertThat(audit.getAfterJson()).contains("\"columns\":4", "单位与栏目.xlsx");

        // CSV: the same unit list with a separate columns file in GB18030. Columns are matched by URL: the
        // policy column is renamed and retyped in place, the others stay, a new one is added.
        String units = HEADER + "ui-yunshan,云山县人民政府,区县政府,ui-counties,,云山县门户网站,http://127.0.0.1:9/yunshan/,,,\r\n";
        String columns = COLUMN_HEADER
                + "ui-yunshan,规范性文件,政策文件,http://127.0.0.1:9/yunshan/zcwj/\r\n"
                + "ui-yunshan,政民互动,互动交流,http://127.0.0.1:9/yunshan/zmhd/\r\n";
        assertThat(upload(evaluator, "units.csv", units.getBytes(StandardCharsets.UTF_8), "栏目.csv",
                columns.getBytes(Charset.forName("GB18030"))))
                .contains("已导入 1 个单位（其中新登记 0 个）、1 个渠道、2 个栏目");
        assertThat(captures.columns(yunshanSite)).extracting(Captures.Column::name, Captures.Column::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("规范性文件", "POLICY"),
                        org.assertj.core.groups.Tuple.tuple("政策解读", "INTERPRETATION"),
                        org.assertj.core.groups.Tuple.tuple("领导之窗", "OTHER"),
                        org.assertj.core.groups.Tuple.tuple("政民互动", "INTERACTION"));
        audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("UNITS_IMPORTED"))
                .orderBy(AUDIT_LOG.ID.desc()).limit(1).fetchSingle();
        assertThat(audit.getAfterJson()).contains("\"columnsFile\":\"栏目.csv\"", "\"columns\":2");
        assertThat(audit.getReason()).isEqualTo("从文件导入单位与渠道：units.csv，栏目：栏目.csv");

        // Selector columns give the website its extraction profile, shown on the page and stored with the channel;
        // a list without them leaves the profile as it is, and a bad selector refuses the file, changing nothing.
        // The same row gives the website crawl limits of its own, shown beside the profile.
        String profiled = HEADER.replace("\r\n", ",列表项选择器,列表日期选择器,下一页选择器,每栏目列表页上限,抓取间隔（毫秒）\r\n")
                + "ui-yunshan,云山县人民政府,区县政府,ui-counties,,云山县门户网站,http://127.0.0.1:9/yunshan/,,,,"
                + "div.news-list dl,dd.time,div.pagination a,200,3000\r\n";
        assertThat(upload(evaluator, "units.csv", profiled.getBytes(StandardCharsets.UTF_8)))
                .contains("已导入 1 个单位", "（抽取配置：列表项选择器 div.news-list dl；列表日期选择器 dd.time；下一页选择器 "
                        + "div.pagination a）", "（抓取上限：每栏目列表页上限 200 页；抓取间隔 3000 毫秒）");
        assertThat(dsl.select(CHANNEL.CRAWL_MAX_LIST_PAGES, CHANNEL.CRAWL_DELAY_MS, CHANNEL.CRAWL_MAX_DEPTH)
                .from(CHANNEL).where(CHANNEL.ID.eq(yunshanSite)).fetchSingle().intoList()).containsExactly(200, 3000, null);
        assertThat(upload(evaluator, "units.csv", profiled.replace(",200,3000", ",两百,3000")
                .getBytes(StandardCharsets.UTF_8))).contains("每栏目列表页上限须为 1 到 10000 之间的整数，实际为「两百」");
        assertThat(dsl.select(CHANNEL.CRAWL_MAX_LIST_PAGES).from(CHANNEL).where(CHANNEL.ID.eq(yunshanSite))
                .fetchSingle(CHANNEL.CRAWL_MAX_LIST_PAGES)).isEqualTo(200);
        String stored = dsl.select(CHANNEL.EXTRACTION_PROFILE).from(CHANNEL).where(CHANNEL.ID.eq(yunshanSite))
                .fetchSingle(CHANNEL.EXTRACTION_PROFILE);
        assertThat(cn.gongkai.crawler.extract.ExtractionProfile.fromJson(stored)).get()
                .satisfies(p -> assertThat(p.itemDate()).isEqualTo("dd.time"));
        assertThat(upload(evaluator, "units.csv", units.getBytes(StandardCharsets.UTF_8))).contains("已导入 1 个单位");
        String bad = profiled.replace("dd.time", "dd.time[");
        assertThat(upload(evaluator, "units.csv", bad.getBytes(StandardCharsets.UTF_8)))
                .contains("列表日期选择器（itemDate）不是有效的 CSS 选择器");
        assertThat(dsl.select(CHANNEL.EXTRACTION_PROFILE).from(CHANNEL).where(CHANNEL.ID.eq(yunshanSite))
                .fetchSingle(CHANNEL.EXTRACTION_PROFILE)).isEqualTo(stored);
        if (Browser.available()) {
            try (Browser browser = new Browser(port)) {
                browser.login("ui-eva", PASSWORD);
                for (int width : new int[] {1440, 390}) {
                    browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 1000));
                    browser.open(path(""));
                    assertThat(browser.driver.findElement(org.openqa.selenium.By.tagName("main")).getText())
                            .contains("抽取配置：列表项选择器 div.news-list dl", "抓取上限：每栏目列表页上限 200 页");
                    // Nothing on the page is wider than the phone's screen but the tables, which scroll.
                    Number overflow = (Number) browser.script(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    assertThat(overflow.intValue()).as("horizontal overflow at " + width + " px").isLessThanOrEqualTo(0);
                    browser.script("var t = document.querySelectorAll('table'); t[t.length - 1].scrollIntoView();");
                    browser.screenshot("round-units-profile-" + width);
                }
            }
        }
    }

    private long websiteOf(String unitCode) {
        return dsl.select(CHANNEL.ID).from(CHANNEL).join(UNIT).on(UNIT.ID.eq(CHANNEL.UNIT_ID))
                .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .where(UNIT.CODE.eq(unitCode), CHANNEL.KIND.eq("WEBSITE"), ROUND_CHANNEL.ROUND_ID.eq(roundId))
                .fetchSingle(CHANNEL.ID);
    }

    private static void fill(Sheet sheet, List<List<String>> rows) {
        for (int r = 0; r < rows.size(); r++) {
            Row row = sheet.createRow(r + 1);
            for (int c = 0; c < rows.get(r).size(); c++) {
                row.createCell(c).setCellValue(rows.get(r).get(c));
            }
        }
    }

    @Test
    @Order(6)
    void aRoundNoLongerInDraftTakesNoUnits() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "ui-eva", PASSWORD);
        // Once the round is captured its units are fixed.
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, "REVIEWING")
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
        String late = HEADER + "ui-late,晚到县,区县政府,ui-counties,,,http://127.0.0.1:9/late/,,,\r\n";
        assertThat(upload(evaluator, "units.csv", late.getBytes(StandardCharsets.UTF_8)))
                .contains("只有草稿阶段的轮次才能导入单位和渠道");
        assertThat(dsl.fetchExists(UNIT, UNIT.CODE.eq("ui-late"))).isFalse();
    }

    @Test
    @Order(7)
    void anEvaluatorCreatesADraftRoundFromTheWorkbenchAndOthersCannot() throws Exception {
        String definition = """
                name: 工作台新建轮次
                indicatorSystem: default
                period: {start: 2026-10-01, end: 2026-12-31}
                groups:
                  - code: ui-new-counties
                    name: 区县政府
                    unitType: COUNTY_GOVERNMENT
                """;
        String form = "definition=" + java.net.URLEncoder.encode(definition, StandardCharsets.UTF_8);
        int rounds = dsl.fetchCount(ASSESSMENT_ROUND);
        for (String user : List.of("ui-lead", "ui-county")) {
            assertThat(WebSession.loggedIn(port, user, PASSWORD).post("/workbench/rounds", form).statusCode())
                    .as(user).isEqualTo(403);
        }
        assertThat(dsl.fetchCount(ASSESSMENT_ROUND)).isEqualTo(rounds);

        WebSession evaluator = WebSession.loggedIn(port, "ui-eva", PASSWORD);
        assertThat(evaluator.get("/workbench").body()).contains("新建评估轮次");
        // A definition that cannot be used is refused with what to fix, in Chinese, and stores nothing.
        for (String bad : List.of("name: 缺少分组\nindicatorSystem: default\n",
                "name: 未知体系\nindicatorSystem: no-such-system\ngroups: [{code: g, name: g, unitType: TOWNSHIP}]\n",
                "name: [未闭合\n")) {
            HttpResponse<String> refused = evaluator.post("/workbench/rounds",
                    "definition=" + java.net.URLEncoder.encode(bad, StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).isEqualTo(302);
            assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/workbench#new-round-yaml");
            assertThat(evaluator.get("/workbench").body()).as(bad).contains("未能新建评估轮次");
        }
        assertThat(dsl.fetchCount(ASSESSMENT_ROUND)).isEqualTo(rounds);

        HttpResponse<String> created = evaluator.post("/workbench/rounds", form);
        assertThat(created.statusCode()).isEqualTo(302);
        var round = dsl.selectFrom(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.NAME.eq("工作台新建轮次")).fetchSingle();
        assertThat(round.getStatus()).isEqualTo("DRAFT");
        assertThat(created.headers().firstValue("Location").orElseThrow())
                .endsWith("/workbench/rounds/" + round.getId() + "/units");
        assertThat(evaluator.get("/workbench/rounds/" + round.getId() + "/units").body())
                .contains("已新建评估轮次「工作台新建轮次」（草稿）");
        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("ROUND_CREATED"),
                AUDIT_LOG.ENTITY_ID.eq(String.valueOf(round.getId()))).fetchSingle();
        assertThat(audit.getActor()).isEqualTo("ui-eva");
    }
}
