package cn.gongkai.crawler.fetch;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a server that is turning the crawler away: 429, repeated 403, or a page that is a captcha or
 * "verify you are human" wall instead of content. Continuing would only produce more walls, and worse, archive
 * them as if they were the site.
 */
public final class Blocking {

    private static final List<String> CAPTCHA_MARKERS = List.of("captcha", "geetest", "人机验证", "安全验证",
            "请输入验证码", "滑动验证", "访问验证", "请完成验证", "verify you are human", "are you a robot",
            "访问过于频繁", "访问频率过高");
    private static final int MAX_WALL_BYTES = 64 * 1024;

    private Blocking() {
    }

    /** Why a 2xx page is a captcha wall rather than content, or empty. Only small pages qualify: a wall is short. */
    public static Optional<String> captcha(String title, String text, int bytes) {
        if (bytes > MAX_WALL_BYTES) {
            return Optional.empty();
        }
        String hay = ((title == null ? "" : title) + " " + (text == null ? "" : text)).toLowerCase(Locale.ROOT);
        for (String marker : CAPTCHA_MARKERS) {
            if (hay.contains(marker)) {
                return Optional.of("页面为验证码或访问验证页（含“" + marker + "”），站点可能在阻止自动访问");
            }
        }
        return Optional.empty();
    }
}
