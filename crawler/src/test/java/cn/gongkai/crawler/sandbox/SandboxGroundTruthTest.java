package cn.gongkai.crawler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.extract.PageExtractor.ListItem;
import cn.gongkai.crawler.sandbox.GroundTruth.Defect;
import cn.gongkai.crawler.sandbox.GroundTruth.SiteTruth;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxWechat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads ground-truth.json and checks that the full sandbox shows every planted defect, and that sites without a
 * defect of a kind do not show it: the file is the whole truth, which is what checker tests rely on.
 */
class SandboxGroundTruthTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);
    private static final GroundTruth TRUTH = GroundTruth.load();
    private static Sandbox sandbox;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.startFull(TODAY);
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stop() {
        http.close();
        sandbox.close();
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Document page(String url) throws Exception {
        HttpResponse<byte[]> r = get(url);
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return Jsoup.parse(PageExtractor.decode(r.body(), r.headers().firstValue("Content-Type").orElse(null)), url);
    }

    /**
     * What a reader sees of a column through all its list pages: each page's text with the titles of its script-held
     * lists (not in the text), following its pagination as the crawler does.
     */
    private static String columnText(String firstPage) throws Exception {
        StringBuilder text = new StringBuilder();
        Set<String> seen = new java.util.HashSet<>();
        java.util.Deque<String> pages = new java.util.ArrayDeque<>(List.of(firstPage));
        while (!pages.isEmpty() && seen.size() < 50) {
            String url = pages.pop();
            if (!seen.add(url)) {
                continue;
            }
            Document doc = page(url);
            text.append(doc.text()).append(' ');
            PageExtractor.allAnchors(doc).forEach(a -> text.append(a.text()).append(' '));
            pages.addAll(PageExtractor.pagination(doc));
        }
        return text.toString();
    }

    private static String base(SiteTruth site) {
        return sandbox.baseUrl(site.code());
    }

    private static long daysSinceNewest(Document doc) {
        return PageExtractor.listItems(doc, TODAY).stream().map(ListItem::date).max(LocalDate::compareTo)
                .map(d -> ChronoUnit.DAYS.between(d, TODAY)).orElse(Long.MAX_VALUE);
    }

    /** The sites whose pages can be read: those behind a planted wall are tested by {@link #wallsAnswerAsPlanted}. */
    private static List<SiteTruth> readableSites() {
        return TRUTH.sites().stream().filter(s -> s.defect("WALL").isEmpty()).toList();
    }

    @Test
    void wallsAnswerAsPlanted() throws Exception {
        List<SiteTruth> walled = TRUTH.sites().stream().filter(s -> s.defect("WALL").isPresent()).toList();
        assertThat(walled).extracting(s -> s.defect("WALL").orElseThrow().string("wall"))
                .contains("ruishu", "safedog", "maintenance");
        for (SiteTruth site : walled) {
            Defect wall = site.defect("WALL").orElseThrow();
            String behind = wall.string("path").equals("/") ? "/gzdt/" : wall.string("path");
            HttpResponse<byte[]> blocked = get(base(site) + behind);
            String body = new String(blocked.body(), java.nio.charset.StandardCharsets.UTF_8);
            switch (wall.string("wall")) {
                case "ruishu" -> {
                    assertThat(blocked.statusCode()).isEqualTo(412);
                    assertThat(blocked.headers().allValues("Set-Cookie")).anyMatch(c -> c.matches("\\w{8,}80S=.*"));
                    assertThat(body).contains("$_ts=window");
                }
                case "safedog" -> {
                    assertThat(blocked.statusCode()).isEqualTo(403);
                    assertThat(body).contains("网站防火墙", "safedog");
                }
                default -> {
                    assertThat(blocked.statusCode()).isEqualTo(200);
                    assertThat(body).contains("升级维护");
                }
            }
            // robots.txt stays readable, and so does what lies outside the wall's path
            assertThat(get(base(site) + "/robots.txt").statusCode()).isEqualTo(200);
            if (!wall.string("path").equals("/")) {
                assertThat(get(base(site) + "/").statusCode()).isEqualTo(200);
            }
        }
        for (SiteTruth site : TRUTH.sites()) {
            for (Defect soft : site.defects("SOFT_404")) {
                HttpResponse<byte[]> gone = get(base(site) + soft.string("path"));
                assertThat(gone.statusCode()).isEqualTo(200);
                assertThat(new String(gone.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("页面不存在");
                assertThat(page(base(site) + "/").select("a[href=" + soft.string("path") + "]")).isNotEmpty();
            }
        }
    }

    @Test
    void enoughSitesOfEachKindAndEveryDefectKindIsPlantedSomewhere() {
        assertThat(sandbox.sites()).hasSize(TRUTH.sites().size());
        assertThat(TRUTH.sites()).filteredOn(s -> s.unitType().equals("COUNTY_GOVERNMENT")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(TRUTH.sites()).filteredOn(s -> s.unitType().equals("DEPARTMENT")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(TRUTH.sites().stream().flatMap(s -> s.defects().stream()).map(Defect::kind).distinct())
                .contains("STALE_HOMEPAGE", "STALE_COLUMN", "BLANK_COLUMN", "UNDATED_ITEMS", "DEAD_LINK",
                        "FOOTER_MISSING", "META_MISSING", "NO_SEARCH", "XXGK_INCOMPLETE", "GUIDE_ELEMENTS_MISSING",
                        "CATALOGUE_FIELDS_MISSING", "LATE_DISCLOSURE", "MESSAGE_UNANSWERED", "MESSAGE_LATE", "SLOW",
                        "LINK_TRAP", "ROBOTS_DISALLOW", "REDIRECT_CHAIN", "REDIRECT_LOOP", "WALL", "SOFT_404");
        assertThat(TRUTH.sites()).anyMatch(s -> s.encoding().equals("GBK"));
        assertThat(TRUTH.wechat().stream().flatMap(w -> w.defects().stream()).map(Defect::kind))
                .contains("STALE_WECHAT", "BRIDGE_FAILED");
        assertThat(sandbox.wechatAccounts()).hasSize(TRUTH.wechat().size());
    }

    @Test
    void everySiteHasTheDisclosureStructureExceptWhatTheTruthSaysIsMissing() throws Exception {
        for (SiteTruth site : readableSites()) {
            Document home = page(base(site) + "/");
            List<String> missing = site.defects("XXGK_INCOMPLETE").stream().flatMap(d -> d.strings("missing").stream())
                    .toList();
            for (var part : Map.of("指南", "/xxgk/zn/", "目录", "/xxgk/ml/", "年报", "/xxgk/nb/").entrySet()) {
                boolean linked = !home.select(".gk a[href=" + part.getValue() + "]").isEmpty();
                assertThat(linked).as("%s links %s", site.code(), part.getKey()).isEqualTo(!missing.contains(part.getKey()));
                assertThat(get(base(site) + part.getValue()).statusCode()).isEqualTo(missing.contains(part.getKey()) ? 404 : 200);
            }
            for (String path : List.of("/gzdt/", "/tzgg/", "/zcwj/", "/zcjd/", "/ldxx/")) {
                assertThat(get(base(site) + path).statusCode()).as(site.code() + path).isEqualTo(200);
            }
            boolean footer = home.text().matches(".*网站(标识|识别)码.*"); // the CMS families spell it both ways
            assertThat(footer).as("%s footer", site.code()).isEqualTo(site.defect("FOOTER_MISSING").isEmpty());
            assertThat(home.select("meta[name=SiteIDCode]").isEmpty()).as("%s meta", site.code())
                    .isEqualTo(site.defects("META_MISSING").stream().anyMatch(d -> d.strings("tags")
                            .contains("SiteIDCode")));
            assertThat(home.select("form.search").isEmpty()).as("%s search", site.code())
                    .isEqualTo(site.defect("NO_SEARCH").isPresent());
            String robots = new String(get(base(site) + "/robots.txt").body());
            assertThat(robots.contains("Disallow: /")).as("%s robots", site.code())
                    .isEqualTo(site.defect("ROBOTS_DISALLOW").isPresent());
        }
    }

    @Test
    void freshnessIsAsPlanted() throws Exception {
        for (SiteTruth site : readableSites()) {
            long homepageAge = daysSinceNewest(page(base(site) + "/"));
            int staleDays = site.defect("STALE_HOMEPAGE").map(d -> d.integer("days")).orElse(0);
            assertThat(homepageAge).as("%s homepage", site.code()).isEqualTo(staleDays);
            for (var column : Map.of("NEWS", "/gzdt/", "NOTICE", "/tzgg/", "POLICY", "/zcwj/").entrySet()) {
                // a whole stale site is the fresh site as it stood `days` ago; a homepage stale through its
                // columns ("cause": "columns") has its column ages in STALE_COLUMN
                int siteShift = site.defect("STALE_HOMEPAGE").filter(d -> d.string("cause") == null)
                        .map(d -> d.integer("days")).orElse(0);
                long age = daysSinceNewest(page(base(site) + column.getValue())) - siteShift;
                var stale = site.defects("STALE_COLUMN").stream()
                        .filter(d -> d.string("columnType").equals(column.getKey())).findFirst();
                boolean undated = site.defects("UNDATED_ITEMS").stream()
                        .anyMatch(d -> d.string("columnType").equals(column.getKey()));
                if (undated) {
                    assertThat(age).as("%s %s undated", site.code(), column.getKey()).isEqualTo(Long.MAX_VALUE);
                } else if (stale.isPresent()) {
                    assertThat(age).as("%s %s", site.code(), column.getKey()).isEqualTo(stale.get().integer("days"));
                } else {
                    // the usual rhythm: news within 2 weeks, notices and policies within 6 months
                    assertThat(age).as("%s %s", site.code(), column.getKey())
                            .isLessThan(column.getKey().equals("NEWS") ? 14 : 180);
                }
            }
        }
    }

    @Test
    void linkDefectsBehaveAsPlanted() throws Exception {
        for (SiteTruth site : readableSites()) {
            Document home = page(base(site) + "/");
            for (Defect d : site.defects("DEAD_LINK")) {
                assertThat(home.select("a[href=" + d.string("path") + "]")).isNotEmpty();
                assertThat(get(base(site) + d.string("path")).statusCode()).isEqualTo(404);
            }
            for (Defect d : site.defects("BLANK_COLUMN")) {
                Document column = page(base(site) + d.string("path"));
                assertThat(PageExtractor.listItems(column, TODAY)).isEmpty();
                assertThat(PageExtractor.readList(column, TODAY).shape()).isEqualTo(PageExtractor.ListShape.EMPTY);
            }
            for (Defect d : site.defects("REDIRECT_CHAIN")) {
                String url = base(site) + d.string("from");
                int hops = 0;
                HttpResponse<byte[]> r;
                while ((r = get(url)).statusCode() / 100 == 3) {
                    url = base(site) + r.headers().firstValue("Location").orElseThrow();
                    hops++;
                }
                assertThat(hops).isEqualTo(d.integer("hops"));
                assertThat(url).isEqualTo(base(site) + d.string("to"));
            }
            for (Defect d : site.defects("REDIRECT_LOOP")) {
                assertThat(get(base(site) + d.string("from")).headers().firstValue("Location")).contains(d.string("via"));
                assertThat(get(base(site) + d.string("via")).headers().firstValue("Location")).contains(d.string("from"));
            }
            for (Defect d : site.defects("LINK_TRAP")) {
                String url = base(site) + d.string("path");
                Set<String> seen = new java.util.HashSet<>();
                for (int i = 0; i < 5; i++) {
                    Document cal = page(url);
                    url = cal.select("a:contains(下一月)").first().absUrl("href");
                    assertThat(seen.add(url)).isTrue();
                }
            }
            for (Defect d : site.defects("SLOW")) {
                long t0 = System.nanoTime();
                get(base(site) + "/");
                assertThat(Duration.ofNanos(System.nanoTime() - t0).toMillis()).isGreaterThanOrEqualTo(d.integer("delayMs"));
            }
        }
    }

    @Test
    void contentDefectsAreReadableByExtraction() throws Exception {
        for (SiteTruth site : readableSites()) {
            boolean hasGuide = site.defects("XXGK_INCOMPLETE").stream().noneMatch(d -> d.strings("missing").contains("指南"));
            String guide = hasGuide ? page(base(site) + "/xxgk/zn/").text() : "";
            for (String element : List.of("办公地址", "办公时间", "联系电话", "传真")) {
                boolean missing = site.defects("GUIDE_ELEMENTS_MISSING").stream()
                        .anyMatch(d -> d.strings("missing").contains(element));
                if (hasGuide) {
                    assertThat(guide.contains(element)).as("%s guide %s", site.code(), element).isEqualTo(!missing);
                }
            }
            Document catalogue = page(base(site) + "/xxgk/ml/");
            for (String field : List.of("索引号", "名称", "内容概述", "生成日期")) {
                boolean missing = site.defects("CATALOGUE_FIELDS_MISSING").stream()
                        .anyMatch(d -> d.strings("missing").contains(field));
                assertThat(catalogue.select("th:containsOwn(" + field + ")").isEmpty()).isEqualTo(missing);
            }
            ListItem policy = PageExtractor.listItems(page(base(site) + "/zcwj/"), TODAY).getFirst();
            Map<String, String> header = PageExtractor.article(page(policy.url())).policyMeta();
            long lag = ChronoUnit.DAYS.between(LocalDate.parse(header.get("成文日期")), LocalDate.parse(header.get("发布日期")));
            assertThat(lag).as("%s disclosure lag", site.code()).isEqualTo(site.defect("LATE_DISCLOSURE")
                    .map(d -> (long) d.integer("lagDays")).orElse((long) SiteGenerator.USUAL_DISCLOSURE_LAG));

            List<PageExtractor.Message> messages = PageExtractor.messages(page(base(site) + "/ldxx/"));
            LocalDate asOf = site.defect("STALE_HOMEPAGE").map(d -> TODAY.minusDays(d.integer("days"))).orElse(TODAY);
            long overdue = messages.stream().filter(m -> m.repliedAt() == null && m.askedAt().isBefore(asOf.minusMonths(3))).count();
            long late = messages.stream().filter(m -> m.repliedAt() != null
                    && ChronoUnit.DAYS.between(m.askedAt(), m.repliedAt()) > 20).count();
            assertThat(overdue).as("%s unanswered", site.code()).isEqualTo(site.defects("MESSAGE_UNANSWERED").size());
            assertThat(late).as("%s late", site.code()).isEqualTo(site.defects("MESSAGE_LATE").size());
        }
    }

    @Test
    void interpretationsAndBudgetsAreAsPlanted() throws Exception {
        for (SiteTruth site : readableSites()) {
            List<ListItem> policies = PageExtractor.listItems(page(base(site) + "/zcwj/"), TODAY);
            List<ListItem> interpretations = PageExtractor.listItems(page(base(site) + "/zcjd/"), TODAY);
            int missing = site.defects("INTERPRETATION_MISSING").stream().mapToInt(d -> d.integer("count")).sum();
            assertThat(interpretations).as("%s interpretations", site.code()).hasSize(policies.size() - missing);
            long oneWay = 0;
            long pictures = 0;
            long interpreters = 0;
            for (ListItem policy : policies) {
                if (page(policy.url()).select(".related a").isEmpty()) {
                    oneWay++;
                }
            }
            for (ListItem interpretation : interpretations) {
                Document doc = page(interpretation.url());
                assertThat(doc.select(".related a")).as("%s links back", interpretation.url()).hasSize(1);
                pictures += PageChrome.content(doc).select("img, video").isEmpty() ? 0 : 1;
                interpreters += doc.text().contains("解读人：") ? 1 : 0;
            }
            assertThat(oneWay - missing).as("%s one-way", site.code()).isEqualTo(site.defects("INTERPRETATION_ONE_WAY")
                    .stream().mapToInt(d -> d.integer("count")).sum());
            assertThat(pictures == 0).as("%s text only", site.code()).isEqualTo(site.defect("INTERPRETATION_TEXT_ONLY").isPresent());
            assertThat(interpreters == 0).as("%s interpreters", site.code()).isEqualTo(site.defect("INTERPRETER_UNSTATED").isPresent());
            boolean late = false;
            for (ListItem interpretation : interpretations) {
                String core = interpretation.title().replaceAll(".*《(.*)》.*", "$1");
                ListItem policy = policies.stream().filter(p -> p.title().contains(core)).findFirst().orElseThrow();
                late |= ChronoUnit.DAYS.between(policy.date(), interpretation.date()) > 3;
            }
            assertThat(late).as("%s late interpretation", site.code()).isEqualTo(site.defect("INTERPRETATION_LATE").isPresent());

            String disclosure = columnText(base(site) + "/xxgk/");
            for (String document : List.of("预算", "决算")) {
                boolean absent = site.defects("BUDGET_MISSING").stream().anyMatch(d -> document.equals(d.string("document")));
                assertThat(disclosure.contains("年部门" + document)).as("%s %s", site.code(), document).isEqualTo(!absent);
            }
        }
    }

    @Test
    void leadersBudgetColumnsAndGovernmentBudgetsAreAsPlanted() throws Exception {
        boolean h5 = false;
        for (SiteTruth site : readableSites()) {
            Document leaders = page(base(site) + "/ldzc/");
            String principal = leaders.select(".leader h3").first().text();
            assertThat(leaders.select(".leader p").first().text()).as("%s principal", site.code())
                    .matches("职务：(.*、)?(县长|区长|局长|主任)");
            assertThat(page(base(site) + "/").select("a[href=/ldzc/]")).as("%s homepage link", site.code()).isNotEmpty();
            boolean byPrincipal = false;
            for (ListItem interpretation : PageExtractor.listItems(page(base(site) + "/zcjd/"), TODAY)) {
                Document doc = page(interpretation.url());
                byPrincipal |= doc.text().contains("解读人：" + principal);
                for (var frame : PageChrome.content(doc).select("iframe[src]")) {
                    h5 = true;
                    assertThat(page(frame.absUrl("src")).title()).contains("H5");
                }
            }
            boolean unstated = site.defect("INTERPRETER_UNSTATED").isPresent();
            assertThat(byPrincipal).as("%s principal interprets", site.code())
                    .isEqualTo(!unstated && site.defect("PRINCIPAL_INTERPRETATION_MISSING").isEmpty());

            boolean columnMissing = site.defect("BUDGET_COLUMN_MISSING").isPresent();
            HttpResponse<byte[]> column = get(base(site) + "/xxgk/yjsgk/");
            assertThat(column.statusCode()).as("%s budget column", site.code()).isEqualTo(columnMissing ? 404 : 200);
            if (!columnMissing) {
                List<ListItem> items = PageExtractor.listItems(page(base(site) + "/xxgk/yjsgk/"), TODAY);
                assertThat(items).as("%s budget column items", site.code()).isNotEmpty()
                        .allMatch(i -> i.title().matches(".*\\d{4}年.*[预决]算.*"));
            }

            String disclosure = columnText(base(site) + "/xxgk/");
            boolean county = site.unitType().equals("COUNTY_GOVERNMENT");
            for (String document : List.of("预算", "决算")) {
                boolean absent = site.defects("GOV_BUDGET_MISSING").stream()
                        .anyMatch(d -> document.equals(d.string("document")));
                assertThat(disclosure.contains("年政府" + document + "公开")).as("%s government %s", site.code(), document)
                        .isEqualTo(county && !absent);
            }
            if (county && site.defect("GOV_BUDGET_MISSING").isEmpty()) {
                String url = PageExtractor.listItems(page(base(site) + "/xxgk/"), TODAY).stream()
                        .filter(i -> i.title().endsWith("年政府决算公开")).findFirst().orElseThrow().url();
                String text = page(url).text();
                List<String> missing = site.defects("GOV_BUDGET_INCOMPLETE").stream()
                        .flatMap(d -> d.strings("missing").stream()).toList();
                for (String part : List.of("一般公共预算", "政府性基金预算", "国有资本经营预算", "债务")) {
                    assertThat(text.contains(part)).as("%s government budget has %s", site.code(), part)
                            .isEqualTo(!missing.contains(part));
                }
            }
        }
        assertThat(h5).as("an H5 interpretation somewhere").isTrue();
    }

    @Test
    void gbkSiteIsServedInGbkWithoutACharsetInTheHeader() throws Exception {
        SiteTruth gbk = TRUTH.sites().stream().filter(s -> s.encoding().equals("GBK")).findFirst().orElseThrow();
        HttpResponse<byte[]> r = get(base(gbk) + "/");
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html");
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("charset=\"gb2312\"");
        assertThat(PageExtractor.decode(r.body(), "text/html")).contains(gbk.name()).doesNotContain("\uFFFD");
    }

    @Test
    void wechatFeedsAndArticlePagesAreServedAndTheBrokenBridgeFails() throws Exception {
        for (SandboxWechat account : sandbox.wechatAccounts()) {
            var truth = TRUTH.wechat().stream().filter(w -> w.code().equals(account.code())).findFirst().orElseThrow();
            assertThat(account.articleUrls()).hasSize(Wechat.DAYS.length);
            String newest = new String(get(account.articleUrls().getFirst()).body(), java.nio.charset.StandardCharsets.UTF_8);
            String oldest = new String(get(account.articleUrls().getLast()).body(), java.nio.charset.StandardCharsets.UTF_8);
            if (truth.defect("VERIFY_WALL").isPresent()) {
                assertThat(newest).contains("环境异常", "完成验证");
                assertThat(oldest).contains("环境异常").doesNotContain("var ct");
                // its own front-end: the wall must not stop the other accounts' articles
                assertThat(URI.create(account.articleUrls().getFirst()).getPort()).isNotIn(sandbox.wechatAccounts()
                        .stream().filter(a -> a != account && TRUTH.wechat().stream().anyMatch(w -> w.code()
                                .equals(a.code()) && w.defect("VERIFY_WALL").isEmpty()))
                        .map(a -> URI.create(a.articleUrls().getFirst()).getPort()).toList());
            } else {
                assertThat(oldest).containsPattern("var ct = \"\\d{10}\"");
                assertThat(newest.contains("该内容已被发布者删除")).isEqualTo(truth.defect("DELETED_ARTICLES").isPresent());
            }
            if (account.feedUrl() == null) {
                assertThat(truth.feed()).isEqualTo("urls");
                continue;
            }
            int status = get(account.feedUrl()).statusCode();
            assertThat(status).isEqualTo(truth.defect("BRIDGE_FAILED").isPresent() ? 502 : 200);
        }
    }

    @Test
    void annualReportsComeInTheirFormatsWithThePlantedFaults() throws Exception {
        for (SiteTruth site : readableSites()) {
            if (site.defect("XXGK_INCOMPLETE").filter(d -> d.strings("missing").contains("年报")).isPresent()) {
                continue;
            }
            Document list = page(base(site) + "/xxgk/nb/");
            String reportUrl = PageExtractor.allAnchors(list).stream().filter(a -> a.text().endsWith("政府信息公开工作年度报告"))
                    .findFirst().orElseThrow().absUrl("href");
            Document report = page(reportUrl);
            String format = site.annualReport();
            if (format.equals("html")) {
                assertThat(report.select("table.report")).as(site.code()).hasSize(2);
                assertThat(report.text().contains("五、存在的主要问题及改进情况")).as(site.code())
                        .isEqualTo(site.defect("ANNUAL_REPORT_SECTION_MISSING").isEmpty());
                continue;
            }
            String file = PageChrome.content(report).select("a[href$=." + format + "]").first().absUrl("href");
            HttpResponse<byte[]> r = get(file);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).contains(switch (format) {
                case "pdf" -> "pdf";
                case "ofd" -> "ofd";
                default -> "wordprocessingml";
            });
            String problem = site.defect("ANNUAL_REPORT_UNREADABLE").map(d -> d.string("problem")).orElse("none");
            byte[] body = r.body();
            if (format.equals("pdf")) {
                assertThat(new String(body, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
                assertThat(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).contains("/Encrypt"))
                        .as(site.code()).isEqualTo(problem.equals("encrypted"));
            } else if (problem.equals("corrupt")) {
                assertThat(body[0]).isEqualTo((byte) 'P'); // a zip cut off halfway: the start is still there
            } else {
                assertThat(new String(body, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PK");
            }
        }
        assertThat(TRUTH.sites()).filteredOn(s -> s.annualReport().equals("pdf")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(TRUTH.sites()).filteredOn(s -> s.annualReport().equals("docx")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void wechatArticlesCarryTheirOriginalityLinkAndInteractionMarks() throws Exception {
        for (SandboxWechat account : sandbox.wechatAccounts()) {
            var truth = TRUTH.wechat().stream().filter(w -> w.code().equals(account.code())).findFirst().orElseThrow();
            if (truth.defect("VERIFY_WALL").isPresent()) {
                continue; // nothing of the articles can be seen (asserted above)
            }
            int deleted = truth.defect("DELETED_ARTICLES").map(d -> d.integer("count")).orElse(0);
            int original = 0;
            int linked = 0;
            int commentsOpen = 0;
            int shownDeleted = 0;
            for (String url : account.articleUrls()) {
                String html = new String(get(url).body(), java.nio.charset.StandardCharsets.UTF_8);
                if (html.contains("该内容已被发布者删除")) {
                    shownDeleted++;
                    continue;
                }
                original += html.contains("id=\"copyright_logo\"") ? 1 : 0;
                linked += html.contains("msg_source_url = 'http") ? 1 : 0;
                commentsOpen += html.contains("comment_id = \"0\"") ? 0 : 1;
            }
            // the newest articles are the deleted ones, so the marks are counted over the rest
            assertThat(shownDeleted).as(account.code()).isEqualTo(deleted);
            int articles = account.articleUrls().size() - deleted;
            int all = account.articleUrls().size();
            int deletedOriginals = 0;
            int deletedLinked = 0;
            for (int i = 0; i < deleted; i++) {
                deletedOriginals += Wechat.origin(truth, i) == Wechat.Origin.ORIGINAL ? 1 : 0;
                deletedLinked += i % 3 == 0 ? 1 : 0;
            }
            assertThat(original).as(account.code()).isEqualTo(truth.defect("LOW_ORIGINALITY")
                    .map(d -> d.integer("original")).orElse(13) - deletedOriginals);
            assertThat(linked).as(account.code()).isEqualTo(truth.defect("NO_SITE_LINKS").isPresent() ? 0
                    : (all + 2) / 3 - deletedLinked);
            assertThat(commentsOpen).as(account.code()).isEqualTo(truth.defect("NO_INTERACTION").isPresent() ? 0 : articles);
        }
    }

    @Test
    void sitesOutsideTheDemoHaveAResponseColumnAsOldAsPlanted() throws Exception {
        for (SiteTruth site : readableSites()) {
            Document home = page(base(site) + "/");
            boolean linked = !home.select(".zdly a[href=/hygq/]").isEmpty();
            assertThat(linked).as(site.code()).isEqualTo(!site.demo());
            if (site.demo()) {
                assertThat(get(base(site) + "/hygq/").statusCode()).isEqualTo(404);
                continue;
            }
            long age = daysSinceNewest(page(base(site) + "/hygq/"));
            int stale = site.defect("RESPONSE_STALE").map(d -> d.integer("days")).orElse(0);
            int siteShift = site.defect("STALE_HOMEPAGE").filter(d -> d.string("cause") == null)
                    .map(d -> d.integer("days")).orElse(0);
            assertThat(age - siteShift).as(site.code()).isEqualTo(5 + stale);
        }
    }
}
