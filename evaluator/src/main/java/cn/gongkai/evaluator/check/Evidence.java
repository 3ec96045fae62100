package cn.gongkai.evaluator.check;

/** A capture that supports a finding, with the excerpt that shows it. */
public record Evidence(long captureId, String excerpt) {
}
