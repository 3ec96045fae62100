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

    private static RoundDefinition withChannel(String channel) {
        return RoundDefinition.parse("""
                name: 测试轮次
                indicatorSystem: default
                groups:
                  - code: counties
                    name: 区县政府
                    unitType: COUNTY_GOVERNMENT
                    units:
                      - code: qinghe
                        name: 清河区人民政府
                        channels:
                """ + channel.indent(10), null);
    }

    @Test
    void aWebsiteMayCarryAnExtractionProfileOfCssSelectors() {
        RoundDefinition d = withChannel("""
                - kind: WEBSITE
                  url: http://www.qinghe.gov.cn/
                  profile:
                    listItem: "div.wjlb > div.wj"
                    itemDate: span.fb
                    nextPage: "div.fy a.fy-r"
                """);
        RoundDefinition.Channel website = d.groups().getFirst().units().getFirst().channels().getFirst();
        assertThat(website.extractionProfile()).get().satisfies(p -> {
            assertThat(p.listItem()).isEqualTo("div.wjlb > div.wj");
            assertThat(p.itemDate()).isEqualTo("span.fb");
            assertThat(p.nextPage()).isEqualTo("div.fy a.fy-r");
            assertThat(p.articleBody()).isNull();
        });
    }

    @Test
    void aBadSelectorAnUnknownKeyOrAProfileOnAWechatAccountIsRefusedNamingIt() {
        assertThatThrownBy(() -> withChannel("""
                - kind: WEBSITE
                  url: http://www.qinghe.gov.cn/
                  profile: {listItem: "ul.list li[", date: "span"}
                - kind: WECHAT
                  url: https://mp.weixin.qq.com/s/abc
                  profile: {articleBody: "#js_content"}
                """))
                .isInstanceOf(RoundDefinitionException.class)
                .hasMessageContaining("列表项选择器（listItem）不是有效的 CSS 选择器：“ul.list li[”")
                .hasMessageContaining("未知的抽取配置项“date”")
                .hasMessageContaining("抽取配置（profile）只适用于网站（WEBSITE）渠道");
    }
}
