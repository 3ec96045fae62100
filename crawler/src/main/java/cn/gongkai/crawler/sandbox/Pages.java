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
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Pages() {
    }

    /** Every page of the site by path ("/", "/gzdt/", "/gzdt/202611/t20261120_100001.html", "/robots.txt"). */
    static Map<String, byte[]> render(SiteProfile site, List<Article> articles) {
        Map<Integer, Article> byId = new HashMap<>();
        articles.forEach(a -> byId.put(a.id(), a));
        Map<String, byte[]> pages = new LinkedHashMap<>();
        pages.put("/", utf8(homepage(site, articles)));
        for (SandboxColumn column : SiteGenerator.COLUMNS) {
            List<Article> inColumn = articles.stream().filter(a -> a.column().equals(column)).toList();
            pages.put(column.path(), utf8(columnPage(site, column, inColumn)));
        }
        for (Article a : articles) {
            pages.put(a.path(), utf8(articlePage(site, a, a.relatedId() == null ? null : byId.get(a.relatedId()))));
        }
        pages.put("/robots.txt", utf8("User-agent: *\nDisallow:\n"));
        return pages;
    }

    static byte[] notFound(SiteProfile site) {
        return utf8(page(site, "页面不存在_" + site.name(), siteMeta(site), """
                <div class="main"><h1>您访问的页面不存在</h1><p>请返回<a href="/">首页</a>。</p></div>
                """));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String homepage(SiteProfile site, List<Article> articles) {
        String latest = articles.stream().limit(LATEST_ON_HOMEPAGE).map(Pages::listEntry)
                .collect(Collectors.joining("\n"));
        String main = """
                <div class="main">
                  <div class="latest">
                    <h2>最新动态</h2>
                    <ul class="list">
                %s
                    </ul>
                  </div>
                  <div class="gk">
                    <h2>政府信息公开</h2>
                    <p><a href="/xxgk/">政府信息公开指南</a> <a href="/xxgk/">政府信息公开制度</a>
                       <a href="/xxgk/">法定主动公开内容</a> <a href="/xxgk/">政府信息公开年报</a></p>
                  </div>
                </div>
                """.formatted(latest);
        return page(site, site.name(), siteMeta(site), main);
    }

    private static String columnPage(SiteProfile site, SandboxColumn column, List<Article> articles) {
        String meta = siteMeta(site) + """
                <meta name="ColumnName" content="%s">
                <meta name="ColumnDescription" content="%s%s栏目">
                <meta name="ColumnKeywords" content="%s">
                <meta name="ColumnType" content="%s">
                """.formatted(column.name(), esc(site.name()), column.name(), column.name(), column.name());
        String list = articles.stream().map(Pages::listEntry).collect(Collectors.joining("\n"));
        String main = """
                <div class="main">
                  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="%s">%s</a></div>
                  <h2>%s</h2>
                  <ul class="list">
                %s
                  </ul>
                  <div class="page">共%d条 第1页/共1页</div>
                </div>
                """.formatted(column.path(), column.name(), column.name(), list, articles.size());
        return page(site, column.name() + "_" + site.name(), meta, main);
    }

    private static String listEntry(Article a) {
        return "      <li><a href=\"%s\" title=\"%s\">%s</a><span>%s</span></li>"
                .formatted(a.path(), esc(a.title()), esc(a.title()), a.published().format(DAY));
    }

    private static String articlePage(SiteProfile site, Article a, Article related) {
        String published = a.published().format(MINUTE);
        String description = a.paragraphs().stream().filter(p -> p.length() > 20 && !p.endsWith("：")).findFirst().orElse(a.title());
        if (description.length() > 80) {
            description = description.substring(0, 80) + "……";
        }
        String meta = siteMeta(site) + """
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
                esc(a.topic()), esc(site.office()), esc(description), site.domain(), a.path());
        StringBuilder body = new StringBuilder();
        if (a.docNumber() != null) {
            body.append("""
                    <table class="doc-meta">
                      <tr><th>索引号</th><td>%s/%s-%d</td><th>主题分类</th><td>综合政务</td></tr>
                      <tr><th>发文机关</th><td>%s</td><th>文号</th><td>%s</td></tr>
                      <tr><th>成文日期</th><td>%s</td><th>发布日期</th><td>%s</td></tr>
                    </table>
                    """.formatted(site.siteIdCode(), a.published().getYear(), a.id(), esc(site.name()),
                    esc(a.docNumber()), a.published().format(DAY), a.published().format(DAY)));
        }
        for (String p : a.paragraphs()) {
            body.append("    <p>").append(esc(p)).append("</p>\n");
        }
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
                    <div class="info"><span>发布日期：%s</span> <span>来源：%s</span></div>
                    <div class="content">
                %s    </div>
                %s  </div>
                </div>
                """.formatted(a.column().path(), a.column().name(), esc(a.title()), published, esc(site.office()),
                body, relation);
        return page(site, a.title() + "_" + site.name(), meta, main);
    }

    private static String siteMeta(SiteProfile site) {
        return """
                <meta name="SiteName" content="%s">
                <meta name="SiteDomain" content="%s">
                <meta name="SiteIDCode" content="%s">
                """.formatted(esc(site.name()), site.domain(), site.siteIdCode());
    }

    private static String page(SiteProfile site, String title, String meta, String main) {
        String nav = SiteGenerator.COLUMNS.stream()
                .map(c -> "      <li><a href=\"%s\">%s</a></li>".formatted(c.path(), c.name()))
                .collect(Collectors.joining("\n"));
        return """
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head>
                <meta charset="utf-8">
                <title>%s</title>
                %s<style>
                body{font-family:"Microsoft YaHei",sans-serif;margin:0;color:#333}
                .header{background:#b40000;color:#fff;padding:16px 40px;font-size:26px}
                .nav ul{list-style:none;margin:0;padding:0 40px;background:#d21f1f;display:flex}
                .nav li a{display:block;color:#fff;padding:10px 18px;text-decoration:none}
                .main{padding:20px 40px} .list li{display:flex;justify-content:space-between;max-width:900px}
                .footer{border-top:3px solid #b40000;padding:16px 40px;font-size:13px;color:#666;text-align:center}
                </style>
                </head>
                <body>
                <div class="header"><span class="logo">%s</span></div>
                <div class="nav">
                  <ul>
                      <li><a href="/">首页</a></li>
                %s
                  </ul>
                </div>
                %s<div class="footer">
                  <p><span class="dzjg">党政机关</span> 主办：%s　承办：%s</p>
                  <p>网站标识码：%s　<a href="https://beian.miit.gov.cn/">%s</a>　<a href="https://www.beian.gov.cn/">%s</a></p>
                </div>
                </body>
                </html>
                """.formatted(esc(title), meta, esc(site.name()), nav, main, esc(site.office()), esc(site.office()),
                site.siteIdCode(), site.icp(), site.policeRecord());
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
