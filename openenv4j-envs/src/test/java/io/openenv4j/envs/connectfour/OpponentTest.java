package io.openenv4j.envs.connectfour;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OpponentTest {

    /** Plays one game; 1 if the first player wins, -1 if the second does, 0 for a draw. */
    private static int match(Opponent first, Opponent second) {
        var board = new Board();
        Opponent[] players = {first, second};
        while (!board.full()) {
            int mover = board.toMove();
            board.play(players[mover].choose(board));
            if (board.won(mover)) {
                return mover == 0 ? 1 : -1;
            }
        }
        return 0;
    }

    private static Opponent minimax(int depth, long seed) {
        return new Opponent.Minimax(depth, new SplittableRandom(seed));
    }

    private static Opponent random(long seed) {
        return new Opponent.RandomMover(new SplittableRandom(seed));
    }

    @Test
    void minimaxBeatsRandom() {
        long wins = LongStream.range(0, 20)
                .filter(seed -> seed % 2 == 0
                        ? match(minimax(4, seed), random(seed + 100)) == 1
                        : match(random(seed + 100), minimax(4, seed)) == -1)
                .count();
        assertThat(wins).isEqualTo(20);
    }

    @Test
    void deeperMinimaxBeatsShallower() {
        // From the deeper side: 1 win, 0 draw (the board filled up), -1 loss.
        int[] results = LongStream.range(0, 10)
                .mapToInt(seed -> seed % 2 == 0
                        ? match(minimax(6, seed), minimax(2, seed + 100))
                        : -match(minimax(2, seed + 100), minimax(6, seed)))
                .toArray();
        assertThat(results).doesNotContain(-1);
        assertThat(Arrays.stream(results).filter(result -> result == 1).count()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void theRandomOpponentIsSeeded() {
        var sameSeed = new HashSet<Integer>();
        var differentSeeds = new HashSet<Integer>();
        for (long seed = 0; seed < 10; seed++) {
            sameSeed.add(random(42).choose(new Board()));
            differentSeeds.add(random(seed).choose(new Board()));
        }
        assertThat(sameSeed).hasSize(1);
        assertThat(differentSeeds).hasSizeGreaterThan(1);
    }

    @Test
    void theSameSeedsPlayTheSameGame() {
        assertThat(history(3, 1)).isEqualTo(history(3, 1));
        assertThat(history(3, 1)).isNotEqualTo(history(3, 2));
    }

    private static List<Integer> history(int depth, long seed) {
        var board = new Board();
        Opponent[] players = {minimax(depth, seed), random(seed + 100)};
        while (!board.full() && !board.won(0) && !board.won(1)) {
            board.play(players[board.toMove()].choose(board));
        }
        return board.history();
    }
}
