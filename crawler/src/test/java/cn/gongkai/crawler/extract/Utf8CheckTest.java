package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Charsets#isUtf8} agrees with the JDK's strict UTF-8 decoder, byte for byte. */
class Utf8CheckTest {

    private static boolean jdk(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void edgeCasesOfTheStandardAreJudgedAsTheJdkDoes() {
        int[][] cases = {{}, {0x41}, {0xC2, 0x80}, {0xC1, 0xBF}, {0xC0, 0x80}, {0xDF, 0xBF}, {0xE0, 0x9F, 0x80},
                {0xE0, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xED, 0xA0, 0x80}, {0xEF, 0xBF, 0xBD}, {0xF0, 0x8F, 0x80, 0x80},
                {0xF0, 0x90, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80},
                {0xE4, 0xB8}, {0xE4}, {0x80}, {0xFF}, {0xC4, 0xE3, 0xBA, 0xC3}, {0xE4, 0xBD, 0xA0, 0xE5, 0xA5, 0xBD}};
        for (int[] c : cases) {
            byte[] bytes = new byte[c.length];
            for (int i = 0; i < c.length; i++) {
                bytes[i] = (byte) c[i];
            }
            assertThat(Charsets.isUtf8(bytes)).as(java.util.Arrays.toString(c)).isEqualTo(jdk(bytes));
        }
        assertThat(Charsets.isUtf8("政务公开 <title>通知公告</title>".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Charsets.isUtf8("政务公开".getBytes(java.nio.charset.Charset.forName("GBK")))).isFalse();
    }

    @Test
    void randomBytesAndMangledUtf8AreJudgedAsTheJdkDoes() {
        Random random = new Random(18);
        byte[] text = "关于做好冬季安全生产工作的通知 2026-11-20 ©".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes;
            if (round % 2 == 0) {
                bytes = new byte[random.nextInt(8)];
                random.nextBytes(bytes);
            } else {
                bytes = text.clone();
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            assertThat(Charsets.isUtf8(bytes)).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdk(bytes));
        }
    }
}
