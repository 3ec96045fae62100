package cn.gongkai.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockingAndRetryAfterTest {

    private static FetchResult response(int status, String retryAfter, Instant at) {
        return new FetchResult(URI.create("http://x.gov.cn/"), at, null, Map.of(), status,
                retryAfter == null ? Map.of() : Map.of("retry-after", List.of(retryAfter)), new byte[0], false, 5, null);
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        Instant at = Instant.parse("2026-11-29T08:00:00Z");
        assertThat(response(429, "7", at).retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(response(503, "Sun, 29 Nov 2026 08:01:30 GMT", at).retryAfter()).contains(Duration.ofSeconds(90));
        assertThat(response(503, "Sun, 29 Nov 2026 07:00:00 GMT", at).retryAfter()).contains(Duration.ZERO);
        assertThat(response(503, "soon", at).retryAfter()).isEmpty();
        assertThat(response(503, null, at).retryAfter()).isEmpty();
    }

    @Test
    void captchaWallsAreRecognisedOnlyOnShortPages() {
        assertThat(Blocking.captcha("安全验证", "请输入验证码后继续访问", 2_000)).isPresent();
        assertThat(Blocking.captcha("Just a moment", "Verify you are human", 2_000)).isPresent();
        assertThat(Blocking.captcha("关于加强安全验证工作的通知", "正文".repeat(50_000), 200_000)).isEmpty();
        assertThat(Blocking.captcha("清河区人民政府", "工作动态 通知公告", 30_000)).isEmpty();
    }
}
