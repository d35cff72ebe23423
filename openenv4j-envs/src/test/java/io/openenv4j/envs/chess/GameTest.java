package io.openenv4j.envs.chess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GameTest {

    private static Game play(String fen, String... moves) {
        var game = new Game(fen);
        for (String move : moves) {
            assertThat(game.whyIllegal(move)).as(move).isNull();
            game.play(game.find(move));
        }
        return game;
    }

    @Test
    void castlingMovesKingAndRookAndEndsTheRights() {
        var game = new Game("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1");
        assertThat(game.legalUci()).contains("e1g1", "e1c1");
        game.play(game.find("e1g1"));
        assertThat(game.position().fen()).isEqualTo("r3k2r/8/8/8/8/8/8/R4RK1 b kq - 1 1");
        game.play(game.find("e8c8"));
        assertThat(game.position().fen()).isEqualTo("2kr3r/8/8/8/8/8/8/R4RK1 w - - 2 2");
    }

    @Test
    void castlingThroughAnAttackedSquareIsIllegal() {
        var game = new Game("4k3/8/8/8/8/8/5r2/R3K2R w KQ - 0 1");
        assertThat(game.legalUci()).contains("e1c1").doesNotContain("e1g1");
        assertThat(game.whyIllegal("e1g1")).contains("castling");
    }

    @Test
    void aRookMovingOrTakenLosesItsCastlingRight() {
        assertThat(play("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1", "h1h8")
                        .position()
                        .fen())
                .isEqualTo("r3k2R/8/8/8/8/8/8/R3K3 b Qq - 0 1");
    }

    @Test
    void enPassantCapturesThePawnThatJustMovedTwo() {
        var game = play(Position.START_FEN, "e2e4", "a7a6", "e4e5", "d7d5");
        assertThat(game.position().fen()).isEqualTo("rnbqkbnr/1pp1pppp/p7/3pP3/8/8/PPPP1PPP/RNBQKBNR w KQkq d6 0 3");
        game.play(game.find("e5d6"));
        assertThat(game.position().fen()).isEqualTo("rnbqkbnr/1pp1pppp/p2P4/8/8/8/PPPP1PPP/RNBQKBNR b KQkq - 0 3");
    }

    @Test
    void enPassantThatExposesTheKingIsIllegal() {
        var game = new Game("8/8/8/K2pP2r/8/8/8/7k w - d6 0 1");
        assertThat(game.legalUci()).doesNotContain("e5d6");
        assertThat(game.whyIllegal("e5d6")).contains("would leave your king in check");
    }

    @Test
    void pawnsPromoteToTheChosenPieceOnly() {
        var game = new Game("8/4P3/8/8/8/k7/8/4K3 w - - 0 1");
        assertThat(game.legalUci()).contains("e7e8q", "e7e8r", "e7e8b", "e7e8n");
        assertThat(game.whyIllegal("e7e8")).contains("must promote").contains("e7e8q");
        assertThat(game.whyIllegal("e1e2q")).contains("only a pawn reaching the last rank promotes");
        game.play(game.find("e7e8n"));
        assertThat(game.position().fen()).startsWith("4N3/8/8/8/8/k7/8/4K3 b");
    }

    @Test
    void foolsMateIsCheckmate() {
        var game = play(Position.START_FEN, "f2f3", "e7e5", "g2g4", "d8h4");
        assertThat(game.status()).isEqualTo(Game.Status.CHECKMATE);
        assertThat(game.position().inCheck()).isTrue();
        assertThat(game.legalMoves()).isEmpty();
    }

    @Test
    void noLegalMoveOutOfCheckIsStalemate() {
        assertThat(new Game("7k/5Q2/6K1/8/8/8/8/8 b - - 0 1").status()).isEqualTo(Game.Status.STALEMATE);
    }

    @Test
    void theHundredthQuietHalfMoveDraws() {
        var game = new Game("4k3/8/8/8/8/8/8/R3K3 w - - 98 80");
        game.play(game.find("a1a2"));
        assertThat(game.status()).isEqualTo(Game.Status.ONGOING);
        game.play(game.find("e8d8"));
        assertThat(game.status()).isEqualTo(Game.Status.FIFTY_MOVE_RULE);
    }

    @Test
    void mateOnTheHundredthHalfMoveIsStillMate() {
        assertThat(play("k7/8/1K6/8/8/8/8/7R w - - 99 80", "h1h8").status()).isEqualTo(Game.Status.CHECKMATE);
    }

    @Test
    void theThirdOccurrenceOfAPositionDraws() {
        var game = play(Position.START_FEN, "g1f3", "g8f6", "f3g1", "f6g8", "g1f3", "g8f6", "f3g1");
        assertThat(game.status()).isEqualTo(Game.Status.ONGOING);
        game.play(game.find("f6g8"));
        assertThat(game.status()).isEqualTo(Game.Status.THREEFOLD_REPETITION);
    }

    @Test
    void lostCastlingRightsMakeADifferentPosition() {
        var game = play(Position.START_FEN, "g1f3", "g8f6", "h1g1", "h8g8", "g1h1", "g8h8", "f3g1", "f6g8");
        assertThat(game.status())
                .as("same placement as the start, but castling rights differ")
                .isEqualTo(Game.Status.ONGOING);
    }

    @Test
    void barePiecesThatCannotMateDraw() {
        assertThat(new Game("8/8/8/4k3/8/8/8/4K3 w - - 0 1").status()).isEqualTo(Game.Status.INSUFFICIENT_MATERIAL);
        assertThat(new Game("8/8/8/4k3/8/8/8/3BK3 w - - 0 1").status()).isEqualTo(Game.Status.INSUFFICIENT_MATERIAL);
        assertThat(new Game("8/8/8/4k3/8/8/8/3NK3 w - - 0 1").status()).isEqualTo(Game.Status.INSUFFICIENT_MATERIAL);
        assertThat(new Game("8/8/8/4k3/8/4B3/8/2B1K3 w - - 0 1").status()).isEqualTo(Game.Status.INSUFFICIENT_MATERIAL);
        assertThat(play("4k3/8/8/8/8/8/3p4/4K3 w - - 0 1", "e1d2").status())
                .isEqualTo(Game.Status.INSUFFICIENT_MATERIAL);
    }

    @Test
    void materialThatCanStillMateDoesNotDraw() {
        assertThat(new Game("8/8/8/4k3/8/8/8/2NNK3 w - - 0 1").status()).isEqualTo(Game.Status.ONGOING);
        assertThat(new Game("8/8/8/4k3/8/3B4/8/2B1K3 w - - 0 1").status()).isEqualTo(Game.Status.ONGOING);
        assertThat(new Game("8/8/8/4k3/8/8/P7/4K3 w - - 0 1").status()).isEqualTo(Game.Status.ONGOING);
    }

    @Test
    void illegalMovesAreExplained() {
        var game = new Game(Position.START_FEN);
        assertThat(game.whyIllegal("hello")).contains("not a move in UCI notation");
        assertThat(game.whyIllegal(null)).contains("no move given");
        assertThat(game.whyIllegal("e3e4")).isEqualTo("there is no piece on e3");
        assertThat(game.whyIllegal("e7e5")).contains("black's").contains("white's move");
        assertThat(game.whyIllegal("g1g3")).isEqualTo("the knight on g1 cannot move to g3");
        assertThat(game.whyIllegal("E2E4")).isNull();
    }

    @Test
    void movesThatIgnoreCheckAreExplained() {
        var game = play(Position.START_FEN, "e2e4", "f7f5", "d1h5");
        assertThat(game.position().inCheck()).isTrue();
        assertThat(game.whyIllegal("a7a6")).contains("your king is in check");
        assertThat(game.whyIllegal("g7g6")).isNull();
    }

    @Test
    void aReplayReachesTheSamePosition() {
        var game = play(Position.START_FEN, "e2e4", "c7c5", "g1f3", "d7d6", "f1b5", "c8d7", "e1g1");
        var replayed = Game.replay(game.startFen(), game.moves());
        assertThat(replayed.position().fen()).isEqualTo(game.position().fen());
        assertThat(replayed.keys()).isEqualTo(game.keys());
    }

    @Test
    void invalidFenIsRejectedWithAReason() {
        for (var bad : List.of(
                List.of("nonsense", "4 to 6"),
                List.of("8/8/8/8/8/8/8/8 w - - 0 1", "one king"),
                List.of("rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBN w KQkq - 0 1", "8 squares"),
                List.of("4k3/8/8/8/8/8/8/4K3 x - - 0 1", "'w' or 'b'"),
                List.of("4k3/8/8/8/8/8/8/4K3 w K - 0 1", "castling right 'K'"),
                List.of("4k3/8/8/8/8/8/8/4K2P w - - 0 1", "pawn cannot stand"),
                List.of("4k3/8/8/8/8/8/8/4K3 w - e6 0 1", "en-passant"))) {
            assertThatThrownBy(() -> new Game(bad.get(0)))
                    .as(bad.get(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.get(1));
        }
        assertThatThrownBy(() -> new Game("4k2R/8/8/8/8/8/8/4K3 w - - 0 1"))
                .hasMessageContaining("not to move is in check");
    }
}
