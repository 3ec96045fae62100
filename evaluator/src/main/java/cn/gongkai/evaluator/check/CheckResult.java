package cn.gongkai.evaluator.check;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a checker concluded. {@code measuredValue} is a plain number (a count of violations, days, a ratio) so that
 * deduction rules can read it; the message says what it counts. A failure must rest on evidence: {@link #fail}
 * without any becomes UNCERTAIN, so no county is ever marked down for something nobody can show it.
 * {@code notFound} marks a failure that says something is absent from what was captured ({@link #failNotFound}):
 * it holds only if the whole channel was read, so the round checker makes it UNCERTAIN for a capture cut short.
 */
public record CheckResult(FindingStatus status, BigDecimal scoreFraction, String measuredValue, String message,
                          List<Evidence> evidence, boolean notFound) {

    public CheckResult {
        evidence = List.copyOf(evidence);
    }

    public CheckResult(FindingStatus status, BigDecimal scoreFraction, String measuredValue, String message,
                       List<Evidence> evidence) {
        this(status, scoreFraction, measuredValue, message, evidence, false);
    }

    public static CheckResult pass(String measuredValue, String message, List<Evidence> evidence) {
        return new CheckResult(FindingStatus.PASS, BigDecimal.ONE, measuredValue, message, evidence);
    }

    public static CheckResult fail(String measuredValue, String message, List<Evidence> evidence) {
        if (evidence.isEmpty()) {
            return uncertain("判定为不合格但缺少可查证的采集证据，需人工复核：" + message);
        }
        return new CheckResult(FindingStatus.FAIL, BigDecimal.ZERO, measuredValue, message, evidence);
    }

    /**
     * A failure because something required was not found among the captured pages (a column, a report, a
     * leader's interpretation). Evidence shows where it was looked for; if the channel's capture ended INCOMPLETE
     * (cut by a page budget), the round checker leaves the point UNCERTAIN instead, since the unread pages may hold it.
     */
    public static CheckResult failNotFound(String measuredValue, String message, List<Evidence> evidence) {
        CheckResult failed = fail(measuredValue, message, evidence);
        return failed.status() != FindingStatus.FAIL ? failed
                : new CheckResult(FindingStatus.FAIL, BigDecimal.ZERO, measuredValue, message, evidence, true);
    }

    /**
     * Some of what was checked failed: {@code compliantShare} of it passed. Like a failure, it needs evidence of what
     * failed, or it is uncertain.
     */
    public static CheckResult partial(double compliantShare, String measuredValue, String message,
                                      List<Evidence> evidence) {
        if (evidence.isEmpty()) {
            return uncertain("判定为部分不合格但缺少可查证的采集证据，需人工复核：" + message);
        }
        BigDecimal fraction = BigDecimal.valueOf(Math.max(0, Math.min(1, compliantShare)))
                .setScale(5, java.math.RoundingMode.HALF_UP);
        return new CheckResult(FindingStatus.PARTIAL, fraction, measuredValue, message, evidence);
    }

    public static CheckResult notAssessable(String message) {
        return new CheckResult(FindingStatus.NOT_ASSESSABLE, null, null, message, List.of());
    }

    public static CheckResult notApplicable(String message) {
        return new CheckResult(FindingStatus.NOT_APPLICABLE, null, null, message, List.of());
    }

    public static CheckResult uncertain(String message) {
        return new CheckResult(FindingStatus.UNCERTAIN, null, null, message, List.of());
    }

    public static CheckResult uncertain(String message, List<Evidence> evidence) {
        return new CheckResult(FindingStatus.UNCERTAIN, null, null, message, evidence);
    }
}
