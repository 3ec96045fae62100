package cn.gongkai.web.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextInputTest {

    @Test
    void lengthsCountCharactersAsTheDatabaseDoes() {
        // Two UTF-16 units, one character: 200 of them fit a VARCHAR(200).
        String emoji = "\uD83D\uDE00";
        assertThat(TextInput.limited(emoji.repeat(200), "轮次名称", 200)).hasSize(400);
        assertThatThrownBy(() -> TextInput.limited("字".repeat(201), "轮次名称", 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("「轮次名称」不能超过 200 个字符（现有 201 个）");
        assertThat(TextInput.limited(null, "理由", 10)).isNull();
    }

    @Test
    void namesRefuseControlAndBidirectionalCharacters() {
        assertThat(TextInput.nameProblem("石门县人民政府", "单位名称", 200)).isNull();
        assertThat(TextInput.nameProblem("石门\u0000县", "单位名称", 200)).contains("「单位名称」含有", "控制字符");
        assertThat(TextInput.nameProblem("石门\n县", "单位名称", 200)).contains("控制字符");
        assertThat(TextInput.nameProblem("石门\u202E县", "单位名称", 200)).contains("改变文字显示方向");
        assertThat(TextInput.nameProblem("石门\u2067县", "单位名称", 200)).contains("改变文字显示方向");
        assertThat(TextInput.withoutBidi("a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j\u200Ek\u200Fl"))
                .isEqualTo("abcdefghijkl");
    }

    @Test
    void multiLineTextsKeepLineBreaksAndRefuseOtherControlAndBidirectionalCharacters() {
        assertThat(TextInput.text("已整改。\r\n\t见首页。", "整改情况", 100)).isEqualTo("已整改。\r\n\t见首页。");
        assertThat(TextInput.text(null, "整改情况", 100)).isNull();
        assertThatThrownBy(() -> TextInput.text("已整改\u0007", "整改情况", 100))
                .hasMessage("「整改情况」含有不可见的控制字符，请删除后重试");
        assertThatThrownBy(() -> TextInput.text("已整改\u202Efdp.exe", "整改情况", 100))
                .hasMessage("「整改情况」含有改变文字显示方向的不可见字符，请删除后重试");
        assertThatThrownBy(() -> TextInput.text("长".repeat(101), "整改情况", 100))
                .hasMessage("「整改情况」不能超过 100 个字符（现有 101 个）");
    }
}
