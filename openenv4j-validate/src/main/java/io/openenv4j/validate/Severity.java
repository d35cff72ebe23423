package io.openenv4j.validate;

/** What a failed check means for the verdict: only {@link #ERROR} failures fail a validation. */
public enum Severity {
    /** A failure breaks clients or makes the environment unfit for training. */
    ERROR,
    /** A failure is worth fixing but is tolerated (the Python reference has several such gaps). */
    WARNING,
    /** Measurements only. */
    INFO;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
