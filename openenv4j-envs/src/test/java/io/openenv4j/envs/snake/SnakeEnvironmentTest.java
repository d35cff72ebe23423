package io.openenv4j.envs.snake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.snake.SnakeEnvironment.Action;
import io.openenv4j.envs.snake.SnakeEnvironment.Observation;
import io.openenv4j.envs.snake.SnakeEnvironment.Position;
import io.openenv4j.envs.snake.SnakeEnvironment.SnakeState;
import io.openenv4j.testkit.EnvironmentContract;
import io.openenv4j.wire.WireJson;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SnakeEnvironmentTest extends EnvironmentContract<Action, Observation, SnakeState> {

    @Override
    protected EnvSpec<Action, Observation, SnakeState> spec() {
        return SnakeEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(
                Action.turn("left"), Action.direction("right"), Action.turn("straight"), Action.direction("down"));
    }

    @Override
    protected Policy<Action, Observation, SnakeState> oracle() {
        return new SnakeOracle();
    }

    /** The oracle fills the 8 × 8 board: 64 - 3 foods, in 1100 steps from seed 7. */
    @Override
    protected double oracleReturn() {
        return 61;
    }

    private static SnakeEnvironment started(long seed, Map<String, Object> options) {
        var env = new SnakeEnvironment();
        env.reset(new ResetRequest(seed, null, options));
        return env;
    }

    @Test
    void resetPlacesAThreeCellSnakeHeadingRightAndOneFood() {
        var env = new SnakeEnvironment();
        Observation observation = env.reset(ResetRequest.withSeed(7)).observation();
        List<String> lines = observation.text().lines().toList();
        assertThat(lines)
                .hasSize(8)
                .allSatisfy(line -> assertThat(line).hasSize(8).matches("[.HoF]+"));
        assertThat(lines.get(4)).contains("ooH");
        assertThat(observation.text().chars().filter(c -> c == 'F')).hasSize(1);
        assertThat(observation.head()).isEqualTo(new Position(4, 4));
        assertThat(env.state().body()).containsExactly(new Position(4, 4), new Position(4, 3), new Position(4, 2));
        assertThat(observation.heading()).isEqualTo("right");
        assertThat(observation.length()).isEqualTo(3);
        assertThat(observation.score()).isZero();
        assertThat(observation.cells().get(4).subList(2, 5)).containsExactly(1, 1, 2);
        Position food = observation.food();
        assertThat(observation.cells().get(food.row()).get(food.col())).isEqualTo(3);
        assertThat(observation.stepsLeft()).isEqualTo(2048);
    }

    @Test
    void theSeedFixesTheFoodAndDifferentSeedsMoveIt() {
        var foods = new HashSet<Position>();
        for (long seed = 0; seed < 20; seed++) {
            Position food = started(seed, Map.of()).state().food();
            assertThat(started(seed, Map.of()).state().food()).isEqualTo(food);
            foods.add(food);
        }
        assertThat(foods).hasSizeGreaterThan(10);
    }

    @Test
    void eatingGrowsTheSnakeByOneAndScores() {
        long seed = 0;
        while (!foodAheadInTheStartRow(started(seed, Map.of()).state())) {
            seed++;
        }
        var env = started(seed, Map.of());
        Position food = env.state().food();
        Step<Observation> step = null;
        for (int col = 4; col < food.col(); col++) {
            step = env.step(Action.turn("straight"));
        }
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.observation().length()).isEqualTo(4);
        assertThat(step.observation().score()).isEqualTo(1);
        assertThat(env.state().body().getFirst()).isEqualTo(food);
        assertThat(env.state().body())
                .containsExactly(
                        food,
                        new Position(4, food.col() - 1),
                        new Position(4, food.col() - 2),
                        new Position(4, food.col() - 3));
        assertThat(env.state().food()).isNotEqualTo(food);
    }

    private static boolean foodAheadInTheStartRow(SnakeState state) {
        return state.food().row() == 4 && state.food().col() > 4;
    }

    @Test
    void foodNeverAppearsOnTheSnake() {
        for (long seed = 0; seed < 10; seed++) {
            var env = started(seed, Map.of("width", 6, "height", 6));
            var oracle = new SnakeOracle();
            Step<Observation> step = env.reset(new ResetRequest(seed, null, Map.of("width", 6, "height", 6)));
            while (!step.done()) {
                step = env.step(oracle.act(step, env.state()));
                SnakeState state = env.state();
                if (state.food() != null) {
                    assertThat(state.body()).doesNotContain(state.food());
                }
            }
            assertThat(env.state().status()).isEqualTo("filled_board");
        }
    }

    @Test
    void fillingTheBoardEndsTheEpisode() {
        var env = new SnakeEnvironment();
        var oracle = new SnakeOracle();
        Step<Observation> step = env.reset(new ResetRequest(3L, null, Map.of("width", 4, "height", 5)));
        double total = 0;
        while (!step.done()) {
            step = env.step(oracle.act(step, env.state()));
            total += step.reward();
        }
        assertThat(total).isEqualTo(17.0);
        assertThat(step.observation().status()).isEqualTo("filled_board");
        assertThat(step.observation().truncated()).isFalse();
        assertThat(step.observation().food()).isNull();
        assertThat(step.observation().text()).doesNotContain(".", "F");
    }

    @ParameterizedTest
    @CsvSource({"4, 4", "5, 4", "4, 5", "6, 7", "7, 6", "10, 10", "9, 12"})
    void theOracleFillsAnyBoardWithAnEvenSideWithinTheDefaultStepLimit(int width, int height) {
        for (long seed = 0; seed < 3; seed++) {
            var env = new SnakeEnvironment();
            var oracle = new SnakeOracle();
            Step<Observation> step = env.reset(new ResetRequest(seed, null, Map.of("width", width, "height", height)));
            double total = 0;
            while (!step.done()) {
                step = env.step(oracle.act(step, env.state()));
                total += step.reward();
            }
            assertThat(step.observation().status()).isEqualTo("filled_board");
            assertThat(total).isEqualTo(width * height - 3);
            assertThat(env.state().stepCount()).isLessThan((long) (0.3 * width * height * width * height));
        }
    }

    @Test
    void runningIntoTheEdgeKills() {
        var env = started(7, Map.of());
        Step<Observation> step;
        do {
            step = env.step(Action.direction("up"));
        } while (!step.done());
        assertThat(step.reward()).isEqualTo(-1.0);
        assertThat(step.observation().status()).isEqualTo("hit_wall");
        assertThat(step.observation().truncated()).isFalse();
        assertThat(env.state().stepCount()).isEqualTo(5);
        assertThat(step.observation().head()).isEqualTo(new Position(0, 4));
    }

    @Test
    void runningIntoTheBodyKills() {
        var env = started(7, Map.of());
        var oracle = new SnakeOracle();
        Step<Observation> step = env.step(oracle.act(null, env.state()));
        while (env.state().body().size() < 6 || biting(env.state()) == null) {
            step = env.step(oracle.act(step, env.state()));
        }
        List<Position> before = env.state().body();
        step = env.step(Action.direction(biting(env.state()).wireName()));
        assertThat(step.reward()).isEqualTo(-1.0);
        assertThat(step.done()).isTrue();
        assertThat(step.observation().status()).isEqualTo("hit_self");
        assertThat(env.state().body()).isEqualTo(before);
    }

    /** A direction that leads from the head into the body (not its neck, not its tail), or null. */
    private static Direction biting(SnakeState state) {
        List<Position> body = state.body();
        for (Direction direction : Direction.values()) {
            int index = body.indexOf(direction.from(body.getFirst()));
            if (index > 1 && index < body.size() - 1) {
                return direction;
            }
        }
        return null;
    }

    @Test
    void theHeadMayTakeTheCellTheTailLeaves() {
        var env = started(7, Map.of("width", 4, "height", 4));
        var oracle = new SnakeOracle();
        Step<Observation> step = env.step(oracle.act(null, env.state()));
        boolean chased = false;
        while (!step.done()) {
            SnakeState state = env.state();
            Action action = oracle.act(step, state);
            Position target = Direction.valueOf(action.direction().toUpperCase(java.util.Locale.ROOT))
                    .from(state.body().getFirst());
            chased |= target.equals(state.body().getLast());
            step = env.step(action);
        }
        assertThat(chased).as("the oracle chases its tail on a small board").isTrue();
        assertThat(step.observation().status()).isEqualTo("filled_board");
    }

    @Test
    void turnsAreRelativeToTheHeading() {
        var env = started(7, Map.of());
        Observation observation = env.step(Action.turn("left")).observation();
        assertThat(observation.heading()).isEqualTo("up");
        assertThat(observation.head()).isEqualTo(new Position(3, 4));
        observation = env.step(Action.turn("right")).observation();
        assertThat(observation.heading()).isEqualTo("right");
        assertThat(observation.head()).isEqualTo(new Position(3, 5));
        observation = env.step(Action.turn("STRAIGHT")).observation();
        assertThat(observation.head()).isEqualTo(new Position(3, 6));
    }

    @Test
    void reversingIsIgnored() {
        var env = started(7, Map.of());
        Observation observation = env.step(Action.direction("left")).observation();
        assertThat(observation.heading()).isEqualTo("right");
        assertThat(observation.head()).isEqualTo(new Position(4, 5));
        assertThat(observation.status()).isEqualTo("ongoing");
    }

    @Test
    void theStepLimitTruncatesTheEpisode() {
        var env = started(7, Map.of("max_steps", 2));
        assertThat(env.step(Action.turn("straight")).done()).isFalse();
        Step<Observation> step = env.step(Action.turn("straight"));
        assertThat(step.done()).isTrue();
        assertThat(step.observation().truncated()).isTrue();
        assertThat(step.observation().status()).isEqualTo("out_of_steps");
        assertThatThrownBy(() -> env.step(Action.turn("straight")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("episode is over (out_of_steps)");
    }

    static List<Arguments> badActions() {
        return List.of(
                Arguments.of(
                        new Action(null, null), "needs exactly one of 'direction' (up, down, left, right) or 'turn'"),
                Arguments.of(new Action("up", "left"), "needs exactly one of"),
                Arguments.of(
                        Action.direction("north"), "unknown direction 'north': expected one of up, down, left, right"),
                Arguments.of(Action.turn("around"), "unknown turn 'around': expected one of left, right, straight"));
    }

    @ParameterizedTest
    @MethodSource("badActions")
    void invalidActionsAreClearErrorsAndCountNoStep(Action action, String message) {
        var env = started(7, Map.of());
        assertThatThrownBy(() -> env.step(action))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining(message);
        assertThat(env.state().stepCount()).isZero();
        assertThat(env.state().body().getFirst()).isEqualTo(new Position(4, 4));
    }

    @Test
    void stepBeforeResetIsAnError() {
        assertThatThrownBy(() -> new SnakeEnvironment().step(Action.turn("left")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("call reset");
    }

    static List<Arguments> badOptions() {
        return List.of(
                Arguments.of(Map.of("width", 3), "'width' must be between 4 and 32"),
                Arguments.of(Map.of("height", 40), "'height' must be between 4 and 32"),
                Arguments.of(Map.of("max_steps", 0), "'max_steps' must be between 1"),
                Arguments.of(Map.of("width", 6.5), "'width' must be an integer"),
                Arguments.of(Map.of("size", 8), "unknown reset option 'size'"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void badResetOptionsAreClearErrors(Map<String, Object> options, String message) {
        assertThatThrownBy(() -> new SnakeEnvironment().reset(new ResetRequest(1L, null, options)))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void actionsAndObservationsHaveTheDocumentedWireShape() {
        assertThat(codec().decodeAction(WireJson.parse("{\"direction\":\"left\"}")))
                .isEqualTo(Action.direction("left"));
        assertThat(codec().decodeAction(WireJson.parse("{\"turn\":\"right\"}"))).isEqualTo(Action.turn("right"));
        var payload = codec().encodeStep(started(7, Map.of()).step(Action.turn("straight")));
        assertThat(payload.get("observation").propertyNames())
                .containsExactly(
                        "metadata",
                        "text",
                        "cells",
                        "head",
                        "food",
                        "heading",
                        "length",
                        "score",
                        "status",
                        "truncated",
                        "steps_left");
    }

    @Test
    void theOracleNeedsAnEvenSide() {
        assertThat(SnakeOracle.cycle(5, 4)).hasSize(20);
        assertThat(SnakeOracle.cycle(4, 5)).hasSize(20);
        assertThatThrownBy(() -> SnakeOracle.cycle(5, 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Hamiltonian cycle");
    }
}
