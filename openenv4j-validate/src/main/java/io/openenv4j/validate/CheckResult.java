package io.openenv4j.validate;

import java.util.Objects;

/**
 * The outcome of one check.
 *
 * @param check which check
 * @param status passed, failed or skipped
 * @param measured what was measured, in a short human-readable form (a number with its unit, a count)
 * @param evidence what was seen: the frames, keys or values that justify the status
 * @param millis how long the check took
 */
public record CheckResult(Check check, Status status, String measured, String evidence, long millis) {

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        measured = measured == null ? "" : measured;
        evidence = evidence == null ? "" : evidence;
    }

    public static CheckResult of(Check check, boolean passed, String measured, String evidence) {
        return new CheckResult(check, passed ? Status.PASSED : Status.FAILED, measured, evidence, 0);
    }

    public static CheckResult skipped(Check check, String why) {
        return new CheckResult(check, Status.SKIPPED, "", why, 0);
    }

    public CheckResult withMillis(long newMillis) {
        return new CheckResult(check, status, measured, evidence, newMillis);
    }

    /** Whether this result fails the validation: a failed check of severity {@link Severity#ERROR}. */
    public boolean blocking() {
        return status == Status.FAILED && check.severity() == Severity.ERROR;
    }
}
