package io.openenv4j.envs.maze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.maze.MazeEnvironment.Action;
import io.openenv4j.envs.maze.MazeEnvironment.MazeState;
import io.openenv4j.envs.maze.MazeEnvironment.Observation;
import io.openenv4j.envs.maze.MazeEnvironment.Position;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MazeEnvironmentTest extends EnvironmentContract<Action, Observation, MazeState> {

    @Override
    protected EnvSpec<Action, Observation, MazeState> spec() {
        return MazeEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(new Action("right"), new Action("down"), new Action("up"), new Action("left"));
    }

    @Override
    protected Policy<Action, Observation, MazeState> oracle() {
        return new MazeOracle();
    }

    /** The exit is worth 1 and nothing else is rewarded (from seed 7 the oracle needs 34 steps). */
    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    private static MazeEnvironment started(Map<String, Object> options) {
        var env = new MazeEnvironment();
        env.reset(new ResetRequest(7L, null, options));
        return env;
    }

    @Test
    void resetDrawsTheMazeWithTheAgentAtTheStartAndTheExitInTheCorner() {
        Observation observation =
                new MazeEnvironment().reset(ResetRequest.withSeed(7)).observation();
        List<String> lines = observation.text().lines().toList();
        assertThat(lines)
                .hasSize(17)
                .allSatisfy(line -> assertThat(line).hasSize(17).matches("[#.AE]+"));
        assertThat(lines.getFirst()).isEqualTo("#".repeat(17));
        assertThat(lines.getLast()).isEqualTo("#".repeat(17));
        assertThat(lines.get(1).charAt(1)).isEqualTo('A');
        assertThat(lines.get(15).charAt(15)).isEqualTo('E');
        assertThat(observation.cells().get(1).get(1)).isEqualTo(2);
        assertThat(observation.cells().get(15).get(15)).isEqualTo(3);
        assertThat(observation.position()).isEqualTo(new Position(0, 0));
        assertThat(observation.exit()).isEqualTo(new Position(7, 7));
        assertThat(observation.stepsLeft()).isEqualTo(256);
    }

    @ParameterizedTest
    @ValueSource(strings = {"backtracker", "prim"})
    void everyGeneratedMazeIsPerfect(String algorithm) {
        var env = new MazeEnvironment();
        for (long seed = 0; seed < 30; seed++) {
            int width = 2 + (int) (seed % 9);
            int height = 2 + (int) (seed * 7 % 11);
            env.reset(new ResetRequest(seed, null, Map.of("algorithm", algorithm, "width", width, "height", height)));
            Maze maze = Maze.of(env.state().layout());
            int passages = 0;
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    Position cell = new Position(row, col);
                    passages += (maze.open(cell, Move.RIGHT) ? 1 : 0) + (maze.open(cell, Move.DOWN) ? 1 : 0);
                    assertThat(maze.path(new Position(0, 0), cell))
                            .as("cell %s of seed %d", cell, seed)
                            .isNotNull();
                }
            }
            assertThat(passages)
                    .as("a spanning tree of the cells has one passage fewer than cells")
                    .isEqualTo(width * height - 1);
            List<String> rows = env.state().layout();
            assertThat(rows.getFirst()).matches("#+");
            assertThat(rows.getLast()).matches("#+");
            assertThat(rows).allSatisfy(row -> assertThat(row).startsWith("#").endsWith("#"));
        }
    }

    @Test
    void theSeedFixesTheMazeAndDifferentSeedsOrAlgorithmsGiveDifferentMazes() {
        var env = new MazeEnvironment();
        var mazes = new HashSet<List<String>>();
        for (long seed = 0; seed < 20; seed++) {
            env.reset(ResetRequest.withSeed(seed));
            List<String> first = env.state().layout();
            env.reset(ResetRequest.withSeed(seed));
            assertThat(env.state().layout()).isEqualTo(first);
            mazes.add(first);
        }
        assertThat(mazes).hasSize(20);
        env.reset(new ResetRequest(3L, null, Map.of("algorithm", "prim")));
        assertThat(mazes).doesNotContain(env.state().layout());
        assertThat(env.state().algorithm()).isEqualTo("prim");
    }

    @Test
    void wallsBlockMoves() {
        var env = started(Map.of());
        Step<Observation> step = env.step(new Action("up"));
        assertThat(step.observation().blocked()).isTrue();
        assertThat(step.observation().position()).isEqualTo(new Position(0, 0));
        assertThat(step.reward()).isZero();
        assertThat(env.state().stepCount()).isEqualTo(1);
        step = env.step(new Action("right"));
        assertThat(step.observation().blocked()).isFalse();
        assertThat(step.observation().position()).isEqualTo(new Position(0, 1));
        // From seed 7 the maze begins "#A..#" over "#.###": a wall lies below the second cell.
        assertThat(step.observation().text().lines().toList().get(2)).startsWith("#.###");
        assertThat(env.step(new Action("down")).observation().blocked()).isTrue();
        assertThat(env.state().agent()).isEqualTo(new Position(0, 1));
        assertThat(step.observation().text().lines().toList().get(1)).startsWith("#..A#");
    }

    @Test
    void reachingTheExitGivesOneAndEndsTheEpisode() {
        var env = started(Map.of("width", 2, "height", 2, "start", List.of(0, 0), "exit", List.of(0, 1)));
        Maze maze = Maze.of(env.state().layout());
        Step<Observation> step = null;
        for (Move move : maze.path(new Position(0, 0), new Position(0, 1))) {
            step = env.step(new Action(move.wireName()));
        }
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.done()).isTrue();
        assertThat(step.observation().status()).isEqualTo("reached_exit");
        assertThat(step.observation().truncated()).isFalse();
        assertThatThrownBy(() -> env.step(new Action("left")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("episode is over (reached_exit)");
    }

    @Test
    void theStepLimitTruncatesTheEpisode() {
        var env = started(Map.of("max_steps", 3));
        env.step(new Action("up"));
        env.step(new Action("up"));
        Step<Observation> step = env.step(new Action("up"));
        assertThat(step.done()).isTrue();
        assertThat(step.reward()).isZero();
        assertThat(step.observation().truncated()).isTrue();
        assertThat(step.observation().status()).isEqualTo("out_of_steps");
        assertThat(env.state().status()).isEqualTo("out_of_steps");
    }

    @Test
    void aPartialViewShowsOnlyTheNearbyCellsAndTheirWalls() {
        var env = new MazeEnvironment();
        Observation observation = env.reset(
                        new ResetRequest(7L, null, Map.of("width", 9, "height", 9, "start", List.of(4, 4), "view", 1)))
                .observation();
        List<String> lines = observation.text().lines().toList();
        assertThat(lines).hasSize(19);
        for (int row = 0; row < 19; row++) {
            for (int col = 0; col < 19; col++) {
                boolean near = Math.abs(row - 9) <= 3 && Math.abs(col - 9) <= 3;
                assertThat(lines.get(row).charAt(col) != '?')
                        .as("tile %d,%d", row, col)
                        .isEqualTo(near);
                assertThat(observation.cells().get(row).get(col) != -1).isEqualTo(near);
            }
        }
        assertThat(lines.get(9).charAt(9)).isEqualTo('A');
        assertThat(observation.exit()).isNull();
        assertThat(env.state().exit()).isEqualTo(new Position(8, 8));
    }

    @Test
    void theExitShowsWhenItComesIntoView() {
        var env = new MazeEnvironment();
        Observation observation = env.reset(new ResetRequest(
                        7L,
                        null,
                        Map.of("width", 3, "height", 3, "start", List.of(1, 1), "exit", List.of(2, 2), "view", "1")))
                .observation();
        assertThat(observation.exit()).isEqualTo(new Position(2, 2));
        assertThat(observation.text()).doesNotContain("?");
    }

    @Test
    void theOracleTakesTheOnlyPathToTheExit() {
        var env = new MazeEnvironment();
        Step<Observation> step =
                env.reset(new ResetRequest(11L, null, Map.of("algorithm", "prim", "width", 12, "height", 5)));
        int shortest = Maze.of(env.state().layout())
                .path(env.state().start(), env.state().exit())
                .size();
        var oracle = new MazeOracle();
        while (!step.done()) {
            step = env.step(oracle.act(step, env.state()));
        }
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(env.state().stepCount()).isEqualTo(shortest);
    }

    @Test
    void anUnknownMoveIsAClearErrorAndCountsNoStep() {
        var env = started(Map.of());
        assertThatThrownBy(() -> env.step(new Action("north")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessage("unknown move 'north': expected one of up, down, left, right");
        assertThatThrownBy(() -> env.step(new Action(null)))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("needs a 'move'");
        assertThat(env.state().stepCount()).isZero();
    }

    @Test
    void stepBeforeResetIsAnError() {
        assertThatThrownBy(() -> new MazeEnvironment().step(new Action("up")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("call reset");
    }

    static List<Arguments> badOptions() {
        return List.of(
                Arguments.of(Map.of("width", 1), "'width' must be between 2 and 32"),
                Arguments.of(Map.of("height", 33), "'height' must be between 2 and 32"),
                Arguments.of(Map.of("algorithm", "kruskal"), "'algorithm' must be \"backtracker\" or \"prim\""),
                Arguments.of(Map.of("exit", List.of(0, 8)), "'exit' [0, 8] is outside the maze"),
                Arguments.of(Map.of("start", List.of(7, 7)), "'start' and 'exit' must be different"),
                Arguments.of(Map.of("start", Map.of("row", 1)), "'start' must be [row, col]"),
                Arguments.of(Map.of("view", -1), "'view' must be \"full\" or a radius"),
                Arguments.of(Map.of("max_steps", 0), "'max_steps' must be between 1"),
                Arguments.of(Map.of("size", 4), "unknown reset option 'size'; the maze takes algorithm, exit, height"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void badResetOptionsAreClearErrors(Map<String, Object> options, String message) {
        assertThatThrownBy(() -> new MazeEnvironment().reset(new ResetRequest(1L, null, options)))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void observationsGoOnTheWireWithTextAndCells() {
        var payload =
                codec().encodeStep(started(Map.of("width", 2, "height", 2)).step(new Action("up")));
        assertThat(payload.get("observation").propertyNames())
                .containsExactly(
                        "metadata",
                        "text",
                        "cells",
                        "position",
                        "exit",
                        "blocked",
                        "status",
                        "truncated",
                        "steps_left");
        assertThat(payload.get("observation").get("cells")).hasSize(5);
        assertThat(codec().encodeState(started(Map.of()).state()).propertyNames())
                .contains("episode_id", "step_count", "layout", "view_radius");
    }
}
