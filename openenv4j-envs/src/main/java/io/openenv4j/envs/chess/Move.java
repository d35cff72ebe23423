package io.openenv4j.envs.chess;

/**
 * A move packed into an {@code int}, so move lists are plain arrays and search allocates nothing per move:
 * bits 0–6 the from square, 7–13 the to square (both 0x88 indices), 14–16 the promotion piece type (0 for
 * none) and 17–19 the {@code FLAG_*} bits. Squares are 0x88: {@code rank * 16 + file}, a1 = 0, h8 = 0x77.
 */
final class Move {

    static final int FLAG_DOUBLE_PUSH = 1;
    static final int FLAG_EN_PASSANT = 2;
    static final int FLAG_CASTLE = 4;

    private Move() {}

    static int of(int from, int to) {
        return from | to << 7;
    }

    static int of(int from, int to, int promotion, int flags) {
        return from | to << 7 | promotion << 14 | flags << 17;
    }

    static int from(int move) {
        return move & 0x7f;
    }

    static int to(int move) {
        return move >>> 7 & 0x7f;
    }

    static int promotion(int move) {
        return move >>> 14 & 7;
    }

    static int flags(int move) {
        return move >>> 17 & 7;
    }

    /** The square's name, {@code "e4"}. */
    static String squareName(int square) {
        return "" + (char) ('a' + (square & 7)) + (char) ('1' + (square >> 4));
    }

    /** The 0x88 index of a square name such as {@code "e4"}, or -1 when it is not one. */
    static int square(String name) {
        if (name.length() != 2) {
            return -1;
        }
        int file = name.charAt(0) - 'a';
        int rank = name.charAt(1) - '1';
        return file < 0 || file > 7 || rank < 0 || rank > 7 ? -1 : rank * 16 + file;
    }

    /** The move in UCI notation: {@code e2e4}, {@code e7e8q}, castling as the king's move {@code e1g1}. */
    static String uci(int move) {
        String text = squareName(from(move)) + squareName(to(move));
        return promotion(move) == 0 ? text : text + Position.typeLetter(promotion(move));
    }
}
