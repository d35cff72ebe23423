package io.openenv4j.envs.chess;

import static io.openenv4j.envs.chess.Position.BISHOP;
import static io.openenv4j.envs.chess.Position.KNIGHT;
import static io.openenv4j.envs.chess.Position.PAWN;
import static io.openenv4j.envs.chess.Position.ROOK;
import static io.openenv4j.envs.chess.Position.WHITE;

import java.util.Set;

/**
 * A small fixed-depth alpha-beta (negamax) search with an optional capture-only quiescence search, used by
 * the built-in opponents and the oracle. The evaluation is material plus a few positional terms (pawn
 * advancement, centralised minor pieces, and in won endgames a "mop-up" term that drives the losing king to
 * the edge), enough to convert a material lead into mate. A position that already occurred in the game, or
 * one with the fifty-move clock run out, scores as a draw, so a winning side avoids repetitions.
 *
 * <p>Deterministic: among moves of equal score the first in the given root order wins, so callers that
 * want varied play shuffle the root moves with their seeded random. Not thread-safe.
 */
final class Search {

    static final int MATE = 100_000;
    private static final int INFINITY = 1_000_000;
    private static final int MAX_EXTENDED_PLY = 12;
    /** Queens, rooks and minor pieces of both sides worth at most this: kings come out, pawns run. */
    private static final int ENDGAME_MATERIAL = 1_300;

    private static final int[] VALUE = {0, 100, 320, 330, 500, 900, 0};

    private final Position position;
    private final Set<Long> history;
    private final boolean quiesce;

    /**
     * @param position searched in place and left as found
     * @param history repetition keys of positions already reached in the game
     * @param quiesce whether leaf nodes resolve pending captures before evaluating
     */
    Search(Position position, Set<Long> history, boolean quiesce) {
        this.position = position;
        this.history = history;
        this.quiesce = quiesce;
    }

    /** The best of {@code rootMoves} (legal moves) searched {@code depth} plies deep; ties go to the earliest. */
    int bestMove(int[] rootMoves, int depth) {
        int[] moves = rootMoves.clone();
        order(moves, moves.length);
        int best = moves[0];
        int alpha = -INFINITY;
        for (int move : moves) {
            position.make(move);
            int score = -search(depth - 1, -INFINITY, -alpha, 1);
            position.unmake(move);
            if (score > alpha) {
                alpha = score;
                best = move;
            }
        }
        return best;
    }

    private int search(int depth, int alpha, int beta, int ply) {
        if (position.halfmoveClock >= 100 || history.contains(position.key())) {
            return 0;
        }
        if (depth <= 0 && ply < MAX_EXTENDED_PLY && position.inCheck()) {
            depth = 1; // a check at the horizon is looked at one ply more, so mates there are seen
        }
        if (depth <= 0) {
            return quiesce ? quiescence(alpha, beta) : evaluate(position);
        }
        int[] moves = new int[MoveGenerator.MAX_MOVES];
        int count = MoveGenerator.pseudoLegal(position, moves);
        order(moves, count);
        boolean anyLegal = false;
        for (int i = 0; i < count; i++) {
            position.make(moves[i]);
            if (position.leftKingInCheck()) {
                position.unmake(moves[i]);
                continue;
            }
            anyLegal = true;
            int score = -search(depth - 1, -beta, -alpha, ply + 1);
            position.unmake(moves[i]);
            if (score >= beta) {
                return beta;
            }
            alpha = Math.max(alpha, score);
        }
        if (!anyLegal) {
            return position.inCheck() ? -MATE + ply : 0;
        }
        return alpha;
    }

    private int quiescence(int alpha, int beta) {
        int standPat = evaluate(position);
        if (standPat >= beta) {
            return beta;
        }
        alpha = Math.max(alpha, standPat);
        int[] moves = new int[MoveGenerator.MAX_MOVES];
        int count = MoveGenerator.pseudoLegal(position, moves);
        order(moves, count);
        for (int i = 0; i < count && score(moves[i]) > 0; i++) {
            position.make(moves[i]);
            if (!position.leftKingInCheck()) {
                int score = -quiescence(-beta, -alpha);
                position.unmake(moves[i]);
                if (score >= beta) {
                    return beta;
                }
                alpha = Math.max(alpha, score);
            } else {
                position.unmake(moves[i]);
            }
        }
        return alpha;
    }

    /** Sorts captures and promotions first (most valuable victim, least valuable attacker); stable otherwise. */
    private void order(int[] moves, int count) {
        for (int i = 1; i < count; i++) {
            int move = moves[i];
            int key = score(move);
            int j = i - 1;
            while (j >= 0 && score(moves[j]) < key) {
                moves[j + 1] = moves[j];
                j--;
            }
            moves[j + 1] = move;
        }
    }

    private int score(int move) {
        int victim =
                (Move.flags(move) & Move.FLAG_EN_PASSANT) != 0 ? PAWN : Position.type(position.board[Move.to(move)]);
        int promotion = Move.promotion(move) == 0 ? 0 : VALUE[Move.promotion(move)];
        if (victim == 0 && promotion == 0) {
            return 0;
        }
        return VALUE[victim] * 10 + promotion - VALUE[Position.type(position.board[Move.from(move)])] / 10 + 1;
    }

    /** The static evaluation in centipawns, from the side to move's point of view. */
    static int evaluate(Position position) {
        int[] material = new int[2];
        int[] pawns = new int[2];
        int[] positional = new int[2];
        int[] advancement = new int[2];
        for (int square = 0; square < 128; square++) {
            int piece = Position.onBoard(square) ? position.board[square] : 0;
            if (piece == 0) {
                continue;
            }
            int colour = Position.colour(piece);
            int type = Position.type(piece);
            int advance = colour == WHITE ? square >> 4 : 7 - (square >> 4);
            material[colour] += VALUE[type];
            switch (type) {
                case PAWN -> {
                    pawns[colour]++;
                    advancement[colour] += advance * advance;
                    positional[colour] += advance * (3 - fileDistance(square)) * 3;
                }
                case KNIGHT -> positional[colour] -= 5 * centreDistance(square);
                case BISHOP -> positional[colour] -= 3 * centreDistance(square);
                case ROOK -> positional[colour] += advance == 6 ? 15 : 0;
                default -> {}
            }
        }
        int pieceMaterial =
                material[WHITE] + material[Position.BLACK] - VALUE[PAWN] * (pawns[WHITE] + pawns[Position.BLACK]);
        boolean endgame = pieceMaterial <= ENDGAME_MATERIAL;
        int score = 0;
        for (int colour = WHITE; colour <= Position.BLACK; colour++) {
            int king = centreDistance(position.kings[colour]);
            int own = material[colour]
                    + positional[colour]
                    + advancement[colour] * (endgame ? 4 : 1)
                    + (endgame ? 4 * (6 - king) : 3 * king)
                    + mopUp(position, material, pawns, colour);
            score += colour == WHITE ? own : -own;
        }
        return position.side == WHITE ? score : -score;
    }

    /** In a won ending, rewards the winner for cornering the lone king and bringing its own king close. */
    private static int mopUp(Position position, int[] material, int[] pawns, int winner) {
        int loser = winner ^ 1;
        if (material[winner] - material[loser] < 300 || pawns[loser] > 0 || material[loser] > VALUE[BISHOP]) {
            return 0;
        }
        int winnerKing = position.kings[winner];
        int loserKing = position.kings[loser];
        int kingDistance =
                Math.abs((winnerKing & 7) - (loserKing & 7)) + Math.abs((winnerKing >> 4) - (loserKing >> 4));
        return 20 * centreDistance(loserKing) + 6 * (14 - kingDistance);
    }

    /** How many files from the centre files d and e: 0 to 3. */
    static int fileDistance(int square) {
        int file = square & 7;
        return Math.max(3 - file, file - 4);
    }

    /** Manhattan distance from the four centre squares: 0 in the centre, 6 in a corner. */
    static int centreDistance(int square) {
        int file = square & 7;
        int rank = square >> 4;
        return Math.max(3 - file, file - 4) + Math.max(3 - rank, rank - 4);
    }
}
