package cn.gongkai.scoring.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SnapshotContentTest {

    private static String canonical(Object value) {
        StringBuilder line = new StringBuilder();
        SnapshotContent.append(line, value);
        return line.toString();
    }

    @Test
    void valuesHaveOneSpellingWhateverTheirScale() {
        assertThat(canonical(new BigDecimal("80.000"))).isEqualTo("80");
        assertThat(canonical(new BigDecimal("80"))).isEqualTo("80");
        assertThat(canonical(new BigDecimal("0.000"))).isEqualTo("0");
        assertThat(canonical(new BigDecimal("77.50"))).isEqualTo("77.5");
        assertThat(canonical(null)).isEqualTo("\\N");
        assertThat(canonical(true)).isEqualTo("1");
        assertThat(canonical(12L)).isEqualTo("12");
    }

    @Test
    void separatorsInTextAreEscapedSoRowsCannotRunTogether() {
        assertThat(canonical("首页\t未更新\n第二行\\")).isEqualTo("首页\\t未更新\\n第二行\\\\");
    }
}
