package io.openenv4j.envs.connectfour;

/**
 * Fixed-depth alpha-beta (negamax) search for Connect Four, used by the minimax opponent and the oracle. A
 * win scores {@link #WIN} less the number of discs on the board, so sooner wins and later losses are
 * preferred; other leaves are scored by open lines (two or three of one player's discs and no other) and
 * discs in the centre column. Among equal moves the first in the given order wins, so callers that want
 * varied play shuffle the order with their seeded random. Stateless and thread-safe; the board is searched
 * in place and left as found.
 */
final class Search {

    static final int WIN = 1_000_000;
    /** Centre first: central columns take part in more lines, which also makes alpha-beta cut more. */
    static final int[] CENTRE_FIRST = {3, 2, 4, 1, 5, 0, 6};

    private static final long CENTRE_COLUMN = 0b111111L << 3 * 7;

    private Search() {}

    /** The best column to play, searched {@code depth} plies deep, trying columns in {@code order}. */
    static int bestColumn(Board board, int depth, int[] order) {
        int best = -1;
        int alpha = -Integer.MAX_VALUE;
        for (int column : order) {
            if (!board.canPlay(column)) {
                continue;
            }
            int score = scoreAfter(board, column, depth, alpha, Integer.MAX_VALUE);
            if (best < 0 || score > alpha) {
                alpha = score;
                best = column;
            }
        }
        return best;
    }

    /** The mover's score for playing {@code column}, searched within the mover's window. */
    private static int scoreAfter(Board board, int column, int depth, int alpha, int beta) {
        int mover = board.toMove();
        board.play(column);
        int score;
        if (board.won(mover)) {
            score = WIN - board.moveCount();
        } else if (board.full()) {
            score = 0;
        } else if (depth <= 1) {
            score = evaluate(board, mover);
        } else {
            score = -negamax(board, depth - 1, -beta, -alpha);
        }
        board.undo(column);
        return score;
    }

    private static int negamax(Board board, int depth, int alpha, int beta) {
        for (int column : CENTRE_FIRST) {
            if (!board.canPlay(column)) {
                continue;
            }
            int score = scoreAfter(board, column, depth, alpha, beta);
            if (score >= beta) {
                return beta;
            }
            alpha = Math.max(alpha, score);
        }
        return alpha;
    }

    /** The heuristic value of the board for {@code player}. */
    static int evaluate(Board board, int player) {
        long own = board.discs(player);
        long other = board.discs(player ^ 1);
        int score = 3 * (Long.bitCount(own & CENTRE_COLUMN) - Long.bitCount(other & CENTRE_COLUMN));
        for (long line : Board.LINES) {
            int mine = Long.bitCount(own & line);
            int theirs = Long.bitCount(other & line);
            if (theirs == 0) {
                score += mine == 3 ? 20 : mine == 2 ? 4 : 0;
            } else if (mine == 0) {
                score -= theirs == 3 ? 20 : theirs == 2 ? 4 : 0;
            }
        }
        return score;
    }
}
