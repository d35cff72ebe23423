package io.openenv4j.envs.mountaincar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.mountaincar.MountainCarEnvironment.Action;
import io.openenv4j.envs.mountaincar.MountainCarEnvironment.MountainCarState;
import io.openenv4j.envs.mountaincar.MountainCarEnvironment.Observation;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountainCarEnvironmentTest extends EnvironmentContract<Action, Observation, MountainCarState> {

    private static final Action LEFT = new Action(0);
    private static final Action COAST = new Action(1);
    private static final Action RIGHT = new Action(2);

    @Override
    protected EnvSpec<Action, Observation, MountainCarState> spec() {
        return MountainCarEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(RIGHT, RIGHT, COAST, LEFT, LEFT);
    }

    @Override
    protected Policy<Action, Observation, MountainCarState> oracle() {
        return new MountainCarOracle();
    }

    @Override
    protected double oracleReturn() {
        return -119.0;
    }

    private static MountainCarEnvironment startedAt(double position, double velocity) {
        var env = new MountainCarEnvironment();
        env.reset(new ResetRequest(1L, null, Map.of("initial_state", List.of(position, velocity))));
        return env;
    }

    @Test
    void resetStartsAtRestBetweenMinusPointSixAndMinusPointFour() {
        var env = new MountainCarEnvironment();
        for (long seed = 0; seed < 200; seed++) {
            Observation first = env.reset(ResetRequest.withSeed(seed)).observation();
            assertThat(env.state().position()).isBetween(-0.6, -0.4);
            assertThat(env.state().velocity()).isZero();
            assertThat(first.truncated()).isFalse();
        }
    }

    @Test
    void theSameSeedGivesTheSameStart() {
        var env = new MountainCarEnvironment();
        double first = env.reset(ResetRequest.withSeed(5)).observation().position();
        assertThat(env.reset(ResetRequest.withSeed(5)).observation().position()).isEqualTo((float) first);
        assertThat(env.reset(ResetRequest.withSeed(6)).observation().position()).isNotEqualTo((float) first);
    }

    @Test
    void oneStepFollowsTheDynamics() {
        var env = startedAt(-0.5, 0.01);
        Step<Observation> step = env.step(RIGHT);
        double velocity = 0.01 + (0.001 + StrictMath.cos(-1.5) * -0.0025);
        assertThat(env.state().velocity()).isEqualTo(velocity);
        assertThat(env.state().position()).isEqualTo(-0.5 + velocity);
        assertThat(step.observation().position()).isEqualTo((float) (-0.5 + velocity));
        assertThat(step.reward()).isEqualTo(-1.0);
    }

    @Test
    void velocityIsClippedToPointZeroSeven() {
        var env = startedAt(-1.0, 0.0699);
        env.step(RIGHT);
        assertThat(env.state().velocity()).isEqualTo(MountainCarEnvironment.MAX_SPEED);
    }

    @Test
    void theLeftWallStopsTheCar() {
        var env = startedAt(-1.19, -0.05);
        Step<Observation> step = env.step(LEFT);
        assertThat(env.state().position()).isEqualTo(MountainCarEnvironment.MIN_POSITION);
        assertThat(env.state().velocity()).isZero();
        assertThat(step.done()).isFalse();
    }

    @Test
    void reachingTheFlagTerminates() {
        var env = startedAt(0.49, 0.05);
        Step<Observation> step = env.step(RIGHT);
        assertThat(step.done()).isTrue();
        assertThat(step.reward()).isEqualTo(-1.0);
        assertThat(step.observation().truncated()).isFalse();
        assertThat(env.state().terminated()).isTrue();
        assertThat(env.state().position()).isGreaterThanOrEqualTo(MountainCarEnvironment.GOAL_POSITION);
        assertThatThrownBy(() -> env.step(COAST))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("reset");
    }

    @Test
    void coastingIsTruncatedAfterTwoHundredSteps() {
        var env = new MountainCarEnvironment();
        Step<Observation> step = env.reset(ResetRequest.withSeed(2));
        double total = 0;
        int steps = 0;
        while (!step.done()) {
            step = env.step(COAST);
            total += step.reward();
            steps++;
            assertThat(step.observation().truncated()).isEqualTo(steps == 200);
        }
        assertThat(steps).isEqualTo(MountainCarEnvironment.MAX_EPISODE_STEPS);
        assertThat(total).isEqualTo(-200.0);
        assertThat(env.state().truncated()).isTrue();
        assertThat(env.state().terminated()).isFalse();
        assertThatThrownBy(() -> env.step(COAST))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("over");
    }

    @Test
    void oracleReachesTheFlagFromManySeeds() {
        var env = new MountainCarEnvironment();
        var oracle = new MountainCarOracle();
        for (long seed = 0; seed < 100; seed++) {
            Step<Observation> step = env.reset(ResetRequest.withSeed(seed));
            while (!step.done()) {
                step = env.step(oracle.act(step, env.state()));
            }
            assertThat(env.state().terminated()).as("seed %d", seed).isTrue();
            assertThat(env.state().stepCount()).as("seed %d", seed).isBetween(113L, 125L);
        }
    }

    @Test
    void invalidActionIsAClearError() {
        var env = startedAt(-0.5, 0);
        assertThatThrownBy(() -> env.step(new Action(3)))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("0 (accelerate left), 1 (coast) or 2 (accelerate right), got 3");
        assertThatThrownBy(() -> env.step(new Action(-1))).isInstanceOf(EnvironmentException.class);
        assertThat(env.state().stepCount()).isZero();
    }

    @Test
    void stepBeforeResetIsAClearError() {
        assertThatThrownBy(() -> new MountainCarEnvironment().step(COAST))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("call reset");
    }

    @Test
    void malformedInitialStateIsAClearError() {
        var env = new MountainCarEnvironment();
        assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("initial_state", List.of(-0.5)))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("[position, velocity]");
        assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("initial_state", "low"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("initial_state");
    }
}
