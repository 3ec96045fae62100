package cn.gongkai.web.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
                .hasMessageContaining("抓取深度（crawl.maxDepth）须在 0 到 10 之间，实际为 -1")
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

    @Test
    void aWebsiteMayCarryItsOwnCrawlLimitsAndLeavesTheRestToTheRound() {
        RoundDefinition d = withChannel("""
                - kind: WEBSITE
                  url: http://www.qinghe.gov.cn/
                  crawl:
                    maxListPagesPerColumn: 200
                    delayMs: 3000
                - kind: WEBSITE
                  url: http://www.qinghe.gov.cn/en/
                - kind: WECHAT
                  url: https://mp.weixin.qq.com/s/abc
                """);
        List<RoundDefinition.Channel> channels = d.groups().getFirst().units().getFirst().channels();
        assertThat(channels.get(0).crawl()).isEqualTo(new RoundDefinition.Crawl(null, null, 200, 3000));
        // None given: the channel's stored limits stay as they are (see RoundImporter).
        assertThat(channels.get(1).crawl()).isNull();
        assertThat(channels.get(2).crawl()).isNull();
        // The round's own limits are not touched by a website's.
        assertThat(d.crawl()).isNull();
        assertThat(d.effectiveCrawlDelayMs()).isEqualTo(1000);
    }

    @Test
    void aWebsitesLimitsOutOfRangeOrOnAWechatAccountAreRefusedNamingTheUnitAndChannel() {
        assertThatThrownBy(() -> withChannel("""
                - kind: WEBSITE
                  url: http://www.qinghe.gov.cn/
                  crawl: {maxDepth: 11, maxPagesPerChannel: 0, maxListPagesPerColumn: 10001, delayMs: -1}
                - kind: WECHAT
                  url: https://mp.weixin.qq.com/s/abc
                  crawl: {delayMs: 2000}
                """))
                .isInstanceOf(RoundDefinitionException.class)
                .hasMessageStartingWith("轮次定义有 5 处错误")
                .hasMessageContaining("单位 qinghe 的渠道 http://www.qinghe.gov.cn/ 的抓取深度（crawl.maxDepth）须在 0 到 10 之间，"
                        + "实际为 11")
                .hasMessageContaining("单位 qinghe 的渠道 http://www.qinghe.gov.cn/ 的每渠道网址上限（crawl.maxPagesPerChannel）"
                        + "须在 1 到 200000 个之间，实际为 0")
                .hasMessageContaining("单位 qinghe 的渠道 http://www.qinghe.gov.cn/ 的每栏目列表页上限（crawl.maxListPagesPerColumn）"
                        + "须在 1 到 10000 页之间，实际为 10001")
                .hasMessageContaining("单位 qinghe 的渠道 http://www.qinghe.gov.cn/ 的抓取间隔（crawl.delayMs）须在 0 到 60000 毫秒"
                        + "之间，实际为 -1")
                .hasMessageContaining("单位 qinghe 的渠道 https://mp.weixin.qq.com/s/abc 的抓取上限（crawl）只适用于网站（WEBSITE）"
                        + "渠道");
        // The edges of each range are allowed.
        assertThat(withChannel("""
                - kind: WEBSITE
                  url: http://www.qinghe.gov.cn/
                  crawl: {maxDepth: 0, maxPagesPerChannel: 200000, maxListPagesPerColumn: 1, delayMs: 60000}
                """).groups().getFirst().units().getFirst().channels().getFirst().crawl())
                .isEqualTo(new RoundDefinition.Crawl(0, 200_000, 1, 60_000));
    }

    @Test
    void aMisspeltKeyInAWebsitesCrawlBlockIsRefusedInChineseWithItsPlace() {
        assertThatThrownBy(() -> withChannel("""
                - kind: WEBSITE
                  url: http://www.qinghe.gov.cn/
                  crawl: {maxListPages: 200}
                """))
                .isInstanceOf(RoundDefinitionException.class)
                .hasMessage("轮次定义 YAML 无法解析：没有名为「maxListPages」的字段（检查拼写和缩进）"
                        + "（字段：groups[0].units[0].channels[0].crawl.maxListPages）");
        assertThatThrownBy(() -> withChannel("""
                - kind: WEBSITE
                  url: http://www.qinghe.gov.cn/
                  crawl: {delayMs: 3秒}
                """))
                .isInstanceOf(RoundDefinitionException.class)
                .hasMessage("轮次定义 YAML 无法解析：「3秒」不是整数（字段：groups[0].units[0].channels[0].crawl.delayMs）");
    }
}
