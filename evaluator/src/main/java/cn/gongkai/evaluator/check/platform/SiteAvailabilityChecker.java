package cn.gongkai.evaluator.check.platform;

import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * 网站无法访问 (国办秘函〔2019〕19号)：over the {@code windowDays} (default 7) before the reference date, with at least
 * {@code minProbesPerDay} (default 20) spaced visits a day, visits that fail or take longer than
 * {@code loadTimeoutSeconds} (default 15) must stay under {@code failureRatio} (default 5%; one source says 15%).
 * Too few probes decide nothing.
 */
public final class SiteAvailabilityChecker implements Checker {

    public static final String TYPE = "site-availability";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        int windowDays = context.intParam("windowDays", 7);
        int minPerDay = context.intParam("minProbesPerDay", 20);
        double maxRatio = context.doubleParam("failureRatio", 0.05);
        long timeoutMs = Math.round(context.doubleParam("loadTimeoutSeconds", 15) * 1000);
        LocalDate last = context.referenceDate();
        LocalDate first = last.minusDays(windowDays - 1L);
        List<Captures.Probe> probes = context.captures().probes(context.roundId(), context.channelId(), first, last);
        Map<LocalDate, Integer> perDay = new TreeMap<>();
        int failures = 0;
        StringBuilder failedTimes = new StringBuilder();
        for (Captures.Probe probe : probes) {
            perDay.merge(probe.probedAt().toLocalDate(), 1, Integer::sum);
            boolean failed = !"OK".equals(probe.status()) || probe.elapsedMs() > timeoutMs;
            if (failed) {
                failures++;
                if (failures <= 10) {
                    failedTimes.append(failedTimes.isEmpty() ? "" : "；").append(describe(probe));
                }
            }
        }
        long thinDays = first.datesUntil(last.plusDays(1)).filter(day -> perDay.getOrDefault(day, 0) < minPerDay).count();
        if (thinDays > 0) {
            return CheckResult.uncertain("可用性探测不足：检查前 " + windowDays + " 天中有 " + thinDays + " 天少于 "
                    + minPerDay + " 次探测（共 " + probes.size() + " 次），无法判断网站是否可访问");
        }
        double ratio = (double) failures / probes.size();
        String measured = String.format(Locale.ROOT, "%.4f", ratio);
        String summary = String.format(Locale.ROOT, "检查前 %d 天共探测 %d 次，无法访问或超过 %d 秒未打开 %d 次（%.1f%%）",
                windowDays, probes.size(), timeoutMs / 1000, failures, ratio * 100);
        Optional<CaptureRef> homepage = context.captures().latest(context.roundId(), context.channelId(),
                context.channelUrl());
        List<Evidence> evidence = homepage.map(h -> List.of(new Evidence(h.id(), summary
                + (failedTimes.isEmpty() ? "" : "：" + failedTimes)))).orElse(List.of());
        if (ratio >= maxRatio) {
            return CheckResult.fail(measured, summary + "，达到 " + Math.round(maxRatio * 100) + "% 的否决线", evidence);
        }
        return CheckResult.pass(measured, summary + "，低于 " + Math.round(maxRatio * 100) + "%", evidence);
    }

    private static String describe(Captures.Probe probe) {
        String what = probe.httpStatus() != null && probe.httpStatus() >= 400 ? "HTTP " + probe.httpStatus()
                : probe.error() != null ? probe.error() : probe.elapsedMs() + " 毫秒";
        return probe.probedAt().toString().replace('T', ' ') + " UTC " + what;
    }
}
