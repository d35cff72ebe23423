package io.openenv4j.envs.chess;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A chess position on a 0x88 board, changed in place by {@link #make} and restored by {@link #unmake}, so
 * move generation and search allocate nothing per move. It knows the placement, side to move, castling
 * rights, en-passant square and move clocks, reads and writes FEN, answers "is this square attacked", and
 * keeps a Zobrist key for repetition detection. It does not know the game's history (see {@link Game}).
 *
 * <p>Pieces are {@code type | colour << 3}: types {@link #PAWN} … {@link #KING} are 1–6, colours {@link
 * #WHITE} 0 and {@link #BLACK} 1, an empty square is 0. Not thread-safe.
 */
final class Position {

    static final int WHITE = 0;
    static final int BLACK = 1;
    static final int PAWN = 1;
    static final int KNIGHT = 2;
    static final int BISHOP = 3;
    static final int ROOK = 4;
    static final int QUEEN = 5;
    static final int KING = 6;

    static final int WHITE_KINGSIDE = 1;
    static final int WHITE_QUEENSIDE = 2;
    static final int BLACK_KINGSIDE = 4;
    static final int BLACK_QUEENSIDE = 8;

    static final String START_FEN = "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1";

    static final int[] KNIGHT_STEPS = {33, 31, 18, 14, -33, -31, -18, -14};
    static final int[] KING_STEPS = {1, -1, 16, -16, 17, 15, -17, -15};
    static final int[] DIAGONAL_STEPS = {17, 15, -17, -15};
    static final int[] STRAIGHT_STEPS = {1, -1, 16, -16};

    static final String LETTERS = " pnbrqk";
    /** Castling rights that survive a move touching the square (a king or rook leaving, a rook taken). */
    private static final int[] CASTLING_KEPT = new int[128];

    private static final long[][] PIECE_KEYS = new long[15][128];
    private static final long[] CASTLING_KEYS = new long[16];
    private static final long[] EN_PASSANT_KEYS = new long[8];
    private static final long BLACK_TO_MOVE_KEY;

    static {
        Arrays.fill(CASTLING_KEPT, 15);
        CASTLING_KEPT[0x04] = ~(WHITE_KINGSIDE | WHITE_QUEENSIDE) & 15;
        CASTLING_KEPT[0x07] = ~WHITE_KINGSIDE & 15;
        CASTLING_KEPT[0x00] = ~WHITE_QUEENSIDE & 15;
        CASTLING_KEPT[0x74] = ~(BLACK_KINGSIDE | BLACK_QUEENSIDE) & 15;
        CASTLING_KEPT[0x77] = ~BLACK_KINGSIDE & 15;
        CASTLING_KEPT[0x70] = ~BLACK_QUEENSIDE & 15;
        // A fixed seed: keys must be the same in every run so that recorded keys stay comparable.
        var random = new SplittableRandom(0x0E4E4A11L);
        for (long[] keys : PIECE_KEYS) {
            Arrays.setAll(keys, i -> random.nextLong());
        }
        Arrays.setAll(CASTLING_KEYS, i -> random.nextLong());
        Arrays.setAll(EN_PASSANT_KEYS, i -> random.nextLong());
        BLACK_TO_MOVE_KEY = random.nextLong();
    }

    final int[] board = new int[128];
    final int[] kings = new int[2];
    int side;
    int castling;
    int enPassant = -1;
    int halfmoveClock;
    int fullmoveNumber = 1;
    private long hash;

    private int ply;
    private int[] undoCaptured = new int[64];
    private int[] undoCastling = new int[64];
    private int[] undoEnPassant = new int[64];
    private int[] undoHalfmove = new int[64];
    private long[] undoHash = new long[64];

    private Position() {}

    static boolean onBoard(int square) {
        return (square & 0x88) == 0;
    }

    static int type(int piece) {
        return piece & 7;
    }

    static int colour(int piece) {
        return piece >> 3;
    }

    static int piece(int type, int colour) {
        return type | colour << 3;
    }

    static char typeLetter(int type) {
        return LETTERS.charAt(type);
    }

    static String colourName(int colour) {
        return colour == WHITE ? "white" : "black";
    }

    /**
     * Reads a FEN record; the two move counters may be left off (they default to 0 and 1).
     *
     * @throws IllegalArgumentException saying what is wrong, when the text is not a legal position
     */
    static Position fromFen(String fen) {
        var position = new Position();
        Fen.read(fen, position);
        if (position.attacked(position.kings[position.side ^ 1], position.side)) {
            throw new IllegalArgumentException("the side not to move is in check");
        }
        position.hash = position.computeHash();
        return position;
    }

    /** The position as FEN. */
    String fen() {
        return Fen.write(this);
    }

    /** The board as text, white at the bottom, white pieces upper-case, empty squares as dots. */
    String ascii() {
        var text = new StringBuilder("  +-----------------+\n");
        for (int rank = 7; rank >= 0; rank--) {
            text.append(rank + 1).append(" |");
            for (int file = 0; file < 8; file++) {
                int piece = board[rank * 16 + file];
                text.append(' ').append(piece == 0 ? '.' : letter(piece));
            }
            text.append(" |\n");
        }
        return text.append("  +-----------------+\n    a b c d e f g h").toString();
    }

    static char letter(int piece) {
        char c = typeLetter(type(piece));
        return colour(piece) == WHITE ? Character.toUpperCase(c) : c;
    }

    /** Whether a piece of {@code by} attacks {@code square}. */
    boolean attacked(int square, int by) {
        int pawn = piece(PAWN, by);
        int behind = by == WHITE ? -16 : 16;
        if (onBoard(square + behind - 1) && board[square + behind - 1] == pawn
                || onBoard(square + behind + 1) && board[square + behind + 1] == pawn) {
            return true;
        }
        if (attackedByStep(square, KNIGHT_STEPS, piece(KNIGHT, by))
                || attackedByStep(square, KING_STEPS, piece(KING, by))) {
            return true;
        }
        return attackedBySlider(square, STRAIGHT_STEPS, piece(ROOK, by), piece(QUEEN, by))
                || attackedBySlider(square, DIAGONAL_STEPS, piece(BISHOP, by), piece(QUEEN, by));
    }

    private boolean attackedByStep(int square, int[] steps, int attacker) {
        for (int step : steps) {
            int from = square + step;
            if (onBoard(from) && board[from] == attacker) {
                return true;
            }
        }
        return false;
    }

    private boolean attackedBySlider(int square, int[] steps, int slider, int queen) {
        for (int step : steps) {
            int from = square + step;
            while (onBoard(from) && board[from] == 0) {
                from += step;
            }
            if (onBoard(from) && (board[from] == slider || board[from] == queen)) {
                return true;
            }
        }
        return false;
    }

    boolean inCheck() {
        return attacked(kings[side], side ^ 1);
    }

    /** Whether the side that just moved left its own king attacked (so the move was not legal). */
    boolean leftKingInCheck() {
        return attacked(kings[side ^ 1], side);
    }

    /** Plays a pseudo-legal move; {@link #unmake} with the same move restores the position exactly. */
    void make(int move) {
        if (ply == undoHash.length) {
            grow();
        }
        int from = Move.from(move);
        int to = Move.to(move);
        int flags = Move.flags(move);
        int moving = board[from];
        int captured = board[to];
        undoCastling[ply] = castling;
        undoEnPassant[ply] = enPassant;
        undoHalfmove[ply] = halfmoveClock;
        undoHash[ply] = hash;
        if ((flags & Move.FLAG_EN_PASSANT) != 0) {
            int victim = side == WHITE ? to - 16 : to + 16;
            captured = board[victim];
            board[victim] = 0;
            hash ^= PIECE_KEYS[captured][victim];
        } else if (captured != 0) {
            hash ^= PIECE_KEYS[captured][to];
        }
        undoCaptured[ply++] = captured;
        int placed = Move.promotion(move) == 0 ? moving : piece(Move.promotion(move), side);
        board[from] = 0;
        board[to] = placed;
        hash ^= PIECE_KEYS[moving][from] ^ PIECE_KEYS[placed][to];
        if ((flags & Move.FLAG_CASTLE) != 0) {
            moveRook(to > from ? from + 3 : from - 4, to > from ? from + 1 : from - 1);
        }
        if (type(moving) == KING) {
            kings[side] = to;
        }
        hash ^= CASTLING_KEYS[castling];
        castling &= CASTLING_KEPT[from] & CASTLING_KEPT[to];
        hash ^= CASTLING_KEYS[castling] ^ BLACK_TO_MOVE_KEY;
        enPassant = (flags & Move.FLAG_DOUBLE_PUSH) != 0 ? (from + to) / 2 : -1;
        halfmoveClock = type(moving) == PAWN || captured != 0 ? 0 : halfmoveClock + 1;
        if (side == BLACK) {
            fullmoveNumber++;
        }
        side ^= 1;
    }

    /** Takes back {@code move}, which must be the last move made. */
    void unmake(int move) {
        side ^= 1;
        ply--;
        int from = Move.from(move);
        int to = Move.to(move);
        int flags = Move.flags(move);
        int moving = Move.promotion(move) == 0 ? board[to] : piece(PAWN, side);
        board[from] = moving;
        if ((flags & Move.FLAG_EN_PASSANT) != 0) {
            board[to] = 0;
            board[side == WHITE ? to - 16 : to + 16] = undoCaptured[ply];
        } else {
            board[to] = undoCaptured[ply];
        }
        if ((flags & Move.FLAG_CASTLE) != 0) {
            int rookHome = to > from ? from + 3 : from - 4;
            int rookNow = to > from ? from + 1 : from - 1;
            board[rookHome] = board[rookNow];
            board[rookNow] = 0;
        }
        if (type(moving) == KING) {
            kings[side] = from;
        }
        if (side == BLACK) {
            fullmoveNumber--;
        }
        castling = undoCastling[ply];
        enPassant = undoEnPassant[ply];
        halfmoveClock = undoHalfmove[ply];
        hash = undoHash[ply];
    }

    private void moveRook(int from, int to) {
        int rook = board[from];
        board[from] = 0;
        board[to] = rook;
        hash ^= PIECE_KEYS[rook][from] ^ PIECE_KEYS[rook][to];
    }

    private void grow() {
        int size = undoHash.length * 2;
        undoCaptured = Arrays.copyOf(undoCaptured, size);
        undoCastling = Arrays.copyOf(undoCastling, size);
        undoEnPassant = Arrays.copyOf(undoEnPassant, size);
        undoHalfmove = Arrays.copyOf(undoHalfmove, size);
        undoHash = Arrays.copyOf(undoHash, size);
    }

    /**
     * The repetition key: placement, side to move, castling rights, and the en-passant square only when an
     * en-passant capture is actually legal (the FIDE rule for "the same position").
     */
    long key() {
        return enPassantCapturePossible() ? hash ^ EN_PASSANT_KEYS[enPassant & 7] : hash;
    }

    private boolean enPassantCapturePossible() {
        if (enPassant < 0) {
            return false;
        }
        int behind = side == WHITE ? -16 : 16;
        for (int from : new int[] {enPassant + behind - 1, enPassant + behind + 1}) {
            if (onBoard(from) && board[from] == piece(PAWN, side)) {
                int move = Move.of(from, enPassant, 0, Move.FLAG_EN_PASSANT);
                make(move);
                boolean legal = !leftKingInCheck();
                unmake(move);
                if (legal) {
                    return true;
                }
            }
        }
        return false;
    }

    private long computeHash() {
        long h = CASTLING_KEYS[castling] ^ (side == BLACK ? BLACK_TO_MOVE_KEY : 0);
        for (int square = 0; square < 128; square++) {
            if (onBoard(square) && board[square] != 0) {
                h ^= PIECE_KEYS[board[square]][square];
            }
        }
        return h;
    }
}
