package cn.gongkai.crawler.sandbox;

import static cn.gongkai.crawler.sandbox.Pages.esc;

import cn.gongkai.crawler.sandbox.Sandbox.SandboxColumn;
import cn.gongkai.crawler.sandbox.SiteGenerator.Article;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 回应关切 column (responses to public opinion, 政务舆情回应) of the sandbox sites outside the demo: linked from the
 * homepage's 专题专栏 block, not from the navigation, and not in the homepage's latest items, so the other columns'
 * freshness stays as the ground truth says. RESPONSE_STALE pushes every response back by {@code days}.
 */
final class ResponseColumn {

    static final SandboxColumn COLUMN = new SandboxColumn("回应关切", "/hygq/", "RESPONSE");
    private static final int[] DAYS = {5, 26, 61, 120, 200};
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final List<String> TITLES = List.of("关于网民反映{t}问题的回应", "关于{t}相关情况的说明",
            "{u}就群众关注的{t}问题作出回应", "关于社会关注的{t}有关问题的答复", "关于{t}热点问题的情况通报");

    private ResponseColumn() {
    }

    /** The sites of the ground truth outside the demo have the column; the demo's six and benchmark sites do not. */
    static boolean has(SiteProfile site) {
        return GroundTruth.load().sites().stream().anyMatch(s -> s.code().equals(site.code()) && !s.demo());
    }

    /** The column page and its response pages, by path; empty for a site without the column. */
    static Map<String, byte[]> render(SiteProfile site, LocalDate today) {
        Map<String, byte[]> pages = new LinkedHashMap<>();
        if (!has(site)) {
            return pages;
        }
        LocalDate asOf = site.asOf(today);
        int stale = site.truth().defects("RESPONSE_STALE").stream().mapToInt(d -> d.integer("days")).findFirst()
                .orElse(0);
        List<Article> responses = new ArrayList<>();
        for (int i = 0; i < DAYS.length; i++) {
            LocalDate day = asOf.minusDays(DAYS[i] + stale);
            String topic = site.topics().get((i * 5 + site.index()) % site.topics().size());
            String title = TITLES.get(i).replace("{t}", topic).replace("{u}", site.shortName());
            int id = 900_000 + site.index() * 100 + i;
            responses.add(new Article(id, COLUMN, title, day.atTime(LocalTime.of(9 + i, 0)), topic, null,
                    List.of(), null));
        }
        pages.put(COLUMN.path(), Pages.bytes(site, Pages.columnPage(site, COLUMN, responses)));
        for (Article a : responses) {
            String meta = Pages.siteMeta(site) + """
                    <meta name="ColumnName" content="%s">
                    <meta name="ArticleTitle" content="%s">
                    <meta name="PubDate" content="%s">
                    """.formatted(COLUMN.name(), esc(a.title()), a.published().format(MINUTE));
            String main = """
                    <div class="main"><div class="article">
                      <h1>%s</h1>
                      <div class="info"><span>发布日期：%s</span> <span>来源：%s</span></div>
                      <div class="content"><p>%s</p><p>%s</p></div>
                    </div></div>
                    """.formatted(esc(a.title()), a.published().format(MINUTE), esc(site.office()),
                    esc("近日，有网民反映" + a.topic() + "方面的问题。" + site.name() + "高度重视，第一时间组织有关部门核查处置。"),
                    esc("经核查，相关情况已按规定处理，下一步将持续跟踪，及时回应群众关切。感谢广大网民的监督。"));
            pages.put(a.path(), Pages.bytes(site, Pages.page(site, a.title() + "_" + site.name(), meta, main)));
        }
        return pages;
    }
}
