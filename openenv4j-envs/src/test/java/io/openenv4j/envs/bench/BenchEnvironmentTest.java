package io.openenv4j.envs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.testkit.EnvironmentContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchEnvironmentTest
        extends EnvironmentContract<
                BenchEnvironment.Action, BenchEnvironment.Observation, BenchEnvironment.BenchState> {

    @Override
    protected EnvSpec<BenchEnvironment.Action, BenchEnvironment.Observation, BenchEnvironment.BenchState> spec() {
        return BenchEnvironment.spec(BenchEnvironment.Settings.immediate());
    }

    @Override
    protected List<BenchEnvironment.Action> script() {
        return List.of(new BenchEnvironment.Action("a", null), new BenchEnvironment.Action("b", 0L));
    }

    @Test
    void observationPayloadHasTheConfiguredSize() {
        var env = new BenchEnvironment(new BenchEnvironment.Settings(Duration.ZERO, 1000));
        env.reset(ResetRequest.empty());
        assertThat(env.step(new BenchEnvironment.Action("t", null))
                        .observation()
                        .payload())
                .hasSize(1000);
    }

    @Test
    void resetOptionsOverrideTheDefaultsForTheEpisode() {
        var env = new BenchEnvironment(BenchEnvironment.Settings.immediate());
        env.reset(new ResetRequest(null, null, Map.of("payload_bytes", 5, "delay_ms", "3")));
        assertThat(env.state().payloadBytes()).isEqualTo(5);
        assertThat(env.state().delayMs()).isEqualTo(3);
    }

    @Test
    void stepWaitsTheConfiguredDelay() {
        var env = new BenchEnvironment(BenchEnvironment.Settings.immediate());
        env.reset(ResetRequest.empty());
        long start = System.nanoTime();
        env.step(new BenchEnvironment.Action(null, 50L));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void malformedResetOptionIsAClearError() {
        var env = new BenchEnvironment(BenchEnvironment.Settings.immediate());
        assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("payload_bytes", "lots"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("payload_bytes");
    }

    @Test
    void negativeDelayIsRejected() {
        var env = new BenchEnvironment(BenchEnvironment.Settings.immediate());
        env.reset(ResetRequest.empty());
        assertThatThrownBy(() -> env.step(new BenchEnvironment.Action(null, -1L)))
                .isInstanceOf(EnvironmentException.class);
    }
}
