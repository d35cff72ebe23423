package io.openenv4j.rewards;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RewardServer} listens and what it allows.
 *
 * @param host the address to bind; loopback by default, because a reward service must not share the
 *     agent's network surface
 * @param port the port; 0 picks a free one
 * @param latencyBudget the longest one request may take; past it the server answers 504 {@code BUDGET_EXCEEDED}
 * @param maxBatch the most trajectories in one batch or group
 * @param cacheEntries how many scores the idempotency cache keeps (least recently used go first); 0 disables it
 * @param maxBodyBytes the largest request body accepted
 */
public record RewardServerConfig(
        String host, int port, Duration latencyBudget, int maxBatch, int cacheEntries, int maxBodyBytes) {

    public RewardServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(latencyBudget, "latencyBudget");
        if (port < 0
                || port > 65535
                || maxBatch < 1
                || cacheEntries < 0
                || maxBodyBytes < 1
                || latencyBudget.isNegative()
                || latencyBudget.isZero()) {
            throw new IllegalArgumentException("invalid reward server config: " + port + ", " + maxBatch + ", "
                    + cacheEntries + ", " + maxBodyBytes + ", " + latencyBudget);
        }
    }

    /** 127.0.0.1, a free port, a 30 s budget, batches of 256, 10 000 cached scores, 16 MiB bodies. */
    public static RewardServerConfig defaults() {
        return new RewardServerConfig("127.0.0.1", 0, Duration.ofSeconds(30), 256, 10_000, 16 << 20);
    }

    public RewardServerConfig withPort(int newPort) {
        return new RewardServerConfig(host, newPort, latencyBudget, maxBatch, cacheEntries, maxBodyBytes);
    }

    public RewardServerConfig withLatencyBudget(Duration newBudget) {
        return new RewardServerConfig(host, port, newBudget, maxBatch, cacheEntries, maxBodyBytes);
    }

    public RewardServerConfig withMaxBatch(int newMaxBatch) {
        return new RewardServerConfig(host, port, latencyBudget, newMaxBatch, cacheEntries, maxBodyBytes);
    }
}
