package cn.gongkai.evaluator.check.interpretation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Matching titles, reading forms and interpreters from pages written the way real sites write them. */
class InterpretationChecksTest {

    private static Document page(String content) {
        return Jsoup.parse("""
                <html><body><div class="header"><img src="/images/logo.png" alt="网站标识"></div>
                <div class="nav"><a href="/zcjd/">政策解读</a></div>
                <div class="main">%s</div>
                <div class="footer"><img src="/images/dzjg.png" width="40"></div></body></html>
                """.formatted(content), "http://www.example.gov.cn/zcjd/202611/t20261120_1.html");
    }

    @Test
    void titlesAreMatchedOnTheQuotedNameOrWhatIsLeftOfTheInterpretationTitle() {
        Set<String> keys = Set.of(PolicyInterpretations.squeeze("清河区人民政府关于印发《清河区安全生产管理办法》的通知"),
                PolicyInterpretations.squeeze("清河区安全生产管理办法"));
        assertThat(PolicyInterpretations.titleMatches(keys, "《清河区安全生产管理办法》政策解读")).isTrue();
        assertThat(PolicyInterpretations.titleMatches(keys, "图解：《清河区 安全生产管理办法》")).isTrue();
        assertThat(PolicyInterpretations.titleMatches(keys, "关于《清河区安全生产管理办法》的解读")).isTrue();
        assertThat(PolicyInterpretations.titleMatches(keys, "清河区安全生产管理办法解读")).isTrue();
        assertThat(PolicyInterpretations.titleMatches(keys, "《清河区森林防火管理办法》政策解读")).isFalse();
        // a name too short to tell documents apart is not contained in another
        assertThat(PolicyInterpretations.titleMatches(keys, "《管理办法》解读")).isFalse();
    }

    @Test
    void theDocumentNumberIsReadFromTheMetadataHeader() {
        Document doc = page("<table><tr><th>发文机关</th><td>清河区人民政府</td><th>文号</th><td>清政发〔2026〕8号</td></tr>"
                + "</table><p>各乡镇人民政府：依据清政办〔2025〕3号文件……</p>");
        assertThat(PolicyInterpretations.docNumber(doc)).contains("清政发〔2026〕8号");
    }

    @Test
    void formsBeyondTextAreSeenInTheContentButNotInDecoration() {
        assertThat(InterpretationChecks.forms(page("<h1>《办法》政策解读</h1><p>一、出台背景。</p>"))).isEmpty();
        assertThat(InterpretationChecks.forms(page("<p><img src=\"/images/zcjd/1.png\" width=\"750\"></p>")))
                .containsExactly("图解/图表");
        assertThat(InterpretationChecks.forms(page("<p><img src=\"/images/icon_print.gif\"></p>"))).isEmpty();
        assertThat(InterpretationChecks.forms(page("<video controls src=\"/v/1.mp4\"></video>")))
                .containsExactly("视频");
        assertThat(InterpretationChecks.forms(page("<a href=\"/v/2.MP4\">点击观看</a>"))).containsExactly("视频");
        assertThat(InterpretationChecks.forms(page("<audio src=\"/a/1.mp3\"></audio>"))).containsExactly("音频");
        assertThat(InterpretationChecks.forms(page("<iframe src=\"https://h5.example.com/zcjd/1\"></iframe>")))
                .containsExactly("H5/嵌入页面");
    }

    @Test
    void theInterpreterIsReadFromLabelsOrFromASpeakerInTheTitle() {
        assertThat(InterpretationChecks.interpreter("《办法》政策解读",
                page("<p>解读机关：清河区人民政府办公室；解读人：李华；联系电话：0999-1</p>")))
                .contains("解读机关：清河区人民政府办公室，解读人：李华");
        assertThat(InterpretationChecks.interpreter("清河区有关负责同志就《办法》答记者问", page("<p>问：……</p>")))
                .contains("解读人：清河区有关负责同志");
        assertThat(InterpretationChecks.interpreter("《办法》政策解读", page("<p>四、做好政策宣传解读。</p>"))).isEmpty();
    }
    @Test
    void theLeaderPageNamesThePrincipalLeaderNeverADeputy() {
        // one leader per block, name and position in separate elements
        assertThat(Leaders.principals(page("""
                <h1>领导之窗</h1>
                <div class="leader"><h3>马晓军</h3><p>职务：常务副县长</p><p>分工：负责政府常务工作。</p></div>
                <div class="leader"><h3>王建国</h3><p>职务：县委副书记、县长</p><p>分工：主持县政府全面工作。</p></div>
                <div class="leader"><h3>李华</h3><p>职务：副县长</p></div>""")))
                .containsExactly(java.util.Map.entry("王建国", "县长"));
        // a table, and a list that puts the position first
        assertThat(Leaders.principals(page("<table><tr><td>张德胜</td><td>党组书记、局长</td></tr>"
                + "<tr><td>何立群</td><td>副局长</td></tr></table>"))).containsOnlyKeys("张德胜");
        assertThat(Leaders.principals(page("<ul><li>主任：许文斌</li><li>副主任：秦海峰</li></ul>")))
                .containsOnlyKeys("许文斌");
        assertThat(Leaders.principalPosition("办公室主任")).isEmpty();
    }

    @Test
    void aPrincipalLeaderInterpretsByTitleOrAsTheNamedInterpreter() {
        java.util.Map<String, String> principals = java.util.Map.of("王建国", "县长");
        assertThat(InterpretationChecks.principalBy("县长解读《清河区安全生产管理办法》", null, java.util.Map.of()))
                .get().asString().contains("县长解读");
        assertThat(InterpretationChecks.principalBy("市教育局局长谈“双减”政策落实", null, java.util.Map.of())).isPresent();
        assertThat(InterpretationChecks.principalBy("县政府主要负责同志就《实施意见》答记者问", null, java.util.Map.of()))
                .isPresent();
        assertThat(InterpretationChecks.principalBy("《实施意见》政策解读", "王建国", principals)).get().asString()
                .contains("县长");
        assertThat(InterpretationChecks.principalBy("王建国做客在线访谈解读乡村振兴政策", null, principals)).isPresent();
        // deputies and unnamed officials are not the principal leader
        assertThat(InterpretationChecks.principalBy("副县长解读《清河区安全生产管理办法》", null, principals)).isEmpty();
        assertThat(InterpretationChecks.principalBy("常务副县长就《实施意见》答记者问", null, principals)).isEmpty();
        assertThat(InterpretationChecks.principalBy("清河区有关负责同志就《实施意见》答记者问", "李华", principals))
                .isEmpty();
    }
}
