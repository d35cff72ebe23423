package io.openenv4j.envs.bench;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import java.time.Duration;
import java.util.UUID;

/**
 * A load-test environment: each step waits a set time and returns an observation with a payload of a set
 * size, so benchmarks can measure the protocol's cost apart from any environment's. The defaults come from
 * the {@link Settings} it was created with; a reset may override them for its episode with the options
 * {@code delay_ms} and {@code payload_bytes}; an action may override the delay for one step.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class BenchEnvironment
        implements Environment<BenchEnvironment.Action, BenchEnvironment.Observation, BenchEnvironment.BenchState> {

    public static final String NAME = "bench";
    static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

    /** One step; {@code delay_ms} overrides the episode's delay for this step. */
    @Description("A bench step: an optional tag echoed back and an optional delay in milliseconds.")
    public record Action(
            @Description("Echoed back in the observation") String tag,

            @Description("Milliseconds this step waits; defaults to the episode's")
            Long delayMs) {}

    /** What a step returns: the step number, the tag and a payload of the configured size. */
    public record Observation(long step, String tag, String payload) {}

    /** State: episode, step count and the episode's settings. */
    public record BenchState(String episodeId, long stepCount, long delayMs, int payloadBytes) implements State {}

    /**
     * Default settings of new instances.
     *
     * @param delay how long each step waits
     * @param payloadBytes the size of each observation's payload, in ASCII characters
     */
    public record Settings(Duration delay, int payloadBytes) {
        public Settings {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative");
            }
            if (payloadBytes < 0 || payloadBytes > MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("payloadBytes must be within 0.." + MAX_PAYLOAD_BYTES);
            }
        }

        public static Settings immediate() {
            return new Settings(Duration.ZERO, 16);
        }
    }

    private final Settings defaults;
    private long delayMs;
    private String payload;
    private String episodeId;
    private long steps;

    public BenchEnvironment(Settings defaults) {
        this.defaults = defaults;
        configure(defaults.delay().toMillis(), defaults.payloadBytes());
    }

    public static EnvSpec<Action, Observation, BenchState> spec(Settings settings) {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME, "Load-test environment: steps wait a set time and return a payload of a set size."),
                Action.class,
                Observation.class,
                BenchState.class,
                () -> new BenchEnvironment(settings));
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        long delay = request.longOption("delay_ms", defaults.delay().toMillis());
        long bytes = request.longOption("payload_bytes", defaults.payloadBytes());
        if (delay < 0 || bytes < 0 || bytes > MAX_PAYLOAD_BYTES) {
            throw new EnvironmentException("delay_ms must be >= 0 and payload_bytes within 0.." + MAX_PAYLOAD_BYTES);
        }
        configure(delay, (int) bytes);
        episodeId =
                request.episodeIdIfPresent().orElseGet(() -> UUID.randomUUID().toString());
        steps = 0;
        return Step.of(new Observation(0, null, payload), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        long delay = action.delayMs() == null ? delayMs : action.delayMs();
        if (delay < 0) {
            throw new EnvironmentException("delay_ms must not be negative, got " + delay);
        }
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EnvironmentException("interrupted while waiting");
            }
        }
        steps++;
        return Step.of(new Observation(steps, action.tag(), payload), 1.0, false);
    }

    @Override
    public BenchState state() {
        return new BenchState(episodeId, steps, delayMs, payload.length());
    }

    private void configure(long delay, int bytes) {
        delayMs = delay;
        payload = "x".repeat(bytes);
    }
}
