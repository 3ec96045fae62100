package cn.gongkai.evaluator.check.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class HomepageFactsTest {

    private static Document page(String head, String body) {
        return Jsoup.parse("<html><head>" + head + "</head><body>" + body + "</body></html>", "http://x.gov.cn/");
    }

    private static final String GOOD_FOOTER = "<div class=footer><span class=dzjg>党政机关</span>"
            + " 网站标识码：3406000012 <a>皖ICP备05001234号-1</a> <a>皖公网安备 34060002000123号</a></div>";

    @Test
    void acceptsACompleteFooter() {
        assertThat(HomepageFacts.identifierProblems(page("", GOOD_FOOTER))).isEmpty();
        assertThat(HomepageFacts.identifierProblems(page("", "网站标识码:bm12345678 京ICP备1234567号 党政机关 京公网安备11010502030143号")))
                .isEmpty();
    }

    /** The spellings county footers use, none of them the sandbox's own. */
    @Test
    void acceptsTheVariantsRealFootersWrite() {
        assertThat(HomepageFacts.identifierProblems(page("", "<div class=bottom>网站识别码：1501000012 "
                + "<a href='https://beian.miit.gov.cn'>蒙ICP备 05006530号</a> 公安机关备案号：15010202000123 "
                + "<span id=_ideConac><script src='https://dcs.conac.cn/js/15/000/0000/CA15.js'></script></span></div>")))
                .isEmpty();
        assertThat(HomepageFacts.identifierProblems(page("", "网站标识码 3406000012 皖ICP备 05001234 号-2 "
                + "皖公网安备 34060002000123号 <a href='http://bszs.conac.cn/sitename?method=show&id=1'><img src='/i/red.png'></a>")))
                .isEmpty();
    }

    @Test
    void namesEachMissingOrMalformedIdentifier() {
        assertThat(HomepageFacts.identifierProblems(page("", "<div>网站标识码：34060012 欢迎访问</div>")))
                .containsExactly("网站标识码格式不正确：34060012", "缺少ICP备案号", "缺少公安机关备案号", "缺少党政机关网站标识");
        assertThat(HomepageFacts.identifierProblems(page("", "党政机关 网站标识码：3406000012 ICP备案 皖公网安备 3406号")))
                .containsExactly("ICP备案号格式不正确", "公安机关备案号格式不正确");
        // An 11-digit number is not a 10-digit code with something after it.
        assertThat(HomepageFacts.identifierProblems(page("", GOOD_FOOTER.replace("3406000012", "34060000129"))))
                .containsExactly("网站标识码格式不正确：34060000129");
    }

    @Test
    void findsMissingMetaTagsCaseInsensitivelyAndTreatsEmptyContentAsMissing() {
        Document doc = page("<meta name=sitename content='某县人民政府'><meta name=SiteDomain content=''>", "");
        assertThat(HomepageFacts.missingMeta(doc, HomepageFacts.HOMEPAGE_META)).containsExactly("SiteDomain", "SiteIDCode");
    }

    @Test
    void recognisesSearchFormsAndLinks() {
        assertThat(HomepageFacts.hasSearch(page("", "<form action='/search'><input name=q></form>"))).isTrue();
        assertThat(HomepageFacts.hasSearch(page("", "<form action='/s'><input type=text>搜索</form>"))).isTrue();
        assertThat(HomepageFacts.hasSearch(page("", "<a href='/jsearch/index.html'>站内检索</a>"))).isTrue();
        assertThat(HomepageFacts.hasSearch(page("", "<form action='/login'><input type=text name=u></form>"))).isFalse();
        assertThat(HomepageFacts.hasSearch(page("", "<p>无</p>"))).isFalse();
    }
}
