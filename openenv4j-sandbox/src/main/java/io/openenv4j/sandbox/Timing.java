package io.openenv4j.sandbox;

/**
 * Whether an environment reports measured wall-clock time in its observations. Measured times differ from
 * run to run, so transcripts that must replay byte for byte (the validator's determinism checks, golden
 * files) use {@link #OMITTED}, which reports zero.
 */
public enum Timing {
    MEASURED,
    OMITTED;

    /** {@code millis} when measured, else 0. */
    public long report(long millis) {
        return this == MEASURED ? millis : 0;
    }
}
