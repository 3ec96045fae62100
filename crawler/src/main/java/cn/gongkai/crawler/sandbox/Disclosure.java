package cn.gongkai.crawler.sandbox;

import static cn.gongkai.crawler.sandbox.Pages.esc;

import cn.gongkai.crawler.sandbox.SiteGenerator.Article;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The 政府信息公开 platform of a sandbox site: 指南 (guide), 制度, 目录 (catalogue), 法定主动公开内容 and 年报 (annual
 * reports), each on a page of its own as the national guideline asks, minus what the ground truth says is missing.
 */
final class Disclosure {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    record Part(String name, String path) {
    }

    private Disclosure() {
    }

    static List<Part> parts(SiteProfile site) {
        List<String> missing = missing(site);
        List<Part> parts = new ArrayList<>();
        for (Part p : List.of(new Part("指南", "/xxgk/zn/"), new Part("制度", "/xxgk/zd/"), new Part("目录", "/xxgk/ml/"),
                new Part("法定主动公开内容", "/xxgk/fdzdgknr/"), new Part("年报", "/xxgk/nb/"))) {
            if (!missing.contains(p.name())) {
                parts.add(p);
            }
        }
        return parts;
    }

    private static List<String> missing(SiteProfile site) {
        return site.truth().defects("XXGK_INCOMPLETE").stream().flatMap(d -> d.strings("missing").stream()).toList();
    }

    static String homepageLinks(SiteProfile site) {
        return parts(site).stream()
                .map(p -> "<a href=\"%s\">政府信息公开%s</a>".formatted(p.path(), p.name()))
                .collect(Collectors.joining(" ")) + budgetColumnLink(site);
    }

    /** The link to the 预决算公开 column, where the site has one. */
    private static String budgetColumnLink(SiteProfile site) {
        return site.has("BUDGET_COLUMN_MISSING") ? ""
                : " <a href=\"%s\">%s</a>".formatted(Pages.BUDGET_COLUMN.path(), Pages.BUDGET_COLUMN.name());
    }

    static Map<String, String> render(SiteProfile site, List<Article> articles) {
        Map<String, String> pages = new LinkedHashMap<>();
        for (Part p : parts(site)) {
            String main = switch (p.name()) {
                case "指南" -> paragraphs(Bodies.disclosure(site, site.name() + "政府信息公开指南"));
                case "制度" -> paragraphs(List.of("为规范政府信息公开工作，" + site.name()
                        + "建立了信息公开审查、主动公开、依申请公开、监督考核等工作制度。"));
                case "目录" -> catalogue(site, articles);
                case "法定主动公开内容" -> """
                        <ul class="list"><li><a href="/zcwj/">规章和规范性文件</a></li><li><a href="/xxgk/">机构职能</a></li>
                        <li><a href="%s">财政预决算</a></li><li><a href="/tzgg/">通知公告</a></li></ul>
                        """.formatted(site.has("BUDGET_COLUMN_MISSING") ? "/xxgk/" : Pages.BUDGET_COLUMN.path());
                case "年报" -> "<ul class=\"list\">\n" + articles.stream()
                        .filter(a -> a.title().endsWith("政府信息公开工作年度报告"))
                        .map(a -> "  <li><a href=\"%s\">%s</a><span>%s</span></li>".formatted(a.path(), esc(a.title()),
                                a.published().format(DAY)))
                        .collect(Collectors.joining("\n")) + "\n</ul>\n";
                default -> "";
            };
            String title = "政府信息公开" + p.name();
            pages.put(p.path(), Pages.page(site, title + "_" + site.name(), Pages.siteMeta(site), """
                    <div class="main">
                      <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; %s</div>
                      <h1>%s</h1>
                    %s</div>
                    """.formatted(p.name(), title, main)));
        }
        return pages;
    }

    private static String paragraphs(List<String> ps) {
        return ps.stream().map(p -> "  <p>" + esc(p) + "</p>").collect(Collectors.joining("\n")) + "\n";
    }

    /** The catalogue (Art. 12): 索引号, 名称, 内容概述, 生成日期 per item; missing fields per the ground truth. */
    private static String catalogue(SiteProfile site, List<Article> articles) {
        List<String> missing = site.truth().defects("CATALOGUE_FIELDS_MISSING").stream()
                .flatMap(d -> d.strings("missing").stream()).toList();
        List<String> fields = new ArrayList<>(List.of("索引号", "名称", "内容概述", "生成日期"));
        fields.removeAll(missing);
        StringBuilder out = new StringBuilder("<table class=\"catalogue\">\n  <tr>");
        fields.forEach(f -> out.append("<th>").append(f).append("</th>"));
        out.append("</tr>\n");
        for (Article a : articles) {
            String type = a.column().columnType();
            if (!type.equals("POLICY") && !type.equals("NOTICE") && !type.equals("DISCLOSURE")) {
                continue;
            }
            out.append("  <tr>");
            for (String f : fields) {
                out.append("<td>").append(switch (f) {
                    case "索引号" -> site.siteIdCode() + "/" + a.published().getYear() + "-" + a.id();
                    case "名称" -> "<a href=\"" + a.path() + "\">" + esc(a.title()) + "</a>";
                    case "内容概述" -> esc(a.title().length() > 20 ? a.title().substring(0, 20) + "……" : a.title());
                    case "生成日期" -> (a.written() == null ? a.date() : a.written()).format(DAY);
                    default -> "";
                }).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</table>\n").toString();
    }
}
