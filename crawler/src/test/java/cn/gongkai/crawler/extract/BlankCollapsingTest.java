package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The block text's blank collapsing, written as loops, against the expressions it replaces. */
class BlankCollapsingTest {

    private static final char[] ALPHABET = {' ', '\t', '\n', '\r', '\f', '\u000B', '\u00A0', '\u3000', 'a', '字', '\u2003'};

    @Test
    void collapsesExactlyAsTheExpressionsDid() {
        Random random = new Random(15);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(16); k > 0; k--) {
                s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String text = s.toString();
            String lines = text.replaceAll("[ \\t\\u00A0\\u3000]*\\n[\\s\\u00A0\\u3000]*", "\n");
            assertThat(Articles.collapseLineBreaks(text)).as("%s", text.chars().boxed().toList()).isEqualTo(lines);
            assertThat(Articles.collapseSpaceRuns(lines)).as("%s", lines.chars().boxed().toList())
                    .isEqualTo(lines.replaceAll("[ \\t\\u00A0]{2,}", " "));
        }
    }
}
