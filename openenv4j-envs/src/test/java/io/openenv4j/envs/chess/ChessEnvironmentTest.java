package io.openenv4j.envs.chess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.chess.ChessEnvironment.Action;
import io.openenv4j.envs.chess.ChessEnvironment.ChessState;
import io.openenv4j.envs.chess.ChessEnvironment.Observation;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChessEnvironmentTest extends EnvironmentContract<Action, Observation, ChessState> {

    @Override
    protected EnvSpec<Action, Observation, ChessState> spec() {
        return ChessEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(new Action("e2e4"), new Action("g1f3"), new Action("e2e5"), new Action("f1c4"));
    }

    @Override
    protected Policy<Action, Observation, ChessState> oracle() {
        return new ChessOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    private static ChessEnvironment started(Map<String, Object> options) {
        var env = new ChessEnvironment();
        env.reset(new ResetRequest(1L, null, options));
        return env;
    }

    @Test
    void resetShowsTheStartPositionWithTheAgentToMove() {
        Step<Observation> step = new ChessEnvironment().reset(ResetRequest.withSeed(1));
        Observation observation = step.observation();
        assertThat(observation.fen()).isEqualTo(Position.START_FEN);
        assertThat(observation.legalMoves()).hasSize(20).contains("e2e4", "g1f3");
        assertThat(observation.yourColor()).isEqualTo("white");
        assertThat(observation.sideToMove()).isEqualTo("white");
        assertThat(observation.status()).isEqualTo("ongoing");
        assertThat(observation.lastOpponentMove()).isNull();
        assertThat(observation.error()).isNull();
        assertThat(observation.board()).contains("1 | R N B Q K B N R |", "8 | r n b q k b n r |", "a b c d e f g h");
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
    }

    @Test
    void aMoveIsAnsweredByTheOpponent() {
        var env = started(Map.of());
        Step<Observation> step = env.step(new Action("e2e4"));
        assertThat(step.observation().lastOpponentMove()).matches("[a-h][1-8][a-h][1-8]");
        assertThat(step.observation().sideToMove()).isEqualTo("white");
        assertThat(env.state().moves()).hasSize(2).startsWith("e2e4");
        assertThat(env.state().stepCount()).isEqualTo(1);
        assertThat(step.reward()).isZero();
    }

    @Test
    void playingBlackTheOpponentOpens() {
        Step<Observation> step = new ChessEnvironment().reset(new ResetRequest(1L, null, Map.of("color", "black")));
        assertThat(step.observation().yourColor()).isEqualTo("black");
        assertThat(step.observation().sideToMove()).isEqualTo("black");
        assertThat(step.observation().lastOpponentMove()).isNotNull();
        assertThat(step.observation().legalMoves()).hasSize(20);
    }

    @Test
    void anIllegalMoveIsAnErrorObservationAndChangesNothing() {
        var env = started(Map.of());
        Step<Observation> step = env.step(new Action("e2e5"));
        assertThat(step.observation().error())
                .startsWith("the pawn on e2 cannot move to e5")
                .contains("Legal moves: a2a3");
        assertThat(step.observation().fen()).isEqualTo(Position.START_FEN);
        assertThat(step.observation().legalMoves()).hasSize(20);
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
        assertThat(env.state().moves()).isEmpty();
        assertThat(env.state().stepCount()).isEqualTo(1);
        assertThat(env.step(new Action("e2e4")).observation().error()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "e4", "Nf3", "e2-e4", "e2e4e5", "z9z9"})
    void malformedMovesAreErrorObservations(String move) {
        Step<Observation> step = started(Map.of()).step(new Action(move));
        assertThat(step.observation().error()).isNotBlank();
        assertThat(step.done()).isFalse();
    }

    @Test
    void aMissingMoveIsAnErrorObservation() {
        assertThat(started(Map.of()).step(new Action(null)).observation().error())
                .contains("no move given");
    }

    @Test
    void movesAreReadCaseInsensitively() {
        var env = started(Map.of());
        assertThat(env.step(new Action(" E2E4 ")).observation().error()).isNull();
        assertThat(env.state().moves().getFirst()).isEqualTo("e2e4");
    }

    @Test
    void matingTheOpponentWins() {
        var env = started(Map.of("fen", "k7/8/1K6/8/8/8/8/7R w - - 0 1"));
        Step<Observation> step = env.step(new Action("h1h8"));
        assertThat(step.done()).isTrue();
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.observation().status()).isEqualTo("checkmate");
        assertThat(step.observation().result()).isEqualTo("win");
        assertThat(step.observation().legalMoves()).isEmpty();
        assertThat(env.state().result()).isEqualTo("win");
    }

    @Test
    void beingMatedLoses() {
        var env = started(Map.of("fen", "k7/8/1K6/8/8/8/8/7R b - - 0 1", "color", "black", "opponent", "minimax-1"));
        Step<Observation> step = env.step(new Action("a8b8"));
        assertThat(step.observation().lastOpponentMove()).isEqualTo("h1h8");
        assertThat(step.reward()).isEqualTo(-1.0);
        assertThat(step.done()).isTrue();
        assertThat(step.observation().result()).isEqualTo("loss");
    }

    @Test
    void aGameLostBeforeTheAgentMovesEndsAtReset() {
        Step<Observation> step = new ChessEnvironment()
                .reset(new ResetRequest(
                        1L,
                        null,
                        Map.of("fen", "k7/8/1K6/8/8/8/8/7R w - - 0 1", "color", "black", "opponent", "minimax-1")));
        assertThat(step.done()).isTrue();
        assertThat(step.reward()).isEqualTo(-1.0);
    }

    @Test
    void stalematingTheOpponentDraws() {
        Step<Observation> step =
                started(Map.of("fen", "7k/8/6K1/8/8/8/8/5Q2 w - - 0 1")).step(new Action("f1f7"));
        assertThat(step.done()).isTrue();
        assertThat(step.reward()).isZero();
        assertThat(step.observation().status()).isEqualTo("stalemate");
        assertThat(step.observation().result()).isEqualTo("draw");
    }

    @Test
    void takingTheLastPieceDrawsByInsufficientMaterial() {
        Step<Observation> step =
                started(Map.of("fen", "4k3/8/8/8/8/8/3p4/4K3 w - - 0 1")).step(new Action("e1d2"));
        assertThat(step.done()).isTrue();
        assertThat(step.observation().status()).isEqualTo("draw_insufficient_material");
    }

    @Test
    void aPromotionNeedsItsPiece() {
        var env = started(Map.of("fen", "8/4P3/8/8/8/k7/8/4K3 w - - 0 1"));
        assertThat(env.step(new Action("e7e8")).observation().error()).contains("must promote");
        assertThat(env.step(new Action("e7e8q")).observation().fen()).startsWith("4Q3/");
    }

    @Test
    void stepAfterTheGameEndsRequiresReset() {
        var env = started(Map.of("fen", "k7/8/1K6/8/8/8/8/7R w - - 0 1"));
        env.step(new Action("h1h8"));
        assertThatThrownBy(() -> env.step(new Action("h8h7")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("game is over")
                .hasMessageContaining("reset");
    }

    @Test
    void stepBeforeResetIsAnError() {
        assertThatThrownBy(() -> new ChessEnvironment().step(new Action("e2e4")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("reset");
    }

    @Test
    void badResetOptionsAreClearErrors() {
        var env = new ChessEnvironment();
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("color", "green"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'color' must be 'white' or 'black'");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("opponent", "minimax-7"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("opponent must be");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("opponent", 3))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'opponent' must be a string");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("fen", "8/8/8 w"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'fen' is not a legal position");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("fen", "7k/5Q2/6K1/8/8/8/8/8 b - - 0 1"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("finished game (stalemate)");
    }

    @Test
    void aFailedResetLeavesTheGameInPlay() {
        var env = started(Map.of());
        env.step(new Action("e2e4"));
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("color", "green"))));
        assertThat(env.state().moves()).hasSize(2);
    }

    @Test
    void theSeedDecidesTheRandomOpponentsReplies() {
        var replies = new HashSet<String>();
        for (long seed = 0; seed < 8; seed++) {
            var env = new ChessEnvironment();
            env.reset(ResetRequest.withSeed(seed));
            replies.add(env.step(new Action("e2e4")).observation().lastOpponentMove());
        }
        assertThat(replies).hasSizeGreaterThan(1);
    }

    @Test
    void theStateReplaysToTheCurrentPosition() {
        var env = started(Map.of("opponent", "greedy"));
        env.step(new Action("e2e4"));
        env.step(new Action("d2d4"));
        ChessState state = env.state();
        assertThat(state.startFen()).isEqualTo(Position.START_FEN);
        assertThat(state.opponent()).isEqualTo("greedy");
        assertThat(state.seed()).isEqualTo(1L);
        assertThat(Game.replay(state.startFen(), state.moves()).position().fen())
                .isEqualTo(state.fen());
    }

    @Test
    void observationFieldsHaveSnakeCaseWireNames() throws Exception {
        var payload = playScript("wire").getFirst();
        assertThat(payload.get("observation").propertyNames())
                .containsExactly(
                        "metadata",
                        "fen",
                        "board",
                        "your_color",
                        "side_to_move",
                        "legal_moves",
                        "last_opponent_move",
                        "in_check",
                        "status",
                        "result",
                        "error");
        assertThat(codec().encodeState(started(Map.of()).state()).propertyNames())
                .contains("start_fen", "moves", "seed");
    }

    @Test
    void theOracleBeatsTheRandomOpponentWithEitherColour() {
        for (long seed = 0; seed < 6; seed++) {
            for (String colour : List.of("white", "black")) {
                var env = new ChessEnvironment();
                var oracle = new ChessOracle();
                Step<Observation> step = env.reset(new ResetRequest(seed, null, Map.of("color", colour)));
                int steps = 0;
                while (!step.done() && steps++ < 200) {
                    step = env.step(oracle.act(step, env.state()));
                }
                assertThat(step.reward()).as("seed %d as %s", seed, colour).isEqualTo(1.0);
            }
        }
    }
}
