package io.openenv4j.envs.connectfour;

import java.util.SplittableRandom;

/**
 * The built-in player the agent plays against, drawing on one seeded random source so that an episode is a
 * function of its seed and the agent's moves. Not thread-safe.
 */
sealed interface Opponent permits Opponent.RandomMover, Opponent.Minimax {

    int MAX_DEPTH = 8;

    /** The name the reset option and the state use: {@code random} or {@code minimax}. */
    String name();

    /** The column to play; the board has room and is left as found. */
    int choose(Board board);

    /** Plays a uniformly random column that has room. */
    record RandomMover(SplittableRandom random) implements Opponent {
        @Override
        public String name() {
            return "random";
        }

        @Override
        public int choose(Board board) {
            var columns = board.legalColumns();
            return columns.get(random.nextInt(columns.size()));
        }
    }

    /** Searches {@code depth} plies; among equal columns it picks at random. */
    record Minimax(int depth, SplittableRandom random) implements Opponent {
        @Override
        public String name() {
            return "minimax";
        }

        @Override
        public int choose(Board board) {
            int[] order = Search.CENTRE_FIRST.clone();
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            return Search.bestColumn(board, depth, order);
        }
    }
}
