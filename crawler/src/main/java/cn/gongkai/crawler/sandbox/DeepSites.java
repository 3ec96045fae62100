package cn.gongkai.crawler.sandbox;

import cn.gongkai.crawler.sandbox.Sandbox.SandboxColumn;
import cn.gongkai.crawler.sandbox.SiteGenerator.Article;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A county site whose columns are many list pages deep, as a real county portal's are after a few years: each of the
 * five article columns holds {@value #LIST_PAGES} pages of {@value #PAGE_SIZE} articles, one article a day per column
 * counted back from the reference date. Nothing is planted; what it tests is that a crawl reads every list page.
 */
final class DeepSites {

    static final String CODE = "deep";
    static final int PAGE_SIZE = 15;
    static final int LIST_PAGES = 10;

    private DeepSites() {
    }

    static SiteProfile profile() {
        String division = "990140";
        return new SiteProfile(40, CODE, "深河县人民政府", "深河县", SiteProfile.COUNTY, "www.shenhe.sandbox.gov.cn",
                division + "0001", "示ICP备" + division + "01号-1", "示公网安备" + division + "02000101号", "深政发",
                "县政府常务会议", "各乡镇人民政府、县政府各部门：", List.of("安全生产", "防汛抗旱", "优化营商环境", "乡村振兴",
                        "森林防火", "城乡环境整治", "民生实事项目", "耕地保护", "食品安全", "稳就业促创业"));
    }

    /** {@value #LIST_PAGES} × {@value #PAGE_SIZE} articles in each column but the message board, newest first. */
    static List<Article> articles(SiteProfile site, LocalDate today) {
        List<Article> out = new ArrayList<>();
        int c = 0;
        for (SandboxColumn column : SiteGenerator.COLUMNS) {
            if (column.columnType().equals("INTERACTION")) {
                continue;
            }
            for (int n = 0; n < LIST_PAGES * PAGE_SIZE; n++) {
                LocalDate day = today.minusDays(n);
                String topic = site.topics().get((n + c) % site.topics().size());
                int id = 3_000_000 + c * 10_000 + n;
                boolean policy = column.columnType().equals("POLICY");
                String title = site.shortName() + "关于" + topic + "工作的" + column.name() + "（第" + (n + 1) + "期）";
                out.add(new Article(id, column, title, LocalDateTime.of(day, LocalTime.of(9 + n % 8, (n * 7) % 60)),
                        topic, policy ? site.docPrefix() + "〔" + day.getYear() + "〕" + (n + 1) + "号" : null,
                        column.columnType().equals("NOTICE") ? Bodies.notice(site, topic, day)
                                : Bodies.news(site, topic, day), null,
                        policy ? day.minusDays(SiteGenerator.USUAL_DISCLOSURE_LAG) : null, false));
            }
            c++;
        }
        out.sort(Comparator.comparing(Article::published).reversed().thenComparing(Article::id,
                Comparator.reverseOrder()));
        return List.copyOf(out);
    }
}
