package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** Footer identifiers as real footers write them, what is missing or malformed, and inspect-page printing them. */
class SiteIdentifiersTest {

    private static SiteIdentifiers footer(String html) {
        return SiteIdentifiers.read(Jsoup.parse("<html><body><div class=\"main\">正文</div>" + html + "</body></html>"));
    }

    @Test
    void identifiersAreReadInTheVariantsFootersUse() {
        SiteIdentifiers ids = footer("<div class=\"bottom\"><p>网站识别码：bm12345678　蒙ICP备 05006530号-1</p>"
                + "<p>公安机关备案号：15010202000123</p><span id=\"_ideConac\"><script "
                + "src=\"https://dcs.conac.cn/js/33/000/0000/60425781/CA330000000604257810002.js\"></script></span></div>");
        assertThat(ids.siteCode()).isEqualTo("bm12345678");
        assertThat(ids.icp()).isEqualTo("蒙ICP备 05006530号-1");
        assertThat(ids.police()).isEqualTo("公安机关备案号：15010202000123");
        assertThat(ids.partyMark()).isTrue();
        assertThat(ids.problems()).isEmpty();
        assertThat(footer("<p>网站标识码 1501020001 京ICP备12345678号 京公网安备 11010202000001号</p>"
                + "<a href=\"http://bszs.conac.cn/sitename?method=show&id=1\"><img src=\"/images/red.png\"></a>")
                .problems()).isEmpty();
    }

    @Test
    void whatIsMissingOrMalformedIsNamed() {
        assertThat(footer("<p>版权所有：示范市人民政府</p>").problems()).containsExactly("缺少网站标识码", "缺少ICP备案号",
                "缺少公安机关备案号", "缺少党政机关网站标识");
        assertThat(footer("<p>网站标识码：15010200 ICP备案号：待定 京公网安备 1101号</p><img src=\"/dzjg.png\">")
                .problems()).containsExactly("网站标识码格式不正确：15010200", "ICP备案号格式不正确",
                "公安机关备案号格式不正确");
    }

    @Test
    void inspectPagePrintsTheIdentifiersItJudgesBy() {
        byte[] page = ("<html><head><title>示范区人民政府</title></head><body><div class=\"footer\">网站标识码：1501020001 "
                + "蒙ICP备05006530号</div></body></html>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> out = PageInspector.inspect(page, "text/html; charset=utf-8", "http://www.example.gov.cn/",
                LocalDate.of(2026, 12, 7));
        @SuppressWarnings("unchecked")
        Map<String, Object> ids = (Map<String, Object>) out.get("identifiers");
        assertThat(ids).containsEntry("siteCode", "1501020001").containsEntry("icp", "蒙ICP备05006530号")
                .containsEntry("police", null).containsEntry("partyMark", false);
        assertThat(ids.get("problems")).asList().containsExactly("缺少公安机关备案号", "缺少党政机关网站标识");
    }
}
