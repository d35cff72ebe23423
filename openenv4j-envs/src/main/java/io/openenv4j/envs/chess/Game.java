package io.openenv4j.envs.chess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A game: a {@link Position} with its history, so that it can tell when the game is over (checkmate,
 * stalemate, threefold repetition, the fifty-move rule, insufficient material) and explain why a UCI move
 * is not legal. Draws are automatic: the game ends the moment one of the draw conditions holds, with no
 * claim needed. Not thread-safe.
 */
final class Game {

    /** How the game stands, with the name the observation shows. */
    enum Status {
        ONGOING("ongoing"),
        CHECKMATE("checkmate"),
        STALEMATE("stalemate"),
        THREEFOLD_REPETITION("draw_threefold_repetition"),
        FIFTY_MOVE_RULE("draw_fifty_move_rule"),
        INSUFFICIENT_MATERIAL("draw_insufficient_material");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        String wireName() {
            return wireName;
        }

        boolean over() {
            return this != ONGOING;
        }
    }

    private final String startFen;
    private final Position position;
    private final List<String> moves = new ArrayList<>();
    private final List<Long> keys = new ArrayList<>();
    private int[] legal;
    private Status status;

    /** @throws IllegalArgumentException when {@code fen} is not a legal position */
    Game(String fen) {
        position = Position.fromFen(fen);
        startFen = position.fen();
        keys.add(position.key());
        refresh();
    }

    /** A game replayed from its start position and moves in UCI. */
    static Game replay(String startFen, List<String> uciMoves) {
        var game = new Game(startFen);
        for (String uci : uciMoves) {
            int move = game.find(uci);
            if (move == 0) {
                throw new IllegalArgumentException("move '" + uci + "' is not legal in " + game.position.fen());
            }
            game.play(move);
        }
        return game;
    }

    String startFen() {
        return startFen;
    }

    /** The current position; callers must leave it as they found it. */
    Position position() {
        return position;
    }

    List<String> moves() {
        return List.copyOf(moves);
    }

    /** The repetition keys of every position so far, the current one last. */
    List<Long> keys() {
        return List.copyOf(keys);
    }

    int[] legalMoves() {
        return legal.clone();
    }

    List<String> legalUci() {
        return Arrays.stream(legal).mapToObj(Move::uci).sorted().toList();
    }

    Status status() {
        return status;
    }

    /** Plays a legal move (one of {@link #legalMoves()}). */
    void play(int move) {
        if (status.over()) {
            throw new IllegalStateException("the game is over: " + status.wireName());
        }
        moves.add(Move.uci(move));
        position.make(move);
        keys.add(position.key());
        refresh();
    }

    /** The legal move written {@code uci}, or 0 when there is none. */
    int find(String uci) {
        for (int move : legal) {
            if (Move.uci(move).equals(uci)) {
                return move;
            }
        }
        return 0;
    }

    /** Why {@code uci} is not a legal move here, in words for the player; {@code null} when it is legal. */
    String whyIllegal(String uci) {
        if (uci == null || uci.isBlank()) {
            return "no move given: send {\"move\": \"e2e4\"} (UCI notation)";
        }
        String text = normalise(uci);
        if (!text.matches("[a-h][1-8][a-h][1-8][qrbn]?")) {
            return "'" + uci + "' is not a move in UCI notation (from square, to square, and for a promotion the"
                    + " piece: e2e4, g1f3, e7e8q)";
        }
        if (find(text) != 0) {
            return null;
        }
        int from = Move.square(text.substring(0, 2));
        int to = Move.square(text.substring(2, 4));
        int piece = position.board[from];
        String mover = Position.colourName(position.side);
        if (piece == 0) {
            return "there is no piece on " + text.substring(0, 2);
        }
        if (Position.colour(piece) != position.side) {
            return "the piece on " + text.substring(0, 2) + " is " + Position.colourName(Position.colour(piece))
                    + "'s; it is " + mover + "'s move";
        }
        for (int move : legal) {
            if (Move.from(move) == from && Move.to(move) == to) {
                return Move.promotion(move) != 0
                        ? "a pawn reaching the last rank must promote: add q, r, b or n (" + text.substring(0, 4) + "q)"
                        : "only a pawn reaching the last rank promotes: send " + text.substring(0, 4);
            }
        }
        String name = pieceName(Position.type(piece)) + " on " + text.substring(0, 2);
        int[] pseudo = new int[MoveGenerator.MAX_MOVES];
        int count = MoveGenerator.pseudoLegal(position, pseudo);
        for (int i = 0; i < count; i++) {
            if (Move.from(pseudo[i]) == from && Move.to(pseudo[i]) == to) {
                return position.inCheck()
                        ? "your king is in check and moving the " + name + " to " + text.substring(2, 4)
                                + " does not get it out"
                        : "moving the " + name + " to " + text.substring(2, 4) + " would leave your king in check";
            }
        }
        if (Position.type(piece) == Position.KING && Math.abs(to - from) == 2) {
            return "castling that way is not possible now (rights lost, pieces in between, or the king is in,"
                    + " passes through or lands in check)";
        }
        return "the " + name + " cannot move to " + text.substring(2, 4);
    }

    /** A move as the player wrote it, trimmed and in lower case ({@code E2E4} is {@code e2e4}). */
    static String normalise(String uci) {
        return uci == null ? "" : uci.trim().toLowerCase(Locale.ROOT);
    }

    static String pieceName(int type) {
        return switch (type) {
            case Position.PAWN -> "pawn";
            case Position.KNIGHT -> "knight";
            case Position.BISHOP -> "bishop";
            case Position.ROOK -> "rook";
            case Position.QUEEN -> "queen";
            default -> "king";
        };
    }

    private void refresh() {
        legal = MoveGenerator.legal(position);
        status = computeStatus();
    }

    private Status computeStatus() {
        if (legal.length == 0) {
            return position.inCheck() ? Status.CHECKMATE : Status.STALEMATE;
        }
        if (insufficientMaterial(position)) {
            return Status.INSUFFICIENT_MATERIAL;
        }
        long current = keys.getLast();
        if (keys.stream().filter(key -> key == current).count() >= 3) {
            return Status.THREEFOLD_REPETITION;
        }
        return position.halfmoveClock >= 100 ? Status.FIFTY_MOVE_RULE : Status.ONGOING;
    }

    /**
     * Whether neither side can ever mate: no pawns, rooks or queens, and either at most one minor piece on
     * the board or only bishops, all on squares of one colour.
     */
    static boolean insufficientMaterial(Position position) {
        int minors = 0;
        int knights = 0;
        int bishopSquareColours = 0;
        for (int square = 0; square < 128; square++) {
            if (!Position.onBoard(square) || position.board[square] == 0) {
                continue;
            }
            switch (Position.type(position.board[square])) {
                case Position.KING -> {}
                case Position.KNIGHT -> {
                    minors++;
                    knights++;
                }
                case Position.BISHOP -> {
                    minors++;
                    bishopSquareColours |= 1 << (((square >> 4) + (square & 7)) & 1);
                }
                default -> {
                    return false;
                }
            }
        }
        return minors <= 1 || knights == 0 && bishopSquareColours != 3;
    }
}
