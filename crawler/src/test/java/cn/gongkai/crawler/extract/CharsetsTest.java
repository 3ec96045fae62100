package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CharsetsTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final String PAGE = "<html><head><title>关于印发《石门县政务公开工作要点》的通知</title></head>"
            + "<body><p>各乡镇人民政府、街道办事处，县政府各部门：现将《政务公开工作要点》印发给你们，请认真贯彻落实。"
            + "朱镕基同志、王堃同志出席会议。</p></body></html>";

    @Test
    void gb2312LabelIsReadAsGb18030SoGbkOnlyCharactersSurvive() {
        Charsets.Decoded d = Charsets.decode(PAGE.getBytes(GBK), "text/html; charset=gb2312");
        assertThat(d.text()).isEqualTo(PAGE);
        assertThat(d.charset().name()).isEqualTo("GB18030");
        assertThat(d.source()).isEqualTo("header");
        assertThat(d.malformed()).isZero();
    }

    @Test
    void aDeclarationTheBytesContradictIsOverruledByDetection() {
        Charsets.Decoded d = Charsets.decode(PAGE.getBytes(GBK), "text/html; charset=utf-8");
        assertThat(d.text()).isEqualTo(PAGE);
        assertThat(d.source()).isEqualTo("detected");
        assertThat(d.declared()).isEqualTo("utf-8");
    }

    @Test
    void metaDeclarationIsUsedWithoutHeaderAndBomWinsOverEverything() {
        String html = "<meta charset=\"gbk\">" + PAGE;
        assertThat(Charsets.decode(html.getBytes(GBK), null).source()).isEqualTo("meta");
        byte[] bom = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8 = PAGE.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, body, 0, 3);
        System.arraycopy(utf8, 0, body, 3, utf8.length);
        Charsets.Decoded d = Charsets.decode(body, "text/html; charset=gbk");
        assertThat(d.text()).isEqualTo(PAGE);
        assertThat(d.source()).isEqualTo("bom");
    }

    @Test
    void undeclaredBytesAreDetectedAndAHalfCharacterIsDroppedAndCounted() {
        byte[] gbk = PAGE.getBytes(GBK);
        assertThat(Charsets.decode(gbk, null).text()).isEqualTo(PAGE);
        // a CMS that cuts a title after the first byte of a two-byte character leaves a lone lead byte
        byte[] cut = "标题激".getBytes(GBK);
        byte[] body = new byte[cut.length];
        System.arraycopy(cut, 0, body, 0, cut.length);
        body[cut.length - 1] = '.';
        Charsets.Decoded d = Charsets.decode(body, "text/html; charset=gbk");
        assertThat(d.text()).isEqualTo("标题.");
        assertThat(d.malformed()).isEqualTo(1);
    }
}
