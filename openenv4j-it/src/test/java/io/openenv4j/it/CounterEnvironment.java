package io.openenv4j.it;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The typed test environment of the interop suite, the same as {@code ref_counter_server.py}: deltas are
 * added to a running total, the episode is done at 10 or more, a delta of 13 fails.
 */
final class CounterEnvironment
        implements Environment<
                CounterEnvironment.Action, CounterEnvironment.Observation, CounterEnvironment.CounterState> {

    record Action(int delta, String note) {}

    record Observation(long total, long lastDelta, List<Long> history, String message) {}

    record CounterState(String episodeId, long stepCount, long total) implements State {}

    private String episodeId;
    private long steps;
    private long total;
    private final List<Long> history = new ArrayList<>();

    static EnvSpec<Action, Observation, CounterState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of("counter", "Adds deltas to a running total; done at 10 or more."),
                Action.class,
                Observation.class,
                CounterState.class,
                CounterEnvironment::new);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        episodeId =
                request.episodeIdIfPresent().orElseGet(() -> UUID.randomUUID().toString());
        steps = 0;
        total = request.longOption("start", 0);
        history.clear();
        return Step.of(
                new Observation(
                        total, 0, List.of(), "reset seed=" + (request.seed() == null ? "None" : request.seed())),
                0.0,
                false);
    }

    @Override
    public Step<Observation> step(Action action) {
        if (action.delta() == 13) {
            throw new EnvironmentException("unlucky delta 13");
        }
        steps++;
        total += action.delta();
        history.add((long) action.delta());
        String message = action.note() == null || action.note().isEmpty() ? "added " + action.delta() : action.note();
        return Step.of(
                new Observation(total, action.delta(), List.copyOf(history), message),
                (double) action.delta(),
                total >= 10);
    }

    @Override
    public CounterState state() {
        return new CounterState(episodeId, steps, total);
    }
}
