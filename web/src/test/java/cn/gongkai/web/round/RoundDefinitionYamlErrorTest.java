package cn.gongkai.web.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A round definition that is not valid YAML is refused in Chinese, with the line and column, never in English. */
class RoundDefinitionYamlErrorTest {

    /** Three or more Latin letters in a row, outside field names quoted in 「」: the parser's English. */
    private static final Pattern ENGLISH = Pattern.compile("[A-Za-z]{3,}");

    private static String refusal(String yaml) {
        Throwable t = catchThrowable(() -> RoundDefinition.parse(yaml, null));
        assertThat(t).isInstanceOf(RoundDefinitionException.class);
        String message = t.getMessage();
        assertThat(message).startsWith("轮次定义 YAML 无法解析：");
        assertThat(ENGLISH.matcher(message.replace("YAML", "").replaceAll("「[^」]*」|（字段：[^）]*）", "")).find())
                .as(message).isFalse();
        return message;
    }

    @Test
    void aTabInTheIndentationIsNamedWithItsLine() {
        assertThat(refusal("name: 测试\ngroups:\n\t- code: a\n")).contains("第 3 行", "不能用制表符缩进，请改用空格");
    }

    @Test
    void aKeyIndentedUnderAPlainValueIsNamedWithItsLineAndColumn() {
        assertThat(refusal("name: 测试\n  indicatorSystem: default\n"))
                .contains("第 2 行第 18 列", "此处不能出现「名称: 值」");
    }

    @Test
    void anUnclosedQuoteAndAnUnclosedBracket() {
        assertThat(refusal("name: '测试\nindicatorSystem: default\n")).contains("引号没有闭合", "（从第 1 行第 7 列开始）");
        assertThat(refusal("name: 测试\npoints: [a, b\ngroups: []\n")).contains("方括号 [ ] 没有闭合");
    }

    @Test
    void anUnknownFieldAndAValueOfTheWrongType() {
        assertThat(refusal("name: 测试\nindicatorSytem: default\n"))
                .isEqualTo("轮次定义 YAML 无法解析：没有名为「indicatorSytem」的字段（检查拼写和缩进）（字段：indicatorSytem）");
        assertThat(refusal("name: 测试\nindicatorSystem: default\ncrawlDelayMs: abc\n"))
                .isEqualTo("轮次定义 YAML 无法解析：「abc」不是整数（字段：crawlDelayMs）");
    }
}
