package io.openenv4j.server;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;

/**
 * A typed test environment: a counter moved by {@code delta}. An action may also ask the step to sleep
 * ({@code sleep_ms}), to wait until the test opens {@link Lifecycle#gate} ({@code hold}) or to throw
 * ({@code fail}), so one environment covers slow and failing steps per
 * session. Steps before the first reset are allowed (episode id {@code null}).
 */
final class CounterEnvironment
        implements Environment<CounterEnvironment.Action, CounterEnvironment.Observation, CounterEnvironment.Counter> {

    static final String NAME = "counter";

    /** {@code delta} is required (primitive); the others are optional. */
    record Action(int delta, Long sleepMs, String fail, Boolean hold) {}

    record Observation(long count, String note) {}

    record Counter(String episodeId, long stepCount, long count) implements State {}

    private final Lifecycle lifecycle;
    private String episodeId;
    private long steps;
    private long count;

    CounterEnvironment(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        lifecycle.opened.incrementAndGet();
    }

    static EnvSpec<Action, Observation, Counter> spec() {
        return spec(new Lifecycle());
    }

    static EnvSpec<Action, Observation, Counter> spec(Lifecycle lifecycle) {
        return EnvSpec.of(
                EnvironmentMetadata.of(NAME, "Counts the deltas it is sent."),
                Action.class,
                Observation.class,
                Counter.class,
                () -> new CounterEnvironment(lifecycle));
    }

    /** The counter's types with a factory that always throws. */
    static EnvSpec<Action, Observation, Counter> brokenFactorySpec() {
        return EnvSpec.of(
                EnvironmentMetadata.of("broken", "Its factory always fails."),
                Action.class,
                Observation.class,
                Counter.class,
                () -> {
                    throw new IllegalStateException("no GPU available");
                });
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        episodeId = request.episodeIdIfPresent().orElse("episode-" + lifecycle.opened.get());
        steps = 0;
        Thread thread = Thread.currentThread();
        lifecycle.resetThreads.add(thread.isVirtual() ? "virtual" : thread.getName());
        lifecycle.callThreads.add(thread.isVirtual() ? "virtual" : thread.getName());
        count = request.seedIfPresent().orElse(0);
        return Step.of(new Observation(count, "reset"), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        lifecycle.steps.incrementAndGet();
        Thread thread = Thread.currentThread();
        lifecycle.stepThreads.add(thread.isVirtual() ? "virtual" : thread.getName());
        lifecycle.callThreads.add(thread.isVirtual() ? "virtual" : thread.getName());
        if (action.sleepMs() != null) {
            try {
                Thread.sleep(action.sleepMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EnvironmentException("interrupted");
            }
        }
        if (Boolean.TRUE.equals(action.hold())) {
            try {
                lifecycle.gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EnvironmentException("interrupted");
            }
        }
        if (action.fail() != null) {
            throw new EnvironmentException(action.fail());
        }
        steps++;
        count += action.delta();
        return Step.of(new Observation(count, "step"), (double) action.delta(), count >= 100);
    }

    @Override
    public Counter state() {
        return new Counter(episodeId, steps, count);
    }

    @Override
    public void close() {
        lifecycle.closed.incrementAndGet();
    }
}
