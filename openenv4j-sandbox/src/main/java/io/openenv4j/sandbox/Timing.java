package io.openenv4j.sandbox;

/**
 * Whether an environment reports measured wall-clock time in its observations. Measured times differ from
 * run to run; the environments declare them as measured fields in their metadata, which the validator's
 * determinism checks leave out. Transcripts that must replay byte for byte (golden files) use
 * {@link #OMITTED}, which reports zero.
 */
public enum Timing {
    MEASURED,
    OMITTED;

    /** {@code millis} when measured, else 0. */
    public long report(long millis) {
        return this == MEASURED ? millis : 0;
    }
}
