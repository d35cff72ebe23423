package io.openenv4j.validate;

/** How deep a check looks, from the wire format up to what a learner experiences. */
public enum Level {
    /** Routes, frames and error codes, against any OpenEnv server. */
    PROTOCOL,
    /** Behaviour over the wire: health, determinism, isolation, the state contract, latency. */
    RUNTIME,
    /** Meaning of rewards and observations; needs an in-process environment and its oracle. */
    SEMANTIC,
    /** Reward distributions and learnability under simple policies. */
    STATISTICAL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
