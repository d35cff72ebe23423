package io.openenv4j.envs.cartpole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.cartpole.CartPoleEnvironment.Action;
import io.openenv4j.envs.cartpole.CartPoleEnvironment.CartPoleState;
import io.openenv4j.envs.cartpole.CartPoleEnvironment.Observation;
import io.openenv4j.testkit.EnvironmentContract;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CartPoleEnvironmentTest extends EnvironmentContract<Action, Observation, CartPoleState> {

    private static final Action LEFT = new Action(0);
    private static final Action RIGHT = new Action(1);

    @Override
    protected EnvSpec<Action, Observation, CartPoleState> spec() {
        return CartPoleEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(RIGHT, LEFT, RIGHT, RIGHT, LEFT);
    }

    @Override
    protected Policy<Action, Observation, CartPoleState> oracle() {
        return new CartPoleOracle();
    }

    @Override
    protected double oracleReturn() {
        return 500.0;
    }

    private static CartPoleEnvironment startedAt(double... state) {
        var env = new CartPoleEnvironment();
        env.reset(new ResetRequest(1L, null, Map.of("initial_state", List.of(state[0], state[1], state[2], state[3]))));
        return env;
    }

    @Test
    void resetDrawsEachComponentFromPlusMinusFiveHundredths() {
        var env = new CartPoleEnvironment();
        for (long seed = 0; seed < 200; seed++) {
            env.reset(ResetRequest.withSeed(seed));
            CartPoleState state = env.state();
            for (double value : List.of(
                    state.cartPosition(), state.cartVelocity(), state.poleAngle(), state.poleAngularVelocity())) {
                assertThat(value).isBetween(-0.05, 0.05);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameStartAndOtherSeedsDoNot() {
        var env = new CartPoleEnvironment();
        Observation first = env.reset(ResetRequest.withSeed(42)).observation();
        assertThat(env.reset(ResetRequest.withSeed(42)).observation()).isEqualTo(first);
        assertThat(env.reset(ResetRequest.withSeed(43)).observation()).isNotEqualTo(first);
        assertThat(env.state().seed()).isEqualTo(43);
    }

    @Test
    void oneStepFromRestMatchesTheEquationsOfMotion() {
        var env = startedAt(0, 0, 0, 0);
        Step<Observation> step = env.step(RIGHT);
        // From rest: temp = 10/1.1, thetaacc = -temp / (0.5 * (4/3 - 0.1/1.1)), xacc = temp - 0.05 * thetaacc / 1.1.
        double temp = 10 / 1.1;
        double thetaAcc = -temp / (0.5 * (4.0 / 3.0 - 0.1 / 1.1));
        double xAcc = temp - 0.05 * thetaAcc / 1.1;
        assertThat(env.state().cartPosition()).isZero();
        assertThat(env.state().cartVelocity())
                .isCloseTo(0.02 * xAcc, within(1e-15))
                .isCloseTo(0.19512195, within(1e-8));
        assertThat(env.state().poleAngle()).isZero();
        assertThat(env.state().poleAngularVelocity())
                .isCloseTo(0.02 * thetaAcc, within(1e-15))
                .isCloseTo(-0.29268293, within(1e-8));
        assertThat(step.observation().cartVelocity())
                .isEqualTo((float) env.state().cartVelocity());
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.done()).isFalse();
    }

    @Test
    void initialStateOptionStartsThereAndObservationsAreFloat32() {
        var env = new CartPoleEnvironment();
        Step<Observation> step =
                env.reset(new ResetRequest(null, null, Map.of("initial_state", List.of(0.1, -0.2, 0.03, 0))));
        assertThat(step.observation()).isEqualTo(new Observation(0.1f, -0.2f, 0.03f, 0f, false));
        assertThat(env.state().cartPosition()).isEqualTo(0.1);
        assertThat(env.state().poleAngle()).isEqualTo(0.03);
    }

    @Test
    void pushingOneWayTopplesThePoleAndTerminates() {
        var env = startedAt(0, 0, 0, 0);
        var rewards = new ArrayList<Double>();
        Step<Observation> step;
        do {
            step = env.step(RIGHT);
            rewards.add(step.reward());
        } while (!step.done());
        assertThat(rewards).hasSizeLessThan(20).containsOnly(1.0);
        assertThat(env.state().terminated()).isTrue();
        assertThat(step.observation().truncated()).isFalse();
        assertThat(Math.abs(env.state().poleAngle())).isGreaterThan(CartPoleEnvironment.ANGLE_LIMIT);
        assertThatThrownBy(() -> env.step(RIGHT))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("reset");
    }

    @Test
    void leavingTheTrackTerminates() {
        var env = startedAt(2.39, 1.0, 0, 0);
        Step<Observation> step = env.step(RIGHT);
        assertThat(step.done()).isTrue();
        assertThat(env.state().cartPosition()).isGreaterThan(CartPoleEnvironment.POSITION_LIMIT);
        assertThat(env.state().terminated()).isTrue();
    }

    @Test
    void balancingIsTruncatedAfterFiveHundredSteps() {
        var env = new CartPoleEnvironment();
        Step<Observation> step = env.reset(ResetRequest.withSeed(3));
        var oracle = new CartPoleOracle();
        int steps = 0;
        while (!step.done()) {
            step = env.step(oracle.act(step, env.state()));
            steps++;
            assertThat(step.observation().truncated()).isEqualTo(steps == 500);
        }
        assertThat(steps).isEqualTo(CartPoleEnvironment.MAX_EPISODE_STEPS);
        assertThat(env.state().truncated()).isTrue();
        assertThat(env.state().terminated()).isFalse();
        assertThatThrownBy(() -> env.step(LEFT))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("over");
    }

    @Test
    void oracleBalancesFromManySeeds() {
        var env = new CartPoleEnvironment();
        var oracle = new CartPoleOracle();
        for (long seed = 0; seed < 100; seed++) {
            Step<Observation> step = env.reset(ResetRequest.withSeed(seed));
            while (!step.done()) {
                step = env.step(oracle.act(step, env.state()));
            }
            assertThat(env.state().terminated()).as("seed %d", seed).isFalse();
        }
    }

    @Test
    void suttonBartoRewardIsZeroPerStepAndMinusOneOnFailure() {
        var env = new CartPoleEnvironment();
        env.reset(new ResetRequest(
                null, null, Map.of("initial_state", List.of(0, 0, 0, 0), "sutton_barto_reward", true)));
        Step<Observation> step = env.step(LEFT);
        assertThat(step.reward()).isZero();
        while (!step.done()) {
            step = env.step(LEFT);
        }
        assertThat(step.reward()).isEqualTo(-1.0);
        assertThat(env.state().suttonBartoReward()).isTrue();
    }

    @Test
    void invalidActionIsAClearError() {
        var env = startedAt(0, 0, 0, 0);
        assertThatThrownBy(() -> env.step(new Action(2)))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("0 (push left) or 1 (push right), got 2");
        assertThat(env.state().stepCount()).isZero();
    }

    @Test
    void stepBeforeResetIsAClearError() {
        assertThatThrownBy(() -> new CartPoleEnvironment().step(LEFT))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("call reset");
    }

    @Test
    void malformedResetOptionsAreClearErrors() {
        var env = new CartPoleEnvironment();
        assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("initial_state", List.of(0, 0, 0)))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("four numbers");
        assertThatThrownBy(() ->
                        env.reset(new ResetRequest(null, null, Map.of("initial_state", List.of(0, 0, "x", 0)))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("initial_state");
        assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("sutton_barto_reward", "maybe"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("sutton_barto_reward");
    }

    @Test
    void observationAndStateGoOnTheWireInSnakeCase() {
        var env = startedAt(0, 0, 0, 0);
        var payload = codec().encodeStep(env.step(RIGHT));
        assertThat(payload.get("observation").propertyNames())
                .containsExactlyInAnyOrder(
                        "metadata",
                        "cart_position",
                        "cart_velocity",
                        "pole_angle",
                        "pole_angular_velocity",
                        "truncated");
        assertThat(codec().encodeState(env.state())
                        .path("pole_angular_velocity")
                        .isNumber())
                .isTrue();
        assertThat(codec().decodeAction(WireJson.parse("{\"action\": 1}"))).isEqualTo(RIGHT);
    }
}
