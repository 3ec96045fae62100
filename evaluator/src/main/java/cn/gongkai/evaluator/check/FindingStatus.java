package cn.gongkai.evaluator.check;

/** The outcome of one checker on one unit for one evaluation point. */
public enum FindingStatus {
    PASS,
    FAIL,
    PARTIAL,
    /** The machine could not decide, for instance because a page could not be fetched: never a deduction. */
    UNCERTAIN,
    NOT_APPLICABLE,
    /** A website cannot show this (meeting records, staffing): people score it from materials. */
    NOT_ASSESSABLE
}
