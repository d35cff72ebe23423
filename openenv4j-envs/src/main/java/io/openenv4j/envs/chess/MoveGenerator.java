package io.openenv4j.envs.chess;

import static io.openenv4j.envs.chess.Position.BISHOP;
import static io.openenv4j.envs.chess.Position.BLACK;
import static io.openenv4j.envs.chess.Position.KING;
import static io.openenv4j.envs.chess.Position.KNIGHT;
import static io.openenv4j.envs.chess.Position.PAWN;
import static io.openenv4j.envs.chess.Position.QUEEN;
import static io.openenv4j.envs.chess.Position.ROOK;
import static io.openenv4j.envs.chess.Position.WHITE;
import static io.openenv4j.envs.chess.Position.onBoard;

import java.util.Arrays;

/**
 * Generates moves: pseudo-legal ones (which may leave the mover's king attacked) into a caller's array, and
 * legal ones by playing each and checking the king. Castling is generated only when the king is not in
 * check and does not pass through an attacked square; the landing square is checked like any other move.
 * {@link #perft} counts leaf nodes, the standard test of a move generator. Stateless and thread-safe.
 */
final class MoveGenerator {

    /** More than the most moves any legal chess position has (218). */
    static final int MAX_MOVES = 256;

    private MoveGenerator() {}

    /** Writes the side to move's pseudo-legal moves into {@code moves} and returns how many there are. */
    static int pseudoLegal(Position position, int[] moves) {
        int count = 0;
        int side = position.side;
        int[] board = position.board;
        for (int from = 0; from < 128; from++) {
            if (!onBoard(from)) {
                from += 7;
                continue;
            }
            int piece = board[from];
            if (piece == 0 || Position.colour(piece) != side) {
                continue;
            }
            count = switch (Position.type(piece)) {
                case PAWN -> pawnMoves(position, from, moves, count);
                case KNIGHT -> stepMoves(board, from, side, Position.KNIGHT_STEPS, moves, count);
                case BISHOP -> slideMoves(board, from, side, Position.DIAGONAL_STEPS, moves, count);
                case ROOK -> slideMoves(board, from, side, Position.STRAIGHT_STEPS, moves, count);
                case QUEEN ->
                    slideMoves(
                            board,
                            from,
                            side,
                            Position.STRAIGHT_STEPS,
                            moves,
                            slideMoves(board, from, side, Position.DIAGONAL_STEPS, moves, count));
                case KING ->
                    castlingMoves(
                            position, from, moves, stepMoves(board, from, side, Position.KING_STEPS, moves, count));
                default -> throw new IllegalStateException("no piece type " + Position.type(piece));
            };
        }
        return count;
    }

    /** The side to move's legal moves, in generation order (deterministic for a given position). */
    static int[] legal(Position position) {
        int[] moves = new int[MAX_MOVES];
        int count = pseudoLegal(position, moves);
        int legal = 0;
        for (int i = 0; i < count; i++) {
            position.make(moves[i]);
            if (!position.leftKingInCheck()) {
                moves[legal++] = moves[i];
            }
            position.unmake(moves[i]);
        }
        return Arrays.copyOf(moves, legal);
    }

    /** The number of leaf nodes of the legal move tree {@code depth} plies deep. */
    static long perft(Position position, int depth) {
        if (depth == 0) {
            return 1;
        }
        int[] moves = new int[MAX_MOVES];
        int count = pseudoLegal(position, moves);
        long nodes = 0;
        for (int i = 0; i < count; i++) {
            position.make(moves[i]);
            if (!position.leftKingInCheck()) {
                nodes += depth == 1 ? 1 : perft(position, depth - 1);
            }
            position.unmake(moves[i]);
        }
        return nodes;
    }

    private static int pawnMoves(Position position, int from, int[] moves, int count) {
        int[] board = position.board;
        int side = position.side;
        int forward = side == WHITE ? 16 : -16;
        int startRank = side == WHITE ? 1 : 6;
        int lastRank = side == WHITE ? 7 : 0;
        int one = from + forward;
        if (onBoard(one) && board[one] == 0) {
            count = pawnMove(from, one, lastRank, 0, moves, count);
            int two = one + forward;
            if (from >> 4 == startRank && board[two] == 0) {
                moves[count++] = Move.of(from, two, 0, Move.FLAG_DOUBLE_PUSH);
            }
        }
        for (int to = one - 1; to <= one + 1; to += 2) {
            if (!onBoard(to)) {
                continue;
            }
            if (board[to] != 0 && Position.colour(board[to]) != side) {
                count = pawnMove(from, to, lastRank, 0, moves, count);
            } else if (to == position.enPassant) {
                moves[count++] = Move.of(from, to, 0, Move.FLAG_EN_PASSANT);
            }
        }
        return count;
    }

    private static int pawnMove(int from, int to, int lastRank, int flags, int[] moves, int count) {
        if (to >> 4 != lastRank) {
            moves[count++] = Move.of(from, to, 0, flags);
            return count;
        }
        for (int promotion = QUEEN; promotion >= KNIGHT; promotion--) {
            moves[count++] = Move.of(from, to, promotion, flags);
        }
        return count;
    }

    private static int stepMoves(int[] board, int from, int side, int[] steps, int[] moves, int count) {
        for (int step : steps) {
            int to = from + step;
            if (onBoard(to) && (board[to] == 0 || Position.colour(board[to]) != side)) {
                moves[count++] = Move.of(from, to);
            }
        }
        return count;
    }

    private static int slideMoves(int[] board, int from, int side, int[] steps, int[] moves, int count) {
        for (int step : steps) {
            int to = from + step;
            while (onBoard(to)) {
                if (board[to] != 0) {
                    if (Position.colour(board[to]) != side) {
                        moves[count++] = Move.of(from, to);
                    }
                    break;
                }
                moves[count++] = Move.of(from, to);
                to += step;
            }
        }
        return count;
    }

    private static int castlingMoves(Position position, int from, int[] moves, int count) {
        int side = position.side;
        int kingside = side == WHITE ? Position.WHITE_KINGSIDE : Position.BLACK_KINGSIDE;
        int queenside = side == WHITE ? Position.WHITE_QUEENSIDE : Position.BLACK_QUEENSIDE;
        if ((position.castling & (kingside | queenside)) == 0 || position.attacked(from, side ^ 1)) {
            return count;
        }
        int[] board = position.board;
        int enemy = side == WHITE ? BLACK : WHITE;
        if ((position.castling & kingside) != 0
                && board[from + 1] == 0
                && board[from + 2] == 0
                && !position.attacked(from + 1, enemy)) {
            moves[count++] = Move.of(from, from + 2, 0, Move.FLAG_CASTLE);
        }
        if ((position.castling & queenside) != 0
                && board[from - 1] == 0
                && board[from - 2] == 0
                && board[from - 3] == 0
                && !position.attacked(from - 1, enemy)) {
            moves[count++] = Move.of(from, from - 2, 0, Move.FLAG_CASTLE);
        }
        return count;
    }
}
