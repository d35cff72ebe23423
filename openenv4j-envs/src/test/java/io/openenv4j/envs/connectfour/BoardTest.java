package io.openenv4j.envs.connectfour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoardTest {

    /** A full board with no four in a row anywhere. */
    static final List<Integer> DRAWN_GAME = List.of(
            5, 4, 5, 0, 6, 2, 4, 5, 5, 0, 4, 1, 1, 0, 4, 5, 6, 5, 3, 1, 1, 2, 2, 6, 2, 6, 6, 3, 6, 2, 0, 3, 0, 3, 3, 4,
            3, 1, 4, 2, 1, 0);

    @Test
    void fourInAColumnWins() {
        var board = Board.replay(List.of(0, 1, 0, 1, 0, 1));
        assertThat(board.won(0)).isFalse();
        board.play(0);
        assertThat(board.won(0)).isTrue();
        assertThat(board.won(1)).isFalse();
    }

    @Test
    void fourInARowWins() {
        assertThat(Board.replay(List.of(0, 0, 1, 1, 2, 2, 3)).won(0)).isTrue();
    }

    @Test
    void fourOnARisingDiagonalWins() {
        assertThat(Board.replay(List.of(0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3)).won(0))
                .isTrue();
    }

    @Test
    void fourOnAFallingDiagonalWins() {
        assertThat(Board.replay(List.of(6, 5, 5, 4, 4, 3, 4, 3, 3, 0, 3)).won(0))
                .isTrue();
    }

    @Test
    void discsAtTheTopOfOneColumnAndTheBottomOfTheNextDoNotConnect() {
        var board = Board.replay(List.of(0, 0, 1, 0, 0, 2, 0, 2, 0));
        assertThat(board.rows()).containsExactly("X......", "X......", "X......", "O......", "O.O....", "XXO....");
        assertThat(board.won(0)).isFalse();
    }

    @Test
    void aFullBoardWithoutFourIsADraw() {
        var board = Board.replay(DRAWN_GAME);
        assertThat(board.full()).isTrue();
        assertThat(board.won(0)).isFalse();
        assertThat(board.won(1)).isFalse();
        assertThat(board.legalColumns()).isEmpty();
    }

    @Test
    void undoRestoresTheBoard() {
        var board = Board.replay(List.of(3, 3, 4));
        List<String> before = board.rows();
        board.play(2);
        board.undo(2);
        assertThat(board.rows()).isEqualTo(before);
        assertThat(board.history()).containsExactly(3, 3, 4);
        assertThat(board.toMove()).isEqualTo(1);
    }

    @Test
    void aFullColumnCannotBePlayed() {
        var board = Board.replay(List.of(2, 2, 2, 2, 2, 2));
        assertThat(board.canPlay(2)).isFalse();
        assertThat(board.canPlay(7)).isFalse();
        assertThat(board.canPlay(-1)).isFalse();
        assertThat(board.legalColumns()).containsExactly(0, 1, 3, 4, 5, 6);
        assertThatThrownBy(() -> Board.replay(List.of(2, 2, 2, 2, 2, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asciiShowsColumnNumbersAndDiscs() {
        assertThat(Board.replay(List.of(3, 4)).ascii()).isEqualTo("""
                 0 1 2 3 4 5 6
                |. . . . . . .|
                |. . . . . . .|
                |. . . . . . .|
                |. . . . . . .|
                |. . . . . . .|
                |. . . X O . .|
                +-------------+""");
    }

    @Test
    void thereAreSixtyNineLinesOfFour() {
        assertThat(Board.LINES).hasSize(69);
    }
}
