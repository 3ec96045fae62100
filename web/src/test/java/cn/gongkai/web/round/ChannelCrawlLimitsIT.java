package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.sql.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A website's own crawl limits stored on the real database, from the round YAML and from the unit sheet: limits given
 * replace the stored four (a limit left out back to NULL, the round's), a definition or row without any leaves them.
 */
class ChannelCrawlLimitsIT {

    private static final String SITE = "http://127.0.0.1:9/cl-qinghe/";
    private static final String ROUND = """
            name: 网站抓取上限测试
            indicatorSystem: foundation
            groups:
              - code: cl-counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
                units:
                  - code: cl-qinghe
                    name: 清河区人民政府
                    channels:
            """;

    private final DSLContext dsl = TestDatabase.get().dsl();
    private final RoundImporter importer = new RoundImporter(dsl);

    @BeforeEach
    void empty() {
        TestDatabase.get().reset();
    }

    private long importRound(String channels) {
        String yaml = ROUND + channels.indent(10);
        return importer.importRound(RoundDefinition.parse(yaml, null), yaml);
    }

    /** The four stored limits of a channel of cl-qinghe: depth, URLs per channel, list pages, delay. */
    private List<Object> stored(String kind, String url) {
        return dsl.select(CHANNEL.CRAWL_MAX_DEPTH, CHANNEL.CRAWL_MAX_PAGES_PER_CHANNEL,
                        CHANNEL.CRAWL_MAX_LIST_PAGES, CHANNEL.CRAWL_DELAY_MS).from(CHANNEL)
                .join(UNIT).on(UNIT.ID.eq(CHANNEL.UNIT_ID))
                .where(UNIT.CODE.eq("cl-qinghe"), CHANNEL.KIND.eq(kind), CHANNEL.URL.eq(url))
                .fetchSingle().intoList();
    }

    @Test
    void limitsFromTheRoundYamlAreStoredKeptByADefinitionWithoutThemAndReplacedByOneWithThem() {
        importRound("""
                - kind: WEBSITE
                  url: %s
                  crawl: {maxDepth: 3, maxListPagesPerColumn: 200, delayMs: 3000}
                - kind: WECHAT
                  url: https://mp.weixin.qq.com/s/cl-qinghe
                """.formatted(SITE));
        assertThat(stored("WEBSITE", SITE)).containsExactly(3, null, 200, 3000);
        assertThat(stored("WECHAT", "https://mp.weixin.qq.com/s/cl-qinghe")).containsExactly(null, null, null, null);

        // The next round names the same website without limits: the stored ones stay.
        importRound("""
                - kind: WEBSITE
                  url: %s
                """.formatted(SITE));
        assertThat(stored("WEBSITE", SITE)).containsExactly(3, null, 200, 3000);

        // One with limits replaces all four: those it leaves out go back to the round's.
        importRound("""
                - kind: WEBSITE
                  url: %s
                  crawl: {maxPagesPerChannel: 8000}
                """.formatted(SITE));
        assertThat(stored("WEBSITE", SITE)).containsExactly(null, 8000, null, null);

        // An empty block gives every limit back to the round.
        importRound("""
                - kind: WEBSITE
                  url: %s
                  crawl: {}
                """.formatted(SITE));
        assertThat(stored("WEBSITE", SITE)).containsExactly(null, null, null, null);
    }

    @Test
    void limitsFromTheUnitSheetAreStoredTheSameWayAndShownOnTheImportPage() {
        long roundId = importRound("""
                - kind: WEBSITE
                  url: %s
                  crawl: {maxDepth: 3, delayMs: 3000}
                """.formatted(SITE));
        UnitImport units = new UnitImport(dsl);
        String header = "单位代码,单位名称,单位类型,分组代码,网站网址,抓取深度,每渠道网址上限,每栏目列表页上限,抓取间隔（毫秒）\r\n";

        // A row without limits leaves the website's as the round definition stored them.
        units.importFile("cl-eva", roundId, "units.csv", (header
                + "cl-qinghe,清河区人民政府,区县政府,cl-counties," + SITE + ",,,,\r\n").getBytes(StandardCharsets.UTF_8),
                null, null);
        assertThat(stored("WEBSITE", SITE)).containsExactly(3, null, null, 3000);

        // A row with limits replaces the four; a new website is stored with its limits at once.
        units.importFile("cl-eva", roundId, "units.csv", (header
                + "cl-qinghe,清河区人民政府,区县政府,cl-counties," + SITE + ",,8000,200.0,\r\n"
                + "cl-yunshan,云山县人民政府,区县政府,cl-counties,http://127.0.0.1:9/cl-yunshan/,1,,,5000\r\n")
                .getBytes(StandardCharsets.UTF_8), null, null);
        assertThat(stored("WEBSITE", SITE)).containsExactly(null, 8000, 200, null);
        assertThat(dsl.select(CHANNEL.CRAWL_MAX_DEPTH, CHANNEL.CRAWL_DELAY_MS).from(CHANNEL)
                .where(CHANNEL.URL.eq("http://127.0.0.1:9/cl-yunshan/")).fetchSingle().intoList())
                .containsExactly(1, 5000);

        assertThat(units.units(roundId)).extracting(UnitImport.RoundUnit::code, UnitImport.RoundUnit::channels)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("cl-qinghe", List.of("网站 " + SITE
                                + "（抓取上限：每渠道网址上限 8000 个；每栏目列表页上限 200 页）")),
                        org.assertj.core.groups.Tuple.tuple("cl-yunshan", List.of("网站 http://127.0.0.1:9/cl-yunshan/"
                                + "（抓取上限：抓取深度 1；抓取间隔 5000 毫秒）")));
    }
}
