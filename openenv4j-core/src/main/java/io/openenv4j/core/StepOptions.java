package io.openenv4j.core;

import java.time.Duration;
import java.util.Optional;

/**
 * Options that travel with one step: how long the caller is prepared to wait, and its request id. Both
 * arrive only over HTTP {@code POST /step} (the reference's WebSocket {@code step} frame cannot carry
 * them).
 *
 * @param timeout how long the environment may take, or {@code null} for no limit
 * @param requestId the caller's id for the request, or {@code null}
 */
public record StepOptions(Duration timeout, String requestId) {

    private static final StepOptions NONE = new StepOptions(null, null);

    public StepOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    public static StepOptions none() {
        return NONE;
    }

    public Optional<Duration> timeoutIfPresent() {
        return Optional.ofNullable(timeout);
    }
}
