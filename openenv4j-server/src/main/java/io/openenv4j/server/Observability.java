package io.openenv4j.server;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a server tells about itself: who may read Prometheus metrics at {@code /metrics}, and whether every
 * episode's reset and steps are recorded to a JSON Lines file (docs/reliability.md).
 *
 * @param metrics who may read {@code /metrics}
 * @param trajectories the JSON Lines file episodes are appended to, or {@code null} for none
 * @param trajectoryMaxBytes the file's size limit; records that would pass it are dropped (and counted)
 */
public record Observability(MetricsAccess metrics, Path trajectories, long trajectoryMaxBytes) {

    /** 1 GiB. */
    public static final long DEFAULT_TRAJECTORY_MAX_BYTES = 1L << 30;

    /** Who may read {@code /metrics}. */
    public enum MetricsAccess {
        /** No {@code /metrics} route (404). */
        OFF,
        /** Clients on a loopback address only (the default): others get 403. */
        LOOPBACK,
        /** Every client that can reach the server. */
        ANY;

        static MetricsAccess parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("OPENENV_METRICS must be off, loopback or any, got '" + text + "'");
            }
        }
    }

    public Observability {
        Objects.requireNonNull(metrics, "metrics");
        if (trajectoryMaxBytes < 1) {
            throw new IllegalArgumentException("trajectoryMaxBytes must be positive, got " + trajectoryMaxBytes);
        }
    }

    /** Metrics for loopback clients, no trajectory file. */
    public static Observability defaults() {
        return new Observability(MetricsAccess.LOOPBACK, null, DEFAULT_TRAJECTORY_MAX_BYTES);
    }

    /**
     * The defaults overridden by {@code OPENENV_METRICS} ({@code off}, {@code loopback}, {@code any}), {@code
     * OPENENV_TRAJECTORY_FILE} and {@code OPENENV_TRAJECTORY_MAX_BYTES}.
     *
     * @throws IllegalArgumentException naming the variable when a value is malformed
     */
    public static Observability fromEnvironment(Map<String, String> env) {
        Observability observability = defaults();
        String metrics = env.get("OPENENV_METRICS");
        if (metrics != null && !metrics.isBlank()) {
            observability = observability.withMetrics(MetricsAccess.parse(metrics));
        }
        String file = env.get("OPENENV_TRAJECTORY_FILE");
        if (file != null && !file.isBlank()) {
            observability = observability.withTrajectories(Path.of(file.trim()));
        }
        String max = env.get("OPENENV_TRAJECTORY_MAX_BYTES");
        if (max != null && !max.isBlank()) {
            try {
                observability = observability.withTrajectoryMaxBytes(Long.parseLong(max.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "OPENENV_TRAJECTORY_MAX_BYTES must be a positive integer, got '" + max + "'");
            }
        }
        return observability;
    }

    public Observability withMetrics(MetricsAccess access) {
        return new Observability(access, trajectories, trajectoryMaxBytes);
    }

    public Observability withTrajectories(Path file) {
        return new Observability(metrics, file, trajectoryMaxBytes);
    }

    public Observability withTrajectoryMaxBytes(long maxBytes) {
        return new Observability(metrics, trajectories, maxBytes);
    }
}
