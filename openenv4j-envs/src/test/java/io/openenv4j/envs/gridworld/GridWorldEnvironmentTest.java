package io.openenv4j.envs.gridworld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.gridworld.GridWorldEnvironment.Action;
import io.openenv4j.envs.gridworld.GridWorldEnvironment.GridState;
import io.openenv4j.envs.gridworld.GridWorldEnvironment.Observation;
import io.openenv4j.envs.gridworld.GridWorldEnvironment.Position;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GridWorldEnvironmentTest extends EnvironmentContract<Action, Observation, GridState> {

    @Override
    protected EnvSpec<Action, Observation, GridState> spec() {
        return GridWorldEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(new Action("up"), new Action("left"), new Action("down"), new Action("right"));
    }

    /** Seed 2 puts the goal nine moves from the start on the default 8 × 8 grid. */
    @Override
    protected long seed() {
        return 2;
    }

    @Override
    protected Policy<Action, Observation, GridState> oracle() {
        return new GridWorldOracle();
    }

    /** Nine steps: eight at -0.01, then +1 at the goal. */
    @Override
    protected double oracleReturn() {
        return 0.92;
    }

    private static GridWorldEnvironment started(Map<String, Object> options) {
        var env = new GridWorldEnvironment();
        env.reset(new ResetRequest(1L, null, options));
        return env;
    }

    private static Step<Observation> move(GridWorldEnvironment env, String move) {
        return env.step(new Action(move));
    }

    @Test
    void resetShowsTheWholeGridByDefault() {
        Observation observation =
                new GridWorldEnvironment().reset(ResetRequest.withSeed(2)).observation();
        List<String> lines = observation.text().lines().toList();
        assertThat(lines)
                .hasSize(8)
                .allSatisfy(line -> assertThat(line).hasSize(8).matches("[.#GA]+"));
        assertThat(observation.text().chars().filter(c -> c == 'A')).hasSize(1);
        assertThat(observation.text().chars().filter(c -> c == 'G')).hasSize(1);
        assertThat(observation.cells())
                .hasSize(8)
                .allSatisfy(row -> assertThat(row).hasSize(8));
        Position at = observation.position();
        assertThat(lines.get(at.row()).charAt(at.col())).isEqualTo('A');
        assertThat(observation.cells().get(at.row()).get(at.col())).isEqualTo(2);
        Position goal = observation.goal();
        assertThat(observation.cells().get(goal.row()).get(goal.col())).isEqualTo(3);
        assertThat(observation.status()).isEqualTo("ongoing");
        assertThat(observation.truncated()).isFalse();
        assertThat(observation.stepsLeft()).isEqualTo(64);
    }

    @Test
    void theSeedFixesTheGridAndDifferentSeedsGiveDifferentGrids() {
        var env = new GridWorldEnvironment();
        var layouts = new HashSet<List<String>>();
        for (long seed = 0; seed < 20; seed++) {
            env.reset(ResetRequest.withSeed(seed));
            GridState first = env.state();
            env.reset(ResetRequest.withSeed(seed));
            assertThat(env.state().layout()).isEqualTo(first.layout());
            assertThat(env.state().start()).isEqualTo(first.start());
            layouts.add(first.layout());
        }
        assertThat(layouts).hasSize(20);
    }

    @Test
    void withoutASeedTheEnvironmentDrawsOne() {
        var env = new GridWorldEnvironment();
        var seeds = LongStream.range(0, 5)
                .map(i -> {
                    env.reset(ResetRequest.empty());
                    return env.state().seed();
                })
                .boxed()
                .toList();
        assertThat(new HashSet<>(seeds)).hasSizeGreaterThan(1);
    }

    @Test
    void wallsAndTheEdgeBlockMoves() {
        var env = started(Map.of("layout", List.of("S#.", "..G")));
        Step<Observation> step = move(env, "right");
        assertThat(step.observation().blocked()).isTrue();
        assertThat(step.observation().position()).isEqualTo(new Position(0, 0));
        assertThat(step.reward()).isCloseTo(-0.01, within(1e-12));
        step = move(env, "up");
        assertThat(step.observation().blocked()).isTrue();
        assertThat(env.state().stepCount()).isEqualTo(2);
        step = move(env, "down");
        assertThat(step.observation().blocked()).isFalse();
        assertThat(step.observation().position()).isEqualTo(new Position(1, 0));
    }

    @Test
    void reachingTheGoalEndsTheEpisodeWithPlusOne() {
        var env = started(Map.of("layout", "SG"));
        Step<Observation> step = move(env, "right");
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.done()).isTrue();
        assertThat(step.observation().status()).isEqualTo("reached_goal");
        assertThat(step.observation().truncated()).isFalse();
        assertThat(env.state().totalReward()).isEqualTo(1.0);
    }

    @Test
    void aPitEndsTheEpisodeWithMinusOne() {
        var env = started(Map.of("layout", "SX\n.G"));
        Step<Observation> step = move(env, "right");
        assertThat(step.reward()).isEqualTo(-1.0);
        assertThat(step.done()).isTrue();
        assertThat(step.observation().status()).isEqualTo("fell_in_pit");
        assertThat(step.observation().truncated()).isFalse();
    }

    @Test
    void theStepLimitTruncatesTheEpisode() {
        var env = started(Map.of("layout", "S..G", "max_steps", 2));
        assertThat(move(env, "left").done()).isFalse();
        Step<Observation> step = move(env, "left");
        assertThat(step.done()).isTrue();
        assertThat(step.observation().truncated()).isTrue();
        assertThat(step.observation().status()).isEqualTo("out_of_steps");
        assertThat(step.observation().stepsLeft()).isZero();
        assertThat(step.reward()).isCloseTo(-0.01, within(1e-12));
        assertThatThrownBy(() -> move(env, "right"))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("episode is over (out_of_steps)")
                .hasMessageContaining("reset");
    }

    @Test
    void aPartialViewHidesCellsBeyondTheRadius() {
        var env = new GridWorldEnvironment();
        Observation observation = env.reset(new ResetRequest(
                        3L,
                        null,
                        Map.of("width", 9, "height", 9, "start", List.of(4, 4), "goal", List.of(0, 0), "view", 1)))
                .observation();
        assertThat(observation.text().chars().filter(c -> c != '?' && c != '\n'))
                .hasSize(9);
        assertThat(observation.text().lines().toList().get(4)).matches("\\?{3}.A.\\?{3}");
        assertThat(observation.cells().stream().flatMap(List::stream).filter(code -> code == -1))
                .hasSize(72);
        assertThat(observation.goal()).isNull();
        assertThat(env.state().goal()).isEqualTo(new Position(0, 0));
        assertThat(env.state().viewRadius()).isEqualTo(1);
    }

    @Test
    void theGoalShowsOnceItIsInView() {
        var env = started(Map.of("layout", "S..G", "view", "2"));
        assertThat(env.state().viewRadius()).isEqualTo(2);
        assertThat(move(env, "left").observation().goal()).isNull();
        Observation observation = move(env, "right").observation();
        assertThat(observation.goal()).isEqualTo(new Position(0, 3));
        assertThat(observation.text()).isEqualTo(".A.G");
    }

    @Test
    void movesSlipSidewaysWithTheConfiguredProbability() {
        var env = new GridWorldEnvironment();
        String open = ".".repeat(21);
        var rows = new java.util.ArrayList<String>();
        for (int row = 0; row < 21; row++) {
            rows.add(
                    row == 0
                            ? "G" + open.substring(1)
                            : row == 10 ? open.substring(0, 10) + "S" + open.substring(11) : open);
        }
        env.reset(new ResetRequest(5L, null, Map.of("layout", rows, "slip", 0.3, "max_steps", 10_000)));
        int slips = 0;
        int trials = 4000;
        for (int i = 0; i < trials; i++) {
            Position before = env.state().agent();
            Step<Observation> step = move(env, before.row() < 10 ? "down" : "up");
            Position after = step.observation().position();
            if (step.observation().slipped()) {
                slips++;
                assertThat(after.row()).isEqualTo(before.row());
            } else {
                assertThat(after.col()).isEqualTo(before.col());
            }
        }
        assertThat(slips / (double) trials).isCloseTo(0.3, within(0.03));
    }

    @Test
    void theOracleWalksAShortestPathAroundWalls() {
        var env = new GridWorldEnvironment();
        Step<Observation> step =
                env.reset(new ResetRequest(1L, null, Map.of("layout", List.of("S.#.G", "..#..", "....."))));
        var oracle = new GridWorldOracle();
        double total = 0;
        while (!step.done()) {
            step = env.step(oracle.act(step, env.state()));
            total += step.reward();
        }
        assertThat(env.state().stepCount()).isEqualTo(8);
        assertThat(total).isCloseTo(0.93, within(1e-9));
    }

    @Test
    void anUnknownMoveIsAClearErrorAndCountsNoStep() {
        var env = started(Map.of());
        assertThatThrownBy(() -> move(env, "diagonal"))
                .isInstanceOf(EnvironmentException.class)
                .hasMessage("unknown move 'diagonal': expected one of up, down, left, right");
        assertThatThrownBy(() -> move(env, null))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("needs a 'move'");
        assertThat(env.state().stepCount()).isZero();
        assertThat(move(env, " Up ").observation()).isNotNull();
    }

    @Test
    void stepBeforeResetIsAnError() {
        assertThatThrownBy(() -> move(new GridWorldEnvironment(), "up"))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("call reset");
    }

    static List<Arguments> badOptions() {
        return List.of(
                Arguments.of(Map.of("width", 1), "'width' must be between 2 and 64"),
                Arguments.of(Map.of("height", "tall"), "'height' must be an integer"),
                Arguments.of(Map.of("wall_density", 0.95), "'wall_density' must be a number between 0.0 and 0.8"),
                Arguments.of(Map.of("wall_density", 0.5, "pit_density", 0.5), "add up to at most 0.8"),
                Arguments.of(Map.of("slip", -0.1), "'slip' must be a number between 0.0 and 1.0"),
                Arguments.of(Map.of("view", "wide"), "'view' must be \"full\" or a radius"),
                Arguments.of(Map.of("view", 0), "'view' must be \"full\" or a radius"),
                Arguments.of(Map.of("start", List.of(8, 0)), "'start' [8, 0] is outside the grid"),
                Arguments.of(Map.of("goal", "corner"), "'goal' must be [row, col]"),
                Arguments.of(Map.of("start", List.of(1, 1), "goal", List.of(1, 1)), "must be different cells"),
                Arguments.of(Map.of("layout", "S.\n."), "row 1 has 1 cells"),
                Arguments.of(Map.of("layout", "S.."), "needs a goal 'G'"),
                Arguments.of(Map.of("layout", "S#G"), "the goal cannot be reached"),
                Arguments.of(Map.of("layout", "S?G"), "unknown tile '?'"),
                Arguments.of(Map.of("layout", "SG", "width", 4), "leave out 'width'"),
                Arguments.of(Map.of("widht", 4), "unknown reset option 'widht'"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void badResetOptionsAreClearErrors(Map<String, Object> options, String message) {
        var env = started(Map.of("layout", "SG"));
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, options)))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining(message);
        assertThat(env.state().layout()).containsExactly(".G");
    }

    @Test
    void observationsGoOnTheWireWithTextAndCells() {
        var payload = codec().encodeStep(started(Map.of("layout", "SG")).step(new Action("right")));
        assertThat(payload.get("observation").propertyNames())
                .containsExactly(
                        "metadata",
                        "text",
                        "cells",
                        "position",
                        "goal",
                        "slipped",
                        "blocked",
                        "status",
                        "truncated",
                        "steps_left");
        assertThat(payload.get("observation").get("cells").toString()).isEqualTo("[[0,2]]");
        assertThat(payload.get("reward").doubleValue()).isEqualTo(1.0);
    }
}
