package cn.gongkai.crawler.sandbox;

import static cn.gongkai.crawler.sandbox.Pages.esc;

import cn.gongkai.crawler.sandbox.SiteGenerator.Article;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The site templates of the CMS families county portals run, as the sandbox renders them: how a list is written, how
 * it is paged, what the header, navigation, breadcrumb and footer are called, and how the footer spells the site's
 * identifiers. The markup follows what these systems publish; class names are theirs, not the checkers'.
 *
 * <ul>
 *   <li>{@link #CLASSIC}: the sandbox's own clean template ({@code ul.list}, one list page per column).</li>
 *   <li>{@link #TRS}: TRS WCM. Column lists as static rows with relative links ({@code ./202611/t…html}) paged by the
 *   {@code createPageHTML(countPage, currentPage, "index", "html")} script; the homepage's latest list written row by
 *   row with {@code document.write}; footer with the conac.cn mark as a script and a space in the ICP number.</li>
 *   <li>{@link #HANWEB}: Hanweb 大汉 JCMS. Lists as {@code <datastore><recordset><record><![CDATA[…]]>} data in a
 *   {@code script type="text/xml"}, paged in the browser; footer with the conac.cn verification link and 网站识别码.</li>
 *   <li>{@link #DIVDL}: a {@code div}/{@code dl} template, dates written 2026年11月20日, paged by {@code ?page=n};
 *   公安机关备案号 given as bare digits.</li>
 *   <li>{@link #SPA}: a single-page app: the page is a shell, the first list page comes as
 *   {@code window.__INITIAL_STATE__} JSON and the further pages from a JSON API the app calls (no links to them).</li>
 *   <li>{@link #TABLE}: an old table-layout site in GBK, dates in brackets, plain 下一页 links.</li>
 * </ul>
 */
enum CmsFamily {
    CLASSIC, TRS, HANWEB, DIVDL, SPA, TABLE;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter CHINESE_DAY = DateTimeFormatter.ofPattern("yyyy年MM月dd日");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Entries per list page in the families that page on the server; the SPA's app asks its API for as many. */
    static final int PAGE_SIZE = 6;
    static final int SPA_PAGE_SIZE = 10;

    static CmsFamily of(SiteProfile site) {
        return valueOf(site.truth().family().toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether the server renders a column's list in pages of {@link #PAGE_SIZE}, linked from each other. */
    boolean pagedOnServer() {
        return this == TRS || this == DIVDL || this == TABLE;
    }

    /**
     * A column's list (or the homepage's latest items) in this family's markup; {@code home} for the homepage. A
     * {@link #SPA} page carries only the first {@link #SPA_PAGE_SIZE} entries and the total.
     */
    String list(List<Article> entries, boolean home, String columnPath) {
        return switch (this) {
            case CLASSIC -> classicList(entries);
            case TRS -> entries.isEmpty() ? "<div class=\"no-data\">本栏目暂无信息</div>\n"
                    : "<ul class=\"xxgk_list\">\n" + entries.stream()
                    .map(a -> home ? trsWrittenRow(a) : "  <li><a href=\"%s\" target=\"_blank\" title=\"%s\">%s</a>%s</li>"
                            .formatted(relative(a, columnPath), esc(a.title()), esc(a.title()),
                                    a.undated() ? "" : "<span>[" + a.published().format(DAY) + "]</span>"))
                    .collect(Collectors.joining("\n")) + "\n</ul>\n";
            case HANWEB -> hanwebDatastore(entries);
            case DIVDL -> "<div class=\"news-list\">\n" + (entries.isEmpty()
                    ? "  <p class=\"nodata\">暂无相关信息</p>" : entries.stream()
                    .map(a -> "  <dl><dt><a href=\"%s\" title=\"%s\">%s</a></dt>%s</dl>".formatted(a.path(),
                            esc(a.title()), esc(a.title()),
                            a.undated() ? "" : "<dd class=\"time\">" + a.published().format(CHINESE_DAY) + "</dd>"))
                    .collect(Collectors.joining("\n"))) + "\n</div>\n";
            case SPA -> "<div id=\"app\"><noscript>本网站需要启用 JavaScript 才能浏览。</noscript></div>\n"
                    + "<script>window.__INITIAL_STATE__ = "
                    + spaState(entries.subList(0, Math.min(entries.size(), SPA_PAGE_SIZE)), entries.size())
                    + ";</script>\n"
                    + "<script src=\"/static/js/app.7c1e2a.js\"></script>\n";
            case TABLE -> "<table class=\"lb\" width=\"100%\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\">\n"
                    + (entries.isEmpty() ? "  <tr><td>没有找到相关记录</td></tr>" : entries.stream()
                    .map(a -> "  <tr><td width=\"85%%\"><img src=\"/images/dot.gif\"> <a href=\"%s\" target=\"_blank\">%s</a></td><td class=\"rq\">%s</td></tr>"
                            .formatted(a.path(), esc(a.title()),
                                    a.undated() ? "" : "[" + a.published().format(DAY) + "]"))
                    .collect(Collectors.joining("\n"))) + "\n</table>\n";
        };
    }

    /** The JSON the SPA's list API returns and its first page carries: one page of entries and the total. */
    static String spaState(List<Article> page, int total) {
        return "{\"code\": 200, \"total\": " + total + ", \"pageSize\": " + SPA_PAGE_SIZE + ", \"list\": ["
                + page.stream().map(a -> "{\"id\": %d, \"title\": \"%s\", \"url\": \"%s\"%s}".formatted(a.id(),
                        json(a.title()), a.path(), a.undated() ? ""
                                : ", \"publishTime\": \"" + a.published().format(SECOND) + "\""))
                .collect(Collectors.joining(", ")) + "]}";
    }

    private static String classicList(List<Article> entries) {
        String rows = entries.isEmpty() ? "      <li class=\"empty\">暂无信息</li>" : entries.stream().map(a -> a.undated()
                        ? "      <li><a href=\"%s\" title=\"%s\">%s</a></li>".formatted(a.path(), esc(a.title()), esc(a.title()))
                        : "      <li><a href=\"%s\" title=\"%s\">%s</a><span>%s</span></li>".formatted(a.path(),
                        esc(a.title()), esc(a.title()), a.published().format(DAY)))
                .collect(Collectors.joining("\n"));
        return "  <ul class=\"list\">\n" + rows + "\n  </ul>\n";
    }

    /** TRS templates that cut long titles write each row from script, with the whole title in literals. */
    private static String trsWrittenRow(Article a) {
        String row = "<li><a href=\"%s\" target=\"_blank\" title=\"%s\">%s</a>%s</li>".formatted(relative(a, "/"),
                esc(a.title()), esc(a.title()), a.undated() ? "" : "<span>" + a.published().format(DAY) + "</span>");
        return "  <script>document.write('" + row.replace("'", "\\'") + "');</script>";
    }

    /** TRS publishes links relative to the list page: {@code ./202611/t20261120_1.html} under the column. */
    private static String relative(Article a, String from) {
        return a.path().startsWith(from) ? "./" + a.path().substring(from.length()) : a.path();
    }

    private static String hanwebDatastore(List<Article> entries) {
        String records = entries.stream().map(a -> "<record><![CDATA[\n<li><a href=\"%s\" target=\"_blank\" title=\"%s\">%s</a>%s</li>\n]]></record>"
                        .formatted(a.path(), esc(a.title()), esc(a.title()),
                                a.undated() ? "" : "<span class=\"bt-data-time\">" + a.published().format(DAY) + "</span>"))
                .collect(Collectors.joining("\n"));
        return """
                <div id="4012345"><script type="text/xml"><datastore>
                <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=4012345&permissiontype=0"></a>]]></nextgroup>
                <recordset>
                %s
                </recordset>
                </datastore></script>
                <script language="javascript" src="/module/web/jpage/jpage.js"></script>
                <script>$('#4012345').jpage({dataStore: 'datastore', perPage: 15, totalRecord: %d});</script></div>
                """.formatted(records, entries.size());
    }

    /** The pager of list page {@code current} (from 0) of {@code total}; {@code base} is the column's path. */
    String pager(int total, int current, int items) {
        return switch (this) {
            case TRS -> Pages.trsPager(total, current);
            case DIVDL -> {
                StringBuilder out = new StringBuilder("  <div class=\"pagination\">");
                for (int n = 0; n < total; n++) {
                    out.append(n == current ? "<span class=\"current\">" + (n + 1) + "</span> "
                            : "<a href=\"" + divdlPage(n) + "\">" + (n + 1) + "</a> ");
                }
                if (current < total - 1) {
                    out.append("<a href=\"").append(divdlPage(current + 1)).append("\">下一页</a>");
                }
                yield out.append("</div>\n").toString();
            }
            default -> Pages.linkPager(total, current, items);
        };
    }

    /** The address of a {@link #DIVDL} list page, relative to the column: page 0 is the column itself. */
    static String divdlPage(int n) {
        return n == 0 ? "./" : "?page=" + (n + 1);
    }

    /** The path (and query) under which list page {@code n} (from 0) of a column is served. */
    String listPagePath(String columnPath, int n) {
        if (n == 0) {
            return columnPath;
        }
        return this == DIVDL ? columnPath + "?page=" + (n + 1) : columnPath + "index_" + n + ".html";
    }

    /** The date as an article page's info line writes it. */
    String infoDate(java.time.LocalDateTime published) {
        return this == DIVDL ? published.format(DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm"))
                : published.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    }

    /**
     * The page's header and navigation. {@code search} is the search form or empty; {@code nav} the column links as
     * {@code <li>} rows.
     */
    String header(String siteName, String search, String nav) {
        return switch (this) {
            case CLASSIC -> """
                    <div class="header"><span class="logo">%s</span>%s</div>
                    <div class="nav">
                      <ul>
                          <li><a href="/">首页</a></li>
                    %s
                      </ul>
                    </div>
                    """.formatted(siteName, search, nav);
            case TRS -> """
                    <div class="top"><div class="logo"><img src="/images/logo.png" alt="%s"></div>%s</div>
                    <div class="dh"><ul><li><a href="/">首页</a></li>
                    %s
                    </ul></div>
                    """.formatted(siteName, search, nav);
            case HANWEB -> """
                    <div id="head"><div class="logo">%s</div>%s</div>
                    <div class="menu"><ul><li><a href="/">首页</a></li>
                    %s
                    </ul></div>
                    """.formatted(siteName, search, nav);
            case DIVDL -> """
                    <header class="site-header"><h1 class="logo">%s</h1>%s</header>
                    <nav class="main-nav"><ul><li><a href="/">首页</a></li>
                    %s
                    </ul></nav>
                    """.formatted(siteName, search, nav);
            case SPA -> """
                    <div class="g-header"><div class="g-logo">%s</div>%s</div>
                    <div class="g-nav"><ul><li><a href="/">首页</a></li>
                    %s
                    </ul></div>
                    """.formatted(siteName, search, nav);
            case TABLE -> """
                    <table class="top" width="100%%"><tr><td><img src="/images/banner.jpg" alt="%s"></td><td>%s</td></tr></table>
                    <table class="dh" width="100%%"><tr><td><ul><li><a href="/">首页</a></li>
                    %s
                    </ul></td></tr></table>
                    """.formatted(siteName, search, nav);
        };
    }

    /** The footer: who runs the site, and the identifiers (or, when FOOTER_MISSING, only an address). */
    String footer(SiteProfile site, boolean identifiers) {
        String office = esc(site.office());
        String idCode = site.siteIdCode();
        String police = site.policeRecord();
        String policeDigits = police.replaceAll("\\D", "");
        String icp = site.icp();
        String address = "<p>地址：示范市人民路1号　联系电话：0999-12345670</p>";
        return switch (this) {
            case CLASSIC -> """
                    <div class="footer">
                      <p><span class="dzjg">党政机关</span> 主办：%s　承办：%s</p>
                        %s
                    </div>
                    """.formatted(office, office, identifiers ? "<p>网站标识码：%s　<a href=\"https://beian.miit.gov.cn/\">%s</a>　<a href=\"https://www.beian.gov.cn/\">%s</a></p>"
                    .formatted(idCode, icp, police) : address);
            case TRS -> """
                    <div class="bottom">
                      <span id="_ideConac"><script type="text/javascript" src="https://dcs.conac.cn/js/99/000/0000/60429971/CA990000000604299710001.js"></script></span>
                      <p>主办单位：%s　承办单位：%s</p>
                      %s
                    </div>
                    """.formatted(office, office, identifiers ? "<p>网站标识码：%s　<a href=\"https://beian.miit.gov.cn/\" target=\"_blank\">%s</a>　<img src=\"/images/ga.png\">公安机关备案号：%s</p>"
                    .formatted(idCode, icp.replace("备", "备 "), police) : address);
            case HANWEB -> """
                    <div class="foot">
                      <a href="http://bszs.conac.cn/sitename?method=show&id=5F1B2C3D4E" target="_blank"><img src="/images/red.png" alt=""></a>
                      <p>主办：%s　技术支持：大汉网络</p>
                      %s
                    </div>
                    """.formatted(office, identifiers ? "<p>网站识别码：%s　ICP备案号：%s　<a href=\"https://www.beian.gov.cn/\">%s</a></p>"
                    .formatted(idCode, icp, police.replace("公网安备", "公网安备 ")) : address);
            case DIVDL -> """
                    <footer class="site-footer">
                      <a class="conac" href="http://bszs.conac.cn/sitename?method=show&id=6A7B8C9D0E"><img src="https://dcs.conac.cn/image/red.png" alt="党政机关"></a>
                      <p>%s 版权所有</p>
                      %s
                    </footer>
                    """.formatted(office, identifiers ? "<p>网站标识码 %s | %s | 公安机关备案号：%s</p>"
                    .formatted(idCode, icp, policeDigits) : address);
            case SPA -> """
                    <div id="footer" class="g-footer">
                      <p><img src="/static/img/dzjg.png" alt="党政机关"> 主办：%s</p>
                      %s
                    </div>
                    """.formatted(office, identifiers ? "<p>网站标识码：%s　%s　%s</p>".formatted(idCode, icp, police)
                    : address);
            case TABLE -> """
                    <table class="bottom" width="100%%"><tr><td align="center">
                      <a href="http://bszs.conac.cn/sitename?method=show&id=1A2B3C"><img src="/images/dzjg.gif" border="0"></a>
                      <br>主办：%s　<br>%s
                    </td></tr></table>
                    """.formatted(office, identifiers ? "网站标识码：%s　ICP备案号：<a href=\"https://beian.miit.gov.cn/\">%s</a>　%s"
                    .formatted(idCode, icp, police) : address);
        };
    }

    /** The parts every page has, as the sandbox's own template names them: {@code <div class="main">} … */
    private static final List<String> PARTS = List.of("main", "position", "article", "info", "content");

    /** The template's own names for the parts every page has ({@link #PARTS}, in order; null keeps the part's). */
    String restyle(String main) {
        String[] names = switch (this) {
            case CLASSIC -> new String[5];
            case TRS -> new String[] {"class=\"container\"", "class=\"dqwz\"", "class=\"xl_con\"",
                    "class=\"xl_info\"", "class=\"TRS_Editor\""};
            case HANWEB -> new String[] {"class=\"main-box\"", "class=\"location\"", "class=\"art_con\"",
                    "class=\"art_info\"", "id=\"zoom\""};
            case DIVDL -> new String[] {"class=\"wrapper\"", "class=\"breadcrumb\"", "class=\"detail\"",
                    "class=\"detail-meta\"", "class=\"detail-body\""};
            case SPA -> new String[] {"class=\"g-main\"", "class=\"crumbs\"", "class=\"article-detail\"", null,
                    "class=\"article-content\""};
            case TABLE -> new String[] {"class=\"zw\"", "class=\"weizhi\"", "class=\"wz\"", null,
                    "class=\"nr\""};
        };
        for (int i = 0; i < PARTS.size(); i++) {
            if (names[i] != null) {
                main = main.replace("<div class=\"" + PARTS.get(i) + "\">", "<div " + names[i] + ">");
            }
        }
        return main;
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
