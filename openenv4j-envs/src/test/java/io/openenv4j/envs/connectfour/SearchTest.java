package io.openenv4j.envs.connectfour;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTest {

    @Test
    void takesAnImmediateWin() {
        var board = Board.replay(List.of(0, 6, 1, 6, 2, 5));
        assertThat(Search.bestColumn(board, 1, Search.CENTRE_FIRST)).isEqualTo(3);
    }

    @Test
    void blocksTheOpponentsWin() {
        var board = Board.replay(List.of(0, 6, 1, 6, 2));
        assertThat(Search.bestColumn(board, 2, Search.CENTRE_FIRST)).isEqualTo(3);
    }

    @Test
    void seesAForcedWinThreeMovesAhead() {
        // X has 1 and 2 on the bottom row with 0, 3 and 4 open: playing 3 threatens both ends.
        var board = Board.replay(List.of(1, 1, 2, 2));
        assertThat(Search.bestColumn(board, 3, Search.CENTRE_FIRST)).isEqualTo(3);
    }

    @Test
    void theEvaluationIsSymmetric() {
        var board = Board.replay(List.of(3, 2, 3, 4, 1));
        assertThat(Search.evaluate(board, 0)).isEqualTo(-Search.evaluate(board, 1));
        assertThat(Search.evaluate(new Board(), 0)).isZero();
    }

    @Test
    void searchLeavesTheBoardAsItFoundIt() {
        var board = Board.replay(List.of(3, 2, 3, 4, 1));
        Search.bestColumn(board, 6, Search.CENTRE_FIRST);
        assertThat(board.history()).containsExactly(3, 2, 3, 4, 1);
    }
}
