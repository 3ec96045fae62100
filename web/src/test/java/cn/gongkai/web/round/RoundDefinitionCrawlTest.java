package cn.gongkai.web.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The round's crawl limits in the round YAML: the {@code crawl} block, the older {@code crawlDelayMs}, bad values. */
class RoundDefinitionCrawlTest {

    private static final String GROUPS = """
            groups:
              - code: counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
            """;

    private static RoundDefinition parse(String crawl) {
        return RoundDefinition.parse("name: 测试轮次\nindicatorSystem: default\n" + crawl + GROUPS, null);
    }

    @Test
    void theCrawlBlockSetsDepthBudgetsAndDelay() {
        RoundDefinition d = parse("""
                crawl: {maxDepth: 3, maxPagesPerChannel: 8000, maxListPagesPerColumn: 80, delayMs: 1500}
                """);
        assertThat(d.crawl().maxDepth()).isEqualTo(3);
        assertThat(d.crawl().maxPagesPerChannel()).isEqualTo(8000);
        assertThat(d.crawl().maxListPagesPerColumn()).isEqualTo(80);
        assertThat(d.effectiveCrawlDelayMs()).isEqualTo(1500);
    }

    @Test
    void theOlderCrawlDelayKeyStillWorksAndNothingSetMeansDefaults() {
        assertThat(parse("crawlDelayMs: 250\n").effectiveCrawlDelayMs()).isEqualTo(250);
        RoundDefinition none = parse("");
        assertThat(none.crawl()).isNull();
        assertThat(none.effectiveCrawlDelayMs()).isEqualTo(1000);
        // a partial block leaves the rest to the crawler's defaults
        RoundDefinition partial = parse("crawl: {maxListPagesPerColumn: 20}\ncrawlDelayMs: 300\n");
        assertThat(partial.crawl().maxDepth()).isNull();
        assertThat(partial.crawl().maxPagesPerChannel()).isNull();
        assertThat(partial.effectiveCrawlDelayMs()).isEqualTo(300);
    }

    @Test
    void outOfRangeOrConflictingValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> parse("""
                crawl: {maxDepth: -1, maxPagesPerChannel: 0, maxListPagesPerColumn: 20000, delayMs: 70000}
                """))
                .isInstanceOf(RoundDefinitionException.class)
                .hasMessageContaining("抓取深度（crawl.maxDepth）须在 0 到 10之间，实际为 -1")
                .hasMessageContaining("每渠道网址上限（crawl.maxPagesPerChannel）须在 1 到 200000 个之间，实际为 0")
                .hasMessageContaining("每栏目列表页上限（crawl.maxListPagesPerColumn）须在 1 到 10000 页之间")
                .hasMessageContaining("抓取间隔（crawl.delayMs）须在 0 到 60000 毫秒之间");
        assertThatThrownBy(() -> parse("crawlDelayMs: 100\ncrawl: {delayMs: 200}\n"))
                .isInstanceOf(RoundDefinitionException.class)
                .hasMessageContaining("crawlDelayMs 为 100，crawl.delayMs 为 200");
        assertThatThrownBy(() -> parse("crawl: {maxPages: 10}\n"))
                .isInstanceOf(RoundDefinitionException.class)
                .hasMessageContaining("无法解析");
    }
}
