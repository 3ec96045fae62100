package cn.gongkai.crawler.sandbox;

import cn.gongkai.crawler.sandbox.Sandbox.SandboxColumn;
import cn.gongkai.crawler.sandbox.SiteGenerator.Article;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a sandbox site to bytes, page by page, following the national website guideline: site metadata on
 * every page, column metadata on column pages, article metadata with {@code PubDate} on article pages, and the
 * footer with 网站标识码, ICP and public-security record numbers.
 */
final class Pages {

    static final int LATEST_ON_HOMEPAGE = 8;
    /** 领导之窗, linked from the homepage. */
    static final String LEADERS_PATH = "/ldzc/";
    /** The 预决算公开 column (专栏) inside the 政府信息公开 platform, unless BUDGET_COLUMN_MISSING. */
    static final SandboxColumn BUDGET_COLUMN = new SandboxColumn("预决算公开", "/xxgk/yjsgk/", "OTHER");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Pages() {
    }

    /** Every page of the site by path ("/", "/gzdt/", "/gzdt/202611/t20261120_100001.html", "/robots.txt"). */
    static Map<String, byte[]> render(SiteProfile site, List<Article> articles, List<SiteGenerator.Message> messages) {
        return render(site, articles, messages, 0);
    }

    /**
     * Every page of the site; with {@code listPageSize} above 0 the columns' lists are paged (see
     * {@link #pagedColumn}), otherwise each column lists all its articles on one page.
     */
    static Map<String, byte[]> render(SiteProfile site, List<Article> articles, List<SiteGenerator.Message> messages,
            int listPageSize) {
        Map<Integer, Article> byId = new HashMap<>();
        articles.forEach(a -> byId.put(a.id(), a));
        Map<String, byte[]> pages = new LinkedHashMap<>();
        pages.put("/", bytes(site, homepage(site, articles)));
        for (SandboxColumn column : SiteGenerator.COLUMNS) {
            if (column.columnType().equals("INTERACTION")) {
                pages.put(column.path(), bytes(site, messageBoard(site, column, messages)));
                continue;
            }
            List<Article> inColumn = articles.stream().filter(a -> a.column().equals(column)).toList();
            CmsFamily family = CmsFamily.of(site);
            if (listPageSize > 0) {
                CmsFamily pager = SiteGenerator.COLUMNS.indexOf(column) % 2 == 0 ? CmsFamily.TRS : CmsFamily.CLASSIC;
                pagedColumn(site, column, inColumn, listPageSize, pager)
                        .forEach((path, html) -> pages.put(path, bytes(site, html)));
                continue;
            }
            if (family.pagedOnServer()) {
                pagedColumn(site, column, inColumn, CmsFamily.PAGE_SIZE, family)
                        .forEach((path, html) -> pages.put(path, bytes(site, html)));
                continue;
            }
            if (family == CmsFamily.SPA) {
                pages.putAll(spaListApi(column, inColumn));
            }
            pages.put(column.path(), bytes(site, columnPage(site, column, inColumn)));
        }
        for (Article a : articles) {
            pages.put(a.path(), bytes(site, articlePage(site, a, a.relatedId() == null ? null : byId.get(a.relatedId()))));
            if (media(a).contains("<iframe")) {
                pages.put(h5Path(a), bytes(site, h5Page(site, a)));
            }
        }
        pages.put(LEADERS_PATH, bytes(site, leaderPage(site)));
        if (!site.has("BUDGET_COLUMN_MISSING")) {
            List<Article> budgets = articles.stream().filter(a -> a.topic().equals(SiteGenerator.BUDGET_TOPIC)).toList();
            pages.put(BUDGET_COLUMN.path(), bytes(site, columnPage(site, BUDGET_COLUMN, budgets)));
        }
        for (SiteGenerator.Message m : messages) {
            pages.put("/ldxx/" + m.id() + ".html", bytes(site, messagePage(site, m)));
        }
        pages.put("/ldxx/write.html", bytes(site, page(site, "我要写信_" + site.name(), siteMeta(site), """
                <div class="main"><h2>我要写信</h2>
                <form class="letter" action="/ldxx/write.html" method="post"><p>姓名：<input name="name"></p>
                <p>联系电话：<input name="phone"></p><p>标题：<input name="title"></p>
                <p>内容：<textarea name="content"></textarea></p><button type="submit">提交</button></form></div>
                """)));
        Disclosure.render(site, articles).forEach((path, html) -> pages.put(path, bytes(site, html)));
        pages.putAll(AnnualReports.render(site, articles));
        for (GroundTruth.Defect blank : site.truth().defects("BLANK_COLUMN")) {
            SandboxColumn column = new SandboxColumn(blank.string("name"), blank.string("path"), "OTHER");
            pages.put(column.path(), bytes(site, columnPage(site, column, List.of())));
        }
        if (!site.has("NO_SEARCH")) {
            pages.put("/search/", bytes(site, page(site, "站内搜索_" + site.name(), siteMeta(site), """
                    <div class="main"><h2>站内搜索</h2><p>请输入关键词进行搜索。</p></div>
                    """)));
        }
        String robots = site.truth().defects("ROBOTS_DISALLOW").stream()
                .map(d -> "Disallow: " + d.string("path") + "\n").reduce("", String::concat);
        pages.put("/robots.txt", utf8("User-agent: *\n" + (robots.isEmpty() ? "Disallow:\n" : robots)));
        return pages;
    }

    /**
     * The JSON API a {@link CmsFamily#SPA} site's app calls for a column's list pages, {@code /api/list?column=gzdt&page=n}
     * from 1; the app builds its pager from {@code total}, so no page links to them.
     */
    private static Map<String, byte[]> spaListApi(SandboxColumn column, List<Article> articles) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int size = CmsFamily.SPA_PAGE_SIZE;
        int total = Math.max(1, (articles.size() + size - 1) / size);
        for (int n = 0; n < total; n++) {
            List<Article> page = articles.subList(Math.min(articles.size(), n * size),
                    Math.min(articles.size(), (n + 1) * size));
            out.put(spaApiPath(column, n + 1), utf8(CmsFamily.spaState(page, articles.size())));
        }
        return out;
    }

    static String spaApiPath(SandboxColumn column, int page) {
        return "/api/list?column=" + column.path().replace("/", "") + "&page=" + page;
    }

    /** The bytes of a page in the site's encoding: GBK sites are served as GB18030 bytes declared as gb2312. */
    static byte[] bytes(SiteProfile site, String html) {
        return html.getBytes(gbk(site) ? java.nio.charset.Charset.forName("GB18030") : StandardCharsets.UTF_8);
    }

    static boolean gbk(SiteProfile site) {
        return !site.truth().encoding().equalsIgnoreCase("UTF-8");
    }

    private static String messageBoard(SiteProfile site, SandboxColumn column, List<SiteGenerator.Message> messages) {
        String rows = messages.stream().map(m -> "      <tr><td><a href=\"/ldxx/%d.html\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
                .formatted(m.id(), esc(m.title()), m.asked().format(DAY), m.replied() == null ? "" : m.replied().format(DAY),
                        m.replied() == null ? "办理中" : "已回复", m.replyUnit() == null ? "" : esc(m.replyUnit())))
                .collect(Collectors.joining("\n"));
        String meta = siteMeta(site) + columnMeta(site, column);
        String main = """
                <div class="main">
                  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="%s">%s</a></div>
                  <h2>%s</h2>
                  <p class="write"><a href="/ldxx/write.html">我要写信</a></p>
                  <table class="letters">
                    <tr><th>信件标题</th><th>留言时间</th><th>回复时间</th><th>办理状态</th><th>回复单位</th></tr>
                %s
                  </table>
                </div>
                """.formatted(column.path(), column.name(), column.name(), rows);
        return page(site, column.name() + "_" + site.name(), meta, main);
    }

    private static String messagePage(SiteProfile site, SiteGenerator.Message m) {
        String reply = m.replied() == null ? "<p>状态：办理中</p>" : """
                <div class="reply"><p>状态：已回复</p><p>回复单位：%s</p><p>回复时间：%s</p>
                <p>您好！您反映的%s问题已转相关部门办理，感谢您对我们工作的关心和支持。</p></div>
                """.formatted(esc(m.replyUnit()), m.replied().format(DAY), esc(m.topic()));
        String main = """
                <div class="main"><div class="letter">
                  <h1>%s</h1>
                  <p>留言时间：%s</p>
                  <p>您好，我想反映%s方面的问题，希望有关部门尽快处理并予以答复。</p>
                  %s
                </div></div>
                """.formatted(esc(m.title()), m.asked().format(DAY), esc(m.topic()), reply);
        return page(site, m.title() + "_" + site.name(), siteMeta(site), main);
    }

    static byte[] notFound(SiteProfile site) {
        return bytes(site, page(site, "页面不存在_" + site.name(), siteMeta(site), """
                <div class="main"><h1>您访问的页面不存在</h1><p>请返回<a href="/">首页</a>。</p></div>
                """));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String homepage(SiteProfile site, List<Article> articles) {
        CmsFamily family = CmsFamily.of(site);
        List<Article> newest = articles.stream().limit(LATEST_ON_HOMEPAGE).toList();
        String latest = family.list(newest, true, "/");
        String main = """
                <div class="main">
                  <div class="latest">
                    <h2>最新动态</h2>
                %s  </div>
                  <div class="gk">
                    <h2><a href="/xxgk/">政府信息公开</a></h2>
                    <p>%s</p>
                  </div>
                  <div class="ldzc"><h2><a href="%s">领导之窗</a></h2></div>
                %s</div>
                """.formatted(latest, Disclosure.homepageLinks(site), LEADERS_PATH, extraBlocks(site));
        return page(site, site.name(), siteMeta(site), main);
    }

    /** Blocks with the planted link defects: blank columns, dead links, the calendar trap, old redirected paths. */
    private static String extraBlocks(SiteProfile site) {
        StringBuilder links = new StringBuilder();
        for (GroundTruth.Defect d : site.truth().defects("BLANK_COLUMN")) {
            links.append("<li><a href=\"%s\">%s</a></li>".formatted(d.string("path"), esc(d.string("name"))));
        }
        for (GroundTruth.Defect d : site.truth().defects("DEAD_LINK")) {
            links.append("<li><a href=\"%s\">%s</a></li>".formatted(d.string("path"),
                    d.string("path").endsWith(".pdf") ? "办事指南下载.pdf" : "往期专题"));
        }
        for (GroundTruth.Defect d : site.truth().defects("SOFT_404")) {
            links.append("<li><a href=\"%s\">往期专题</a></li>".formatted(d.string("path")));
        }
        for (GroundTruth.Defect d : site.truth().defects("LINK_TRAP")) {
            links.append("<li><a href=\"%s\">活动日历</a></li>".formatted(d.string("path")));
        }
        if (ResponseColumn.has(site)) {
            links.append("<li><a href=\"%s\">%s</a></li>".formatted(ResponseColumn.COLUMN.path(),
                    ResponseColumn.COLUMN.name()));
        }
        for (GroundTruth.Defect d : site.truth().defects("REDIRECT_CHAIN")) {
            links.append("<li><a href=\"%s\">通知公告（旧版）</a></li>".formatted(d.string("from")));
        }
        for (GroundTruth.Defect d : site.truth().defects("REDIRECT_LOOP")) {
            links.append("<li><a href=\"%s\">网上办事（旧版）</a></li>".formatted(d.string("from")));
        }
        return links.isEmpty() ? "" : "  <div class=\"zdly\"><h2>专题专栏</h2><ul>" + links + "</ul></div>\n";
    }

    private static String columnMeta(SiteProfile site, SandboxColumn column) {
        return filtered(site, """
                <meta name="ColumnName" content="%s">
                <meta name="ColumnDescription" content="%s%s栏目">
                <meta name="ColumnKeywords" content="%s">
                <meta name="ColumnType" content="%s">
                """.formatted(column.name(), esc(site.name()), column.name(), column.name(), column.name()));
    }

    /** Drops the meta tags the ground truth says the site lacks. */
    private static String filtered(SiteProfile site, String meta) {
        List<String> missing = site.truth().defects("META_MISSING").stream()
                .flatMap(d -> d.strings("tags").stream()).toList();
        if (missing.isEmpty()) {
            return meta;
        }
        return meta.lines().filter(l -> missing.stream().noneMatch(t -> l.contains("name=\"" + t + "\"")))
                .map(l -> l + "\n").collect(Collectors.joining());
    }

    static String columnPage(SiteProfile site, SandboxColumn column, List<Article> articles) {
        return columnPage(site, column, articles,
                "  <div class=\"page\">共" + articles.size() + "条 第1页/共1页</div>\n");
    }

    private static String columnPage(SiteProfile site, SandboxColumn column, List<Article> articles, String pager) {
        String meta = siteMeta(site) + columnMeta(site, column);
        CmsFamily family = CmsFamily.of(site);
        String list = family.list(articles, false, column.path());
        if (family == CmsFamily.SPA) {
            pager = ""; // the app writes its pager from the state's total
        }
        String main = """
                <div class="main">
                  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="%s">%s</a></div>
                  <h2>%s</h2>
                %s%s</div>
                """.formatted(column.path(), column.name(), column.name(), list, pager);
        return page(site, column.name() + "_" + site.name(), meta, main);
    }

    /**
     * A column list in pages of {@code pageSize}, as CMSs publish them: the first page at the column's path, page
     * {@code n} (from 0) at {@code index_n.html}. Columns alternate between the two pagers county sites mostly show:
     * TRS WCM's script ({@code createPageHTML(countPage, currentPage, "index", "html")}, which writes the links in the
     * browser, so a crawler must read the call) and plain 首页/上一页/下一页/尾页 links (Hanweb and most other CMSs).
     */
    static Map<String, String> pagedColumn(SiteProfile site, SandboxColumn column, List<Article> articles,
            int pageSize, CmsFamily pagerFamily) {
        Map<String, String> out = new LinkedHashMap<>();
        int total = Math.max(1, (articles.size() + pageSize - 1) / pageSize);
        for (int n = 0; n < total; n++) {
            List<Article> page = articles.subList(Math.min(articles.size(), n * pageSize),
                    Math.min(articles.size(), (n + 1) * pageSize));
            out.put(pagerFamily.listPagePath(column.path(), n),
                    columnPage(site, column, page, pagerFamily.pager(total, n, articles.size())));
        }
        return out;
    }

    /** TRS WCM's pager: the page count and the current page in variables, the links written by script. */
    static String trsPager(int total, int current) {
        return """
                  <div class="page"><script type="text/javascript">
                    var countPage = %d; //共多少页
                    var currentPage = %d; //当前第几页
                    function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
                      if (_nPageCount == null || _nPageCount <= 1) { return; }
                      var nCurrIndex = _nCurrIndex || 0;
                      if (nCurrIndex == 0) { document.write("首页 上一页 "); }
                      else {
                        document.write("<a href=\\"" + _sPageName + "." + _sPageExt + "\\">首页</a> ");
                        document.write("<a href=\\"" + (nCurrIndex == 1 ? _sPageName + "." + _sPageExt
                            : _sPageName + "_" + (nCurrIndex - 1) + "." + _sPageExt) + "\\">上一页</a> ");
                      }
                      if (nCurrIndex == _nPageCount - 1) { document.write("下一页 尾页"); }
                      else {
                        document.write("<a href=\\"" + _sPageName + "_" + (nCurrIndex + 1) + "." + _sPageExt + "\\">下一页</a> ");
                        document.write("<a href=\\"" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "\\">尾页</a>");
                      }
                    }
                    createPageHTML(countPage, currentPage, "index", "html");
                  </script></div>
                """.formatted(total, current);
    }

    /** Plain links: 首页 上一页 下一页 尾页, and where the reader is. */
    static String linkPager(int total, int current, int items) {
        String first = current == 0 ? "首页" : "<a href=\"./\">首页</a>";
        String previous = current == 0 ? "上一页"
                : "<a href=\"" + (current == 1 ? "./" : "index_" + (current - 1) + ".html") + "\">上一页</a>";
        String next = current == total - 1 ? "下一页" : "<a href=\"index_" + (current + 1) + ".html\">下一页</a>";
        String last = current == total - 1 ? "尾页" : "<a href=\"index_" + (total - 1) + ".html\">尾页</a>";
        return "  <div class=\"pagination\">共" + items + "条 第" + (current + 1) + "页/共" + total + "页 " + first + " "
                + previous + " " + next + " " + last + "</div>\n";
    }

    private static String articlePage(SiteProfile site, Article a, Article related) {
        String published = a.published().format(MINUTE);
        String description = a.paragraphs().stream().filter(p -> p.length() > 20 && !p.endsWith("：")).findFirst().orElse(a.title());
        if (description.length() > 80) {
            description = description.substring(0, 80) + "……";
        }
        String meta = siteMeta(site) + filtered(site, """
                <meta name="ColumnName" content="%s">
                <meta name="ColumnType" content="%s">
                <meta name="ArticleTitle" content="%s">
                <meta name="PubDate" content="%s">
                <meta name="ContentSource" content="%s">
                <meta name="Keywords" content="%s">
                <meta name="Author" content="%s">
                <meta name="Description" content="%s">
                <meta name="Url" content="http://%s%s">
                """.formatted(a.column().name(), a.column().name(), esc(a.title()), published, esc(site.office()),
                esc(a.topic()), esc(site.office()), esc(description), site.domain(), a.path()));
        if (a.undated()) {
            meta = meta.lines().filter(l -> !l.contains("name=\"PubDate\"")).map(l -> l + "\n")
                    .collect(Collectors.joining());
        }
        if (media(a).contains("<img")) {
            // the national guideline asks an article that shows an image to name it in Image
            meta += filtered(site, "<meta name=\"Image\" content=\"http://%s/images/zcjd/%d.png\">\n"
                    .formatted(site.domain(), a.id()));
        }
        StringBuilder body = new StringBuilder();
        if (a.docNumber() != null) {
            body.append("""
                    <table class="doc-meta">
                      <tr><th>索引号</th><td>%s/%s-%d</td><th>主题分类</th><td>综合政务</td></tr>
                      <tr><th>发文机关</th><td>%s</td><th>文号</th><td>%s</td></tr>
                      <tr><th>成文日期</th><td>%s</td><th>发布日期</th><td>%s</td></tr>
                    </table>
                    """.formatted(site.siteIdCode(), a.published().getYear(), a.id(), esc(site.name()),
                    esc(a.docNumber()), (a.written() == null ? a.date() : a.written()).format(DAY),
                    a.published().format(DAY)));
        }
        for (String p : a.paragraphs()) {
            body.append("    <p>").append(esc(p)).append("</p>\n");
        }
        body.append(media(a));
        String relation = "";
        if (related != null) {
            String label = a.column().columnType().equals("POLICY") ? "相关解读" : "相关文件";
            relation = "  <div class=\"related\">%s：<a href=\"%s\">%s</a></div>\n"
                    .formatted(label, related.path(), esc(related.title()));
        }
        String main = """
                <div class="main">
                  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="%s">%s</a></div>
                  <div class="article">
                    <h1>%s</h1>
                    <div class="info">%s<span>来源：%s</span></div>
                    <div class="content">
                %s    </div>
                %s  </div>
                </div>
                """.formatted(a.column().path(), a.column().name(), esc(a.title()),
                a.undated() ? "" : "<span>发布日期：" + CmsFamily.of(site).infoDate(a.published()) + "</span> ",
                esc(site.office()), body, relation);
        return page(site, a.title() + "_" + site.name(), meta, main);
    }

    /** Interpretations in other forms than text: 图解 as an image, a press conference (答记者问) as a video. */
    private static String media(Article a) {
        if (!a.column().columnType().equals("INTERPRETATION")) {
            return "";
        }
        if (a.title().contains("H5")) {
            return "    <p class=\"h5\"><iframe src=\"%s\" width=\"750\" height=\"1200\" title=\"%s\"></iframe></p>\n"
                    .formatted(h5Path(a), esc(a.title()));
        }
        if (a.title().contains("图解") || a.title().contains("一图读懂")) {
            return "    <p class=\"tujie\"><img src=\"/images/zcjd/%d.png\" alt=\"%s\" width=\"750\"></p>\n"
                    .formatted(a.id(), esc(a.title()));
        }
        if (a.title().contains("答记者问")) {
            return "    <p class=\"video\"><video controls width=\"640\" src=\"/video/zcjd/%d.mp4\"></video></p>\n"
                    .formatted(a.id());
        }
        return "";
    }

    /** Where the H5 page an interpretation embeds is served. */
    private static String h5Path(Article a) {
        return "/h5/zcjd/" + a.id() + "/";
    }

    /** The H5 page itself: a one-screen interactive summary, as such pages are. */
    private static String h5Page(SiteProfile site, Article a) {
        return page(site, a.title(), siteMeta(site), """
                <div class="main h5"><h1>%s</h1><p>滑动查看政策要点：出台背景、主要内容、办理方式。</p></div>
                """.formatted(esc(a.title())));
    }

    /** 领导之窗: every leader's name, position and duties (姓名、职务、分工), principal first. */
    private static String leaderPage(SiteProfile site) {
        String leaders = site.leaders().stream().map(l -> """
                  <div class="leader"><h3>%s</h3><p>职务：%s</p><p>分工：%s</p></div>
                """.formatted(esc(l.name()), esc(l.position()), esc(l.duties()))).collect(Collectors.joining());
        String main = """
                <div class="main">
                  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="%s">领导之窗</a></div>
                  <h1>领导之窗</h1>
                %s</div>
                """.formatted(LEADERS_PATH, leaders);
        return page(site, "领导之窗_" + site.name(), siteMeta(site), main);
    }

    static String siteMeta(SiteProfile site) {
        return filtered(site, """
                <meta name="SiteName" content="%s">
                <meta name="SiteDomain" content="%s">
                <meta name="SiteIDCode" content="%s">
                """.formatted(esc(site.name()), site.domain(), site.siteIdCode()));
    }

    static String page(SiteProfile site, String title, String meta, String main) {
        CmsFamily family = CmsFamily.of(site);
        String nav = SiteGenerator.COLUMNS.stream()
                .map(c -> "      <li><a href=\"%s\">%s</a></li>".formatted(c.path(), c.name()))
                .collect(Collectors.joining("\n"));
        String search = site.has("NO_SEARCH") ? "" : " <form class=\"search\" action=\"/search/\" method=\"get\">"
                + "<input type=\"text\" name=\"q\"><button type=\"submit\">搜索</button></form>";
        return """
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head>
                <meta charset="%s">
                <title>%s</title>
                %s<style>
                body{font-family:"Microsoft YaHei",sans-serif;margin:0;color:#333}
                .header,.top,#head,.site-header,.g-header{background:#b40000;color:#fff;padding:16px 40px;font-size:26px}
                .nav ul,.dh ul,.menu ul,.main-nav ul,.g-nav ul{list-style:none;margin:0;padding:0 40px;background:#d21f1f;display:flex}
                .nav li a,.dh li a,.menu li a,.main-nav li a,.g-nav li a{display:block;color:#fff;padding:10px 18px;text-decoration:none}
                .main{padding:20px 40px} .list li{display:flex;justify-content:space-between;max-width:900px}
                .footer,.bottom,.foot,.site-footer,.g-footer{border-top:3px solid #b40000;padding:16px 40px;font-size:13px;color:#666;text-align:center}
                </style>
                </head>
                <body>
                %s%s%s</body>
                </html>
                """.formatted(gbk(site) ? "gb2312" : "utf-8", esc(title), meta, family.header(esc(site.name()), search, nav),
                family.restyle(main), family.footer(site, !site.has("FOOTER_MISSING")));
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
