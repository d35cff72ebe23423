package io.openenv4j.validate;

/** The outcome of one check: a value, never an exception. */
public enum Status {
    PASSED,
    FAILED,
    /** The check does not apply to this target (for example a semantic check against a URL). */
    SKIPPED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
