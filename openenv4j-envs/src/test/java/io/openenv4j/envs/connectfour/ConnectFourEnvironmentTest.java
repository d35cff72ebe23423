package io.openenv4j.envs.connectfour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.connectfour.ConnectFourEnvironment.Action;
import io.openenv4j.envs.connectfour.ConnectFourEnvironment.ConnectFourState;
import io.openenv4j.envs.connectfour.ConnectFourEnvironment.Observation;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectFourEnvironmentTest extends EnvironmentContract<Action, Observation, ConnectFourState> {

    @Override
    protected EnvSpec<Action, Observation, ConnectFourState> spec() {
        return ConnectFourEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(new Action(3), new Action(3), new Action(9), new Action(2));
    }

    @Override
    protected Policy<Action, Observation, ConnectFourState> oracle() {
        return new ConnectFourOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    private static ConnectFourEnvironment started(Map<String, Object> options) {
        var env = new ConnectFourEnvironment();
        env.reset(new ResetRequest(1L, null, options));
        return env;
    }

    @Test
    void resetShowsAnEmptyBoardWithTheAgentToMove() {
        Step<Observation> step = new ConnectFourEnvironment().reset(ResetRequest.withSeed(1));
        assertThat(step.observation().board()).startsWith(" 0 1 2 3 4 5 6\n|. . . . . . .|");
        assertThat(step.observation().legalColumns()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(step.observation().yourDisc()).isEqualTo("X");
        assertThat(step.observation().lastOpponentColumn()).isNull();
        assertThat(step.observation().result()).isNull();
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
    }

    @Test
    void aMoveIsAnsweredByTheOpponent() {
        var env = started(Map.of());
        Step<Observation> step = env.step(new Action(3));
        assertThat(step.observation().lastOpponentColumn()).isBetween(0, 6);
        assertThat(env.state().columns()).hasSize(2).startsWith(3);
        assertThat(env.state().rows().getLast()).contains("X");
        assertThat(env.state().stepCount()).isEqualTo(1);
    }

    @Test
    void theOpponentCanMoveFirst() {
        var env = new ConnectFourEnvironment();
        Step<Observation> step = env.reset(new ResetRequest(1L, null, Map.of("first", "opponent")));
        assertThat(step.observation().yourDisc()).isEqualTo("O");
        assertThat(step.observation().lastOpponentColumn()).isNotNull();
        assertThat(env.state().columns()).hasSize(1);
        assertThat(env.state().first()).isEqualTo("opponent");
    }

    @Test
    void aColumnOutOfRangeIsAnErrorObservation() {
        var env = started(Map.of());
        Step<Observation> step = env.step(new Action(7));
        assertThat(step.observation().error())
                .isEqualTo("column 7 does not exist: columns are 0 to 6. Legal columns: [0, 1, 2, 3, 4, 5, 6]");
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
        assertThat(env.state().columns()).isEmpty();
        assertThat(env.state().stepCount()).isEqualTo(1);
        assertThat(env.step(new Action(-1)).observation().error()).contains("column -1 does not exist");
    }

    @Test
    void aFullColumnIsAnErrorObservationAndChangesNothing() {
        // With seed 2 the random opponent answers 1, 3, 0, 0: four agent moves fill column 0 with XXXOXO.
        var env = new ConnectFourEnvironment();
        env.reset(ResetRequest.withSeed(2));
        for (int i = 0; i < 4; i++) {
            assertThat(env.step(new Action(0)).done()).isFalse();
        }
        assertThat(env.state().columns()).containsExactly(0, 1, 0, 3, 0, 0, 0, 0);
        Step<Observation> step = env.step(new Action(0));
        assertThat(step.observation().error()).isEqualTo("column 0 is full. Legal columns: [1, 2, 3, 4, 5, 6]");
        assertThat(step.observation().legalColumns()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
        assertThat(env.state().columns()).hasSize(8);
        assertThat(env.state().stepCount()).isEqualTo(5);
    }

    @Test
    void fourInARowWins() {
        var env = new ConnectFourEnvironment();
        Step<Observation> step = play(env, env.reset(ResetRequest.withSeed(1)), new ConnectFourOracle());
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.observation().result()).isEqualTo("win");
        assertThat(step.observation().legalColumns()).isEmpty();
    }

    @Test
    void losingToTheMinimaxOpponentCostsOne() {
        var env = new ConnectFourEnvironment();
        Step<Observation> step = play(
                env,
                env.reset(new ResetRequest(1L, null, Map.of("opponent", "minimax", "depth", 4))),
                (last, state) -> new Action(last.observation().legalColumns().getLast()));
        assertThat(step.reward()).isEqualTo(-1.0);
        assertThat(step.observation().result()).isEqualTo("loss");
        assertThat(env.state().result()).isEqualTo("loss");
    }

    @Test
    void stepAfterTheGameEndsRequiresReset() {
        var env = new ConnectFourEnvironment();
        play(env, env.reset(ResetRequest.withSeed(1)), new ConnectFourOracle());
        assertThatThrownBy(() -> env.step(new Action(3)))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("game is over")
                .hasMessageContaining("reset");
    }

    @Test
    void stepBeforeResetIsAnError() {
        assertThatThrownBy(() -> new ConnectFourEnvironment().step(new Action(3)))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("reset");
    }

    @Test
    void badResetOptionsAreClearErrors() {
        var env = new ConnectFourEnvironment();
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("opponent", "perfect"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'opponent' must be 'random' or 'minimax'");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("depth", 0))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'depth' must be from 1 to 8");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("depth", "deep"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'depth' must be an integer");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("first", "me"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'first' must be 'agent' or 'opponent'");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("first", true))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'first' must be a string");
    }

    @Test
    void theSeedDecidesTheRandomOpponentsReplies() {
        var replies = new HashSet<Integer>();
        for (long seed = 0; seed < 10; seed++) {
            var env = new ConnectFourEnvironment();
            env.reset(ResetRequest.withSeed(seed));
            replies.add(env.step(new Action(3)).observation().lastOpponentColumn());
        }
        assertThat(replies).hasSizeGreaterThan(1);
    }

    @Test
    void theStateReplaysToTheCurrentBoard() {
        var env = started(Map.of("opponent", "minimax", "depth", "2"));
        env.step(new Action(3));
        env.step(new Action(4));
        ConnectFourState state = env.state();
        assertThat(state.opponent()).isEqualTo("minimax");
        assertThat(state.depth()).isEqualTo(2);
        assertThat(state.seed()).isEqualTo(1L);
        assertThat(Board.replay(state.columns()).rows()).isEqualTo(state.rows());
    }

    @Test
    void fieldsHaveSnakeCaseWireNames() throws Exception {
        var payload = playScript("wire").getFirst();
        assertThat(payload.get("observation").propertyNames())
                .containsExactly(
                        "metadata", "board", "your_disc", "legal_columns", "last_opponent_column", "result", "error");
        assertThat(codec().encodeState(started(Map.of()).state()).propertyNames())
                .containsExactly(
                        "episode_id",
                        "step_count",
                        "columns",
                        "rows",
                        "your_disc",
                        "opponent",
                        "depth",
                        "first",
                        "result",
                        "seed");
    }

    @Test
    void theOracleBeatsTheRandomOpponentMovingFirstOrSecond() {
        for (long seed = 0; seed < 10; seed++) {
            for (String first : List.of("agent", "opponent")) {
                var env = new ConnectFourEnvironment();
                Step<Observation> step = play(
                        env, env.reset(new ResetRequest(seed, null, Map.of("first", first))), new ConnectFourOracle());
                assertThat(step.reward()).as("seed %d, %s first", seed, first).isEqualTo(1.0);
            }
        }
    }

    @Test
    void theOracleBeatsTheMinimaxOpponentWhenItMovesSecond() {
        for (long seed = 0; seed < 5; seed++) {
            var env = new ConnectFourEnvironment();
            Step<Observation> reset =
                    env.reset(new ResetRequest(seed, null, Map.of("first", "opponent", "opponent", "minimax")));
            assertThat(play(env, reset, new ConnectFourOracle()).reward())
                    .as("seed %d", seed)
                    .isEqualTo(1.0);
        }
    }

    /** Plays {@code policy} from the reset's step until the game ends; returns the last step. */
    private static Step<Observation> play(
            ConnectFourEnvironment env, Step<Observation> reset, Policy<Action, Observation, ConnectFourState> policy) {
        Step<Observation> step = reset;
        for (int i = 0; i < Board.CELLS && !step.done(); i++) {
            step = env.step(policy.act(step, env.state()));
        }
        return step;
    }
}
