package cn.gongkai.web.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptHighlighterTest {

    @Test
    void marksTheExcerptInsideItsTextNodeOnly() {
        var result = ExcerptHighlighter.highlight(
                "<html><body><p>前文 关于开展安全检查的通知 后文</p><script>alert(1)</script></body></html>",
                "关于开展安全检查的通知");
        assertThat(result.found()).isTrue();
        assertThat(result.html()).contains("<p>前文 <mark id=\"gongkai-mark\" class=\"gongkai-mark\">关于开展安全检查的通知</mark> 后文</p>");
        assertThat(result.html()).containsOnlyOnce("<mark");
    }

    @Test
    void fallsBackToTheLongestFragmentOfADecoratedExcerpt() {
        var result = ExcerptHighlighter.highlight(
                "<ul><li><a href=\"/a.html\">石门县召开政务公开工作会议</a><span>2024-01-02</span></li></ul>",
                "《石门县召开政务公开工作会议》 2024-01-02");
        assertThat(result.found()).isTrue();
        assertThat(result.html()).contains("<a href=\"/a.html\"><mark id=\"gongkai-mark\" class=\"gongkai-mark\">石门县召开政务公开工作会议</mark></a>");
    }

    @Test
    void neverMarksInsideScriptsAndReportsAMiss() {
        var result = ExcerptHighlighter.highlight("<p>无关内容</p><script>var s = '关于开展安全检查的通知';</script>",
                "关于开展安全检查的通知");
        assertThat(result.found()).isFalse();
        assertThat(result.html()).doesNotContain("<mark");
    }

    @Test
    void escapesWhatItParsedSoMarkupInTheExcerptStaysText() {
        var result = ExcerptHighlighter.highlight("<p>a &lt;b&gt; 文本内容很长</p>", "<b> 文本内容很长");
        assertThat(result.html()).contains("&lt;b&gt;").doesNotContain("<b>");
    }
}
