package cn.gongkai.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrapGuardTest {

    @Test
    void repeatedSegmentsDeepPathsAndTooManyParametersAreTraps() {
        TrapGuard guard = new TrapGuard();
        assertThat(guard.check(1, "http://x.gov.cn/a/b/a/b/a/b/index.html")).get().asString().contains("重复");
        assertThat(guard.check(1, "http://x.gov.cn/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/")).get().asString()
                .contains("层级");
        assertThat(guard.check(1, "http://x.gov.cn/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9")).get().asString()
                .contains("查询参数");
        assertThat(guard.check(1, "http://x.gov.cn/gzdt/202611/t20261120_1.html")).isEmpty();
    }

    @Test
    void calendarsAndQueryExplosionsAreCutOffAfterAFewVariantsPerPath() {
        TrapGuard guard = new TrapGuard();
        int allowed = 0;
        for (int m = 0; m < 40; m++) {
            String month = java.time.YearMonth.of(2026, 1).plusMonths(m).toString();
            if (guard.check(1, "http://x.gov.cn/hdjl/rl/?month=" + month).isEmpty()) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(TrapGuard.MAX_DATE_VARIANTS_PER_PATH);
        int pages = 0;
        for (int p = 0; p < 100; p++) {
            if (guard.check(1, "http://x.gov.cn/list?sort=" + p).isEmpty()) {
                pages++;
            }
        }
        assertThat(pages).isEqualTo(TrapGuard.MAX_QUERY_VARIANTS_PER_PATH);
        // another channel has its own budget, and a URL seen before stays allowed
        assertThat(guard.check(2, "http://x.gov.cn/list?sort=99")).isEmpty();
        assertThat(guard.check(1, "http://x.gov.cn/list?sort=0")).isEmpty();
        int dayPaths = 0;
        for (int d = 1; d <= 28; d++) {
            if (guard.check(1, "http://x.gov.cn/calendar/2026/11/" + d + "/").isEmpty()) {
                dayPaths++;
            }
        }
        assertThat(dayPaths).isEqualTo(TrapGuard.MAX_DATE_VARIANTS_PER_PATH);
    }
}
