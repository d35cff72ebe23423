package com.example.counter;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;

/** The README's example environment: adds deltas until the total reaches 10. */
public final class Counter implements Environment<Counter.Action, Counter.Observation, Counter.CounterState> {

    /** How much to add. */
    public record Action(int delta) {}

    /** The running total. */
    public record Observation(long total) {}

    /** The state the server reports on {@code /state}. */
    public record CounterState(String episodeId, long stepCount, long total) implements State {}

    private String episode;
    private long steps;
    private long total;

    /** The environment as a server serves it. */
    public static EnvSpec<Action, Observation, CounterState> spec() {
        return EnvSpec.of(EnvironmentMetadata.of("counter", "Adds deltas until the total reaches 10."),
                Action.class, Observation.class, CounterState.class, Counter::new);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        episode = request.episodeIdIfPresent().orElse("ep");
        steps = 0;
        total = 0;
        return Step.of(new Observation(0), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        steps++;
        total += action.delta();
        return Step.of(new Observation(total), (double) action.delta(), total >= 10);
    }

    @Override
    public CounterState state() {
        return new CounterState(episode, steps, total);
    }
}
