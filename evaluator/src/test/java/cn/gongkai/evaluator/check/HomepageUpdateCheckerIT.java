package cn.gongkai.evaluator.check;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition;
import cn.gongkai.evaluator.catalog.IndicatorSystemStore;
import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.crawler.warc.WarcFileWriter;
import cn.gongkai.crawler.warc.WarcLocation;
import cn.gongkai.sql.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 首页更新 on captured homepages: fresh passes, stale fails with its evidence, and a homepage not read (a failed fetch,
 * a wall, a list in markup or scripts the extractor does not recognise) is UNCERTAIN, never FAIL; with no dated item
 * anywhere, only a recognised list (undated entries, or a stated empty list) counts as not updated.
 */
class HomepageUpdateCheckerIT {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);
    private final DSLContext dsl = TestDatabase.get().dsl();
    private long roundId;
    private long groupId;

    @TempDir
    Path warc;
    private WarcFileWriter writer;

    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        IndicatorSystemStore store = new IndicatorSystemStore(dsl);
        long systemId = store.install(IndicatorSystemDefinition.seed("foundation"));
        assertThat(store.install(IndicatorSystemDefinition.seed("foundation"))).isEqualTo(systemId);
        roundId = dsl.insertInto(ASSESSMENT_ROUND, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.PERIOD_START,
                        ASSESSMENT_ROUND.PERIOD_END, ASSESSMENT_ROUND.REFERENCE_DATE,
                        ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, ASSESSMENT_ROUND.STATUS, ASSESSMENT_ROUND.CONFIG_YAML,
                        ASSESSMENT_ROUND.CREATED_AT)
                .values("测试", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), TODAY, systemId, "CAPTURING",
                        "{}", LocalDateTime.now())
                .returning(ASSESSMENT_ROUND.ID).fetchOne().getId();
        dsl.insertInto(ROUND_POINT, ROUND_POINT.ROUND_ID, ROUND_POINT.POINT_ID)
                .values(roundId, store.pointIds(systemId).get("homepage-update")).execute();
        groupId = dsl.insertInto(UNIT_GROUP, UNIT_GROUP.CODE, UNIT_GROUP.NAME, UNIT_GROUP.UNIT_TYPE)
                .values("c", "区县政府", "COUNTY_GOVERNMENT").returning(UNIT_GROUP.ID).fetchOne().getId();
        writer = new WarcFileWriter(warc, roundId, WarcFileWriter.DEFAULT_ROTATE_BYTES);
    }

    @AfterEach
    void closeWarc() throws IOException {
        writer.close();
    }

    @Test
    void freshPassesStaleFailsWithEvidenceAndFetchFailureIsUncertain() {
        long fresh = unitWithHomepage("fresh", "OK", TODAY.minusDays(3));
        long stale = unitWithHomepage("stale", "OK", TODAY.minusDays(30));
        long borderline = unitWithHomepage("edge", "OK", TODAY.minusDays(14));
        long unreachable = unitWithHomepage("down", "FAILED", null);
        long neverCaptured = unitWithoutCapture("none");

        RoundChecker checker = RoundChecker.withDefaultCheckers(dsl, new EvidenceStore(warc));
        assertThat(checker.check(roundId)).isEqualTo(5);

        assertThat(status(fresh)).isEqualTo("PASS");
        assertThat(status(borderline)).isEqualTo("PASS");
        assertThat(status(stale)).isEqualTo("FAIL");
        assertThat(message(stale)).contains("已 30 天").contains("超过 14 天");
        assertThat(evidenceCount(stale)).isEqualTo(1);
        assertThat(status(unreachable)).isEqualTo("UNCERTAIN");
        assertThat(status(neverCaptured)).isEqualTo("UNCERTAIN");

        List<String> before = dsl.select(FINDING.STATUS, FINDING.MESSAGE).from(FINDING).orderBy(FINDING.ID).fetch()
                .map(r -> r.value1() + r.value2());
        checker.check(roundId);
        List<String> after = dsl.select(FINDING.STATUS, FINDING.MESSAGE).from(FINDING).orderBy(FINDING.ID).fetch()
                .map(r -> r.value1() + r.value2());
        assertThat(after).isEqualTo(before);
        assertThat(dsl.fetchCount(FINDING_EVIDENCE)).isEqualTo(4);
    }

    @Test
    void noDatedItemFailsOnlyWhereTheHomepageListWasRecognised() throws IOException {
        // Nothing dated anywhere in the channel: the homepage's own list decides whether that was read.
        long empty = unitWithPage("empty", """
                <div class="main"><h2>最新动态</h2><ul class="list"><li class="empty">暂无信息</li></ul></div>""");
        long undated = unitWithPage("undated", """
                <div class="main"><ul class="list">
                <li><a href="/gzdt/1.html">县政府召开第十二次常务会议研究部署冬季安全生产工作</a></li>
                <li><a href="/gzdt/2.html">县领导赴乡镇督导检查秋冬季森林防火工作</a></li>
                <li><a href="/gzdt/3.html">全县农村人居环境整治现场推进会召开</a></li></ul></div>""");
        // dates and links in div rows, as many CMS templates write them: no list recognised, nothing read
        long divList = unitWithPage("divlist", """
                <div class="main"><div class="news"><div class="row"><a href="/gzdt/1.html">县政府召开第十二次常务会议</a>
                <span>2026-11-20</span></div><div class="row"><a href="/gzdt/2.html">县领导督导森林防火工作</a>
                <span>2026-11-18</span></div></div></div>""");
        // a list written by script, as TRS and Hanweb pages do
        long scripted = unitWithPage("scripted", """
                <div id="list"></div><script>var items=[{"t":"县政府召开第十二次常务会议","d":"2026-11-20"}];
                document.getElementById('list').innerHTML=items.map(function(i){return '<li>'+i.t+'</li>'}).join('');
                </script>""");
        long blocked = unitWithHomepage("blocked", "BLOCKED", null);

        RoundChecker.withDefaultCheckers(dsl, new EvidenceStore(warc)).check(roundId);

        assertThat(status(empty)).isEqualTo("FAIL");
        assertThat(message(empty)).contains("暂无信息");
        assertThat(evidenceCount(empty)).isEqualTo(1);
        assertThat(status(undated)).isEqualTo("FAIL");
        assertThat(message(undated)).contains("无日期的信息视为未更新").contains("3 条信息均无发布日期");
        for (long unit : List.of(divList, scripted)) {
            assertThat(status(unit)).isEqualTo("UNCERTAIN");
            assertThat(message(unit)).startsWith("未识别出栏目列表");
            // the capture is the evidence a person opens to judge it
            assertThat(evidenceCount(unit)).isEqualTo(1);
        }
        assertThat(status(blocked)).isEqualTo("UNCERTAIN");
        assertThat(message(blocked)).contains("反爬虫防护拦截：瑞数");
    }

    @Test
    void aSiteProfileReadsTheListTheGenericReadingLeftUnrecognised() throws IOException {
        String twoRows = """
                <div class="main"><div class="news"><div class="row"><a href="/gzdt/1.html">县政府召开第十二次常务会议</a>
                <span>2026-11-20</span></div><div class="row"><a href="/gzdt/2.html">县领导督导森林防火工作</a>
                <span>2026-11-18</span></div></div></div>""";
        long plain = unitWithPage("plain", twoRows);
        long profiled = unitWithPage("profiled", twoRows);
        dsl.update(CHANNEL).set(CHANNEL.EXTRACTION_PROFILE,
                        cn.gongkai.crawler.extract.ExtractionProfile.of(Map.of("listItem", "div.news > div.row")).toJson())
                .where(CHANNEL.UNIT_ID.eq(profiled)).execute();

        RoundChecker.withDefaultCheckers(dsl, new EvidenceStore(warc)).check(roundId);

        assertThat(status(plain)).isEqualTo("UNCERTAIN");
        assertThat(status(profiled)).isEqualTo("PASS");
        assertThat(message(profiled)).contains("2026-11-20");
    }

    private long unitWithoutCapture(String code) {
        long unit = dsl.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE).values(code, code, "COUNTY_GOVERNMENT")
                .returning(UNIT.ID).fetchOne().getId();
        dsl.insertInto(ROUND_UNIT, ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID)
                .values(roundId, unit, groupId).execute();
        long channel = dsl.insertInto(CHANNEL, CHANNEL.UNIT_ID, CHANNEL.KIND, CHANNEL.NAME, CHANNEL.URL)
                .values(unit, "WEBSITE", code, "http://" + code + ".example.gov.cn/")
                .returning(CHANNEL.ID).fetchOne().getId();
        dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(roundId, channel).execute();
        return unit;
    }

    private long unitWithHomepage(String code, String captureStatus, LocalDate newestItem) {
        long unit = unitWithoutCapture(code);
        long channel = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.UNIT_ID.eq(unit)).fetchOne(CHANNEL.ID);
        long capture = dsl.insertInto(CAPTURE)
                .set(CAPTURE.ROUND_ID, roundId)
                .set(CAPTURE.CHANNEL_ID, channel)
                .set(CAPTURE.URL, "http://" + code + ".example.gov.cn/")
                .set(CAPTURE.URL_HASH, "x".repeat(64))
                .set(CAPTURE.CAPTURED_AT, LocalDateTime.of(2026, 11, 29, 1, 0))
                .set(CAPTURE.STATUS, captureStatus)
                .set(CAPTURE.HTTP_STATUS, "BLOCKED".equals(captureStatus) ? 412 : null)
                .set(CAPTURE.ERROR, switch (captureStatus) {
                    case "OK" -> null;
                    case "BLOCKED" -> "反爬虫防护拦截：瑞数动态安全 JavaScript 验证（HTTP 412），抓取程序无法执行验证，未取得页面内容";
                    default -> "连接超时";
                })
                .returning(CAPTURE.ID).fetchOne().getId();
        if (newestItem != null) {
            for (int i = 0; i < 3; i++) {
                dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE,
                                EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE)
                        .values(capture, "LIST_ITEM", "信息" + i, "http://" + code + ".example.gov.cn/a" + i,
                                newestItem.minusDays(i * 7L))
                        .execute();
            }
        }
        return unit;
    }

    /** A homepage captured as the crawler leaves it: the page in WARC, no dated item extracted from it. */
    private long unitWithPage(String code, String main) throws IOException {
        long unit = unitWithoutCapture(code);
        long channel = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.UNIT_ID.eq(unit)).fetchOne(CHANNEL.ID);
        URI uri = URI.create("http://" + code + ".example.gov.cn/");
        byte[] body = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + code + "县人民政府</title></head>"
                + "<body><div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/xxgk/\">政务公开</a></li>"
                + "</ul></div>" + main + "<div class=\"footer\">主办：" + code + "县人民政府办公室</div></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        Instant at = LocalDateTime.of(2026, 11, 29, 1, 0).toInstant(ZoneOffset.UTC);
        FetchResult fetch = new FetchResult(uri, at, null, Map.of("User-Agent", List.of("gongkai-test")), 200,
                Map.of("Content-Type", List.of("text/html; charset=utf-8")), body, false, 12, null);
        WarcLocation location = writer.write(fetch).orElseThrow();
        dsl.insertInto(CAPTURE)
                .set(CAPTURE.ROUND_ID, roundId)
                .set(CAPTURE.CHANNEL_ID, channel)
                .set(CAPTURE.URL, uri.toString())
                .set(CAPTURE.URL_HASH, "x".repeat(64))
                .set(CAPTURE.CAPTURED_AT, LocalDateTime.ofInstant(at, ZoneOffset.UTC))
                .set(CAPTURE.STATUS, "OK")
                .set(CAPTURE.HTTP_STATUS, 200)
                .set(CAPTURE.CONTENT_TYPE, "text/html; charset=utf-8")
                .set(CAPTURE.WARC_FILE, location.warcFile())
                .set(CAPTURE.WARC_OFFSET, location.offset())
                .set(CAPTURE.WARC_LENGTH, location.length())
                .set(CAPTURE.PAYLOAD_DIGEST, location.payloadDigest())
                .set(CAPTURE.PAYLOAD_LENGTH, location.payloadLength())
                .execute();
        return unit;
    }

    private String status(long unit) {
        return dsl.select(FINDING.STATUS).from(FINDING).where(FINDING.UNIT_ID.eq(unit)).fetchOne(FINDING.STATUS);
    }

    private String message(long unit) {
        return dsl.select(FINDING.MESSAGE).from(FINDING).where(FINDING.UNIT_ID.eq(unit)).fetchOne(FINDING.MESSAGE);
    }

    private int evidenceCount(long unit) {
        return dsl.fetchCount(FINDING_EVIDENCE.join(FINDING).on(FINDING.ID.eq(FINDING_EVIDENCE.FINDING_ID)),
                FINDING.UNIT_ID.eq(unit));
    }
}
