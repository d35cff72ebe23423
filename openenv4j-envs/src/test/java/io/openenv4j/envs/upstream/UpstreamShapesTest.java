package io.openenv4j.envs.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.blackjack.UpstreamBlackjack;
import io.openenv4j.envs.chess.UpstreamChess;
import io.openenv4j.envs.code.UpstreamCode;
import io.openenv4j.envs.connectfour.UpstreamConnectFour;
import io.openenv4j.envs.wordle.UpstreamWordle;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference's shapes from the agent's side when it is not the default side, and refusals that name the cause. */
class UpstreamShapesTest {

    @Test
    void anAgentPlayingBlackSeesTheOpponentsFirstMoveAndWhiteToMoveNever() {
        try (var chess = new UpstreamChess()) {
            var first = chess.reset(new ResetRequest(3L, "black", Map.of("color", "black")));
            var state = chess.state();
            assertThat(state.moveHistory()).hasSize(1);
            assertThat(state.currentPlayer()).isEqualTo("black");
            assertThat(first.observation().fen()).contains(" b ");
            assertThat(first.observation().result()).isNull();
        }
    }

    @Test
    void theConnectFourBoardIsFromTheAgentsSideWhenTheOpponentMovesFirst() {
        try (var game = new UpstreamConnectFour()) {
            var first = game.reset(new ResetRequest(9L, null, Map.of("first", "opponent")));
            long opponentDiscs = first.observation().board().stream()
                    .flatMap(java.util.List::stream)
                    .filter(cell -> cell == -1)
                    .count();
            long agentDiscs = first.observation().board().stream()
                    .flatMap(java.util.List::stream)
                    .filter(cell -> cell == 1)
                    .count();
            assertThat(opponentDiscs).isEqualTo(1);
            assertThat(agentDiscs).isZero();
            assertThat(game.state().nextPlayer()).isEqualTo(1);
        }
    }

    @Test
    void aWordleMessageWithoutBracketsIsTakenWholeAndARefusalIsAGameMessage() {
        try (var wordle = new UpstreamWordle()) {
            wordle.reset(new ResetRequest(1L, null, Map.of("answer", "crane")));
            var step = wordle.step(new UpstreamWordle.TextArenaAction("  xyzzy "));
            var last = step.observation().messages().getLast();
            assertThat(last.category()).isEqualTo("GAME_MESSAGE");
            assertThat(last.content()).startsWith("You attempted an invalid move.");
            assertThat(step.observation().messages().get(1).content()).isEqualTo("  xyzzy ");
            assertThat(step.observation().info()).containsEntry("guesses_left", 6);
        }
    }

    @Test
    void openSpielActionNumbersOutsideHitAndStandAreRefusedByName() {
        try (var blackjack = new UpstreamBlackjack()) {
            blackjack.reset(ResetRequest.withSeed(2));
            assertThatThrownBy(() -> blackjack.step(new UpstreamBlackjack.OpenSpielAction(7, "catch", Map.of())))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("0 (hit) or 1 (stand)");
        }
    }

    @Test
    void theFreePythonSessionRefusesATaskAndNamesTheEnvironmentThatPlaysTasks() {
        try (var code = new UpstreamCode()) {
            assertThatThrownBy(() -> code.reset(new ResetRequest(null, null, Map.of("task", "fizzbuzz"))))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("serve 'code'");
        }
    }
}
