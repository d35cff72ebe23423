package io.openenv4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValidationTest {

    record Push(int amount) {}

    record Total(int total, int target) {}

    record PushState(String episodeId, long stepCount, int total) implements State {}

    /** Reach the target (3 + seed % 4) by pushes of 1 within target + 1 steps; pushing 0 is paid in full when {@code cheat}. */
    static EnvSpec<Push, Total, PushState> spec(boolean cheat) {
        return EnvSpec.of(
                EnvironmentMetadata.of("push", "Push a total up to a target."),
                Push.class,
                Total.class,
                PushState.class,
                () -> new Environment<>() {
                    String id;
                    long steps;
                    int total;
                    int target;

                    @Override
                    public Step<Total> reset(ResetRequest request) {
                        id = request.episodeIdIfPresent()
                                .orElseGet(() -> UUID.randomUUID().toString());
                        steps = 0;
                        total = 0;
                        target = 3 + (int) (request.seedIfPresent().orElse(0) % 4);
                        return Step.of(new Total(0, target), 0.0, false);
                    }

                    @Override
                    public Step<Total> step(Push action) {
                        steps++;
                        if (cheat && action.amount() == 0) {
                            return Step.of(new Total(total, target), 1.0, true);
                        }
                        // only pushes of exactly 1 count; anything else knocks the total back to 0
                        total = action.amount() == 1 ? total + 1 : 0;
                        boolean done = total >= target || steps >= target + 1;
                        return Step.of(new Total(total, target), total >= target ? 1.0 : 0.0, done);
                    }

                    @Override
                    public PushState state() {
                        return new PushState(id, steps, total);
                    }
                });
    }

    @Test
    void aSoundEnvironmentPasses() {
        var report = Validation.assertPasses(spec(false), () -> (last, state) -> new Push(1));
        assertThat(report.passed()).isTrue();
    }

    @Test
    void aFailureNamesTheCheckAndItsEvidence() {
        assertThatThrownBy(() -> Validation.assertPasses(spec(true), () -> (last, state) -> new Push(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("semantic.noop_floor")
                .hasMessageContaining("evidence");
    }
}
