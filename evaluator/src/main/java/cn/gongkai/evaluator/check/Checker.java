package cn.gongkai.evaluator.check;

/**
 * Tests one kind of evaluation point on one channel of a unit, from the round's captures only: checkers never
 * fetch, so running them twice on the same captures gives the same findings.
 */
public interface Checker {

    /** The name an indicator system uses in its {@code checker} field. */
    String type();

    CheckResult check(CheckContext context);

    /** The kind of channel the checker reads: WEBSITE unless it says otherwise. */
    default String channelKind() {
        return "WEBSITE";
    }
}
