package cn.gongkai.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** gongkai.* as Spring binds it at start-up: gongkai.public-url is optional, and a bad one stops the start. */
class GongkaiPropertiesTest {

    private static GongkaiProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("gongkai", GongkaiProperties.class);
    }

    @Test
    void publicUrlIsOptionalAndLosesItsTrailingSlash() {
        assertThat(bind(Map.of()).publicUrl()).isNull();
        assertThat(bind(Map.of("gongkai.public-url", "")).publicUrl()).isNull();
        assertThat(bind(Map.of("gongkai.public-url", "https://gongkai.example.gov.cn")).publicUrl())
                .isEqualTo("https://gongkai.example.gov.cn");
        assertThat(bind(Map.of("gongkai.public-url", " http://10.0.0.5:8080/pinggu/ ")).publicUrl())
                .isEqualTo("http://10.0.0.5:8080/pinggu");
    }

    @Test
    void aBadPublicUrlIsRefusedWithAChineseMessage() {
        for (String bad : new String[] {"gongkai.example.gov.cn", "/pinggu", "ftp://gongkai.example.gov.cn",
                "https://gongkai.example.gov.cn/?a=1", "https://gongkai.example.gov.cn/#top", "https://", "http://a b",
                "javascript:alert(1)", "https://user:secret@gongkai.example.gov.cn"}) {
            assertThatThrownBy(() -> bind(Map.of("gongkai.public-url", bad))).as(bad)
                    .isInstanceOf(BindException.class)
                    .rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("gongkai.public-url 须为以 http:// 或 https:// 开头的完整网址，不带查询参数，例如 "
                            + "https://gongkai.example.gov.cn；当前值：" + bad.trim());
        }
    }

    @Test
    void timesAreShownInAsiaShanghaiUnlessAnotherZoneIsSet() {
        assertThat(bind(Map.of()).zone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(bind(Map.of("gongkai.time-zone", "Asia/Urumqi")).zone()).isEqualTo(java.time.ZoneId.of("Asia/Urumqi"));
        assertThatThrownBy(() -> bind(Map.of("gongkai.time-zone", "Beijing")))
                .isInstanceOf(BindException.class)
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gongkai.time-zone 须为时区标识，例如 Asia/Shanghai；当前值：Beijing");
    }
}
