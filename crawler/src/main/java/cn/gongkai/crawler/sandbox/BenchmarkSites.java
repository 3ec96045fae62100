package cn.gongkai.crawler.sandbox;

import cn.gongkai.crawler.sandbox.SiteGenerator.Article;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Sites for the crawl benchmark: as many hosts as asked, each with the usual structure and as many articles as
 * asked, spread over the columns as real sites are (mostly news, fewer notices and documents).
 */
final class BenchmarkSites {

    private static final List<String> TOPICS = List.of("安全生产", "防汛抗旱", "优化营商环境", "乡村振兴", "森林防火",
            "城乡环境整治", "民生实事项目", "耕地保护", "食品安全", "稳就业促创业");
    /** Out of 20 articles: 8 news, 4 notices, 3 policies, 2 interpretations, 3 disclosure items. */
    private static final String[] MIX = {"NEWS", "NOTICE", "NEWS", "POLICY", "NEWS", "DISCLOSURE", "NEWS", "NOTICE",
            "INTERPRETATION", "NEWS", "POLICY", "NEWS", "DISCLOSURE", "NOTICE", "NEWS", "POLICY", "NEWS",
            "INTERPRETATION", "NOTICE", "DISCLOSURE"};

    private BenchmarkSites() {
    }

    static SiteProfile profile(int i) {
        String code = "bench" + i;
        String division = String.format("98%04d", i);
        return new SiteProfile(1_000 + i, code, "基准" + i + "县人民政府", "基准" + i + "县", SiteProfile.COUNTY,
                "www." + code + ".sandbox.gov.cn", division + "0001", "示ICP备" + division + "01号-1",
                "示公网安备" + division + "02000101号", "基政发", "县政府常务会议", "各乡镇人民政府、县政府各部门：",
                TOPICS);
    }

    static List<Article> articles(SiteProfile site, int count, LocalDate today) {
        List<Article> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String type = MIX[n % MIX.length];
            var column = SiteGenerator.COLUMNS.stream().filter(c -> c.columnType().equals(type)).findFirst().orElseThrow();
            LocalDate day = today.minusDays(n / 3);
            String topic = TOPICS.get(n % TOPICS.size());
            int id = 1_000_000 + site.index() * 10_000 + n;
            String title = site.shortName() + "关于" + topic + "工作的" + column.name() + "（第" + (n + 1) + "期）";
            out.add(new Article(id, column, title, LocalDateTime.of(day, LocalTime.of(9 + n % 8, n % 60)), topic,
                    type.equals("POLICY") ? site.docPrefix() + "〔" + day.getYear() + "〕" + (n + 1) + "号" : null,
                    type.equals("NOTICE") ? Bodies.notice(site, topic, day) : Bodies.news(site, topic, day), null,
                    type.equals("POLICY") ? day.minusDays(SiteGenerator.USUAL_DISCLOSURE_LAG) : null, false));
        }
        return out;
    }
}
