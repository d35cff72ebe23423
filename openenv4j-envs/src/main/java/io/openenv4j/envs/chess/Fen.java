package io.openenv4j.envs.chess;

import static io.openenv4j.envs.chess.Position.BLACK;
import static io.openenv4j.envs.chess.Position.BLACK_KINGSIDE;
import static io.openenv4j.envs.chess.Position.BLACK_QUEENSIDE;
import static io.openenv4j.envs.chess.Position.KING;
import static io.openenv4j.envs.chess.Position.PAWN;
import static io.openenv4j.envs.chess.Position.ROOK;
import static io.openenv4j.envs.chess.Position.WHITE;
import static io.openenv4j.envs.chess.Position.WHITE_KINGSIDE;
import static io.openenv4j.envs.chess.Position.WHITE_QUEENSIDE;
import static io.openenv4j.envs.chess.Position.colourName;
import static io.openenv4j.envs.chess.Position.piece;

/**
 * Forsyth-Edwards Notation: reads a record into a fresh {@link Position}, rejecting records that are not
 * legal positions with a message saying why, and writes a position back. Stateless.
 */
final class Fen {

    private Fen() {}

    /**
     * Reads a FEN record into {@code position} (fresh, empty); the two move counters may be left off (they
     * default to 0 and 1). Checks that the side not to move is not in check is left to the caller.
     *
     * @throws IllegalArgumentException saying what is wrong, when the text is not a legal position
     */
    static void read(String fen, Position position) {
        String[] fields = fen.trim().split("\\s+");
        if (fields.length < 4 || fields.length > 6) {
            throw new IllegalArgumentException("a FEN has 4 to 6 space-separated fields, got " + fields.length);
        }
        String[] ranks = fields[0].split("/", -1);
        if (ranks.length != 8) {
            throw new IllegalArgumentException("the placement needs 8 ranks separated by '/', got " + ranks.length);
        }
        int[] kingCount = new int[2];
        for (int r = 0; r < 8; r++) {
            int rank = 7 - r;
            int file = 0;
            for (char c : ranks[r].toCharArray()) {
                if (c >= '1' && c <= '8') {
                    file += c - '0';
                    continue;
                }
                int type = Position.LETTERS.indexOf(Character.toLowerCase(c));
                if (type < 1 || file > 7) {
                    throw new IllegalArgumentException("rank " + (rank + 1) + " ('" + ranks[r] + "') is not valid FEN");
                }
                int colour = Character.isUpperCase(c) ? WHITE : BLACK;
                if (type == PAWN && (rank == 0 || rank == 7)) {
                    throw new IllegalArgumentException("a pawn cannot stand on rank " + (rank + 1));
                }
                if (type == KING) {
                    kingCount[colour]++;
                    position.kings[colour] = rank * 16 + file;
                }
                position.board[rank * 16 + file] = piece(type, colour);
                file++;
            }
            if (file != 8) {
                throw new IllegalArgumentException(
                        "rank " + (rank + 1) + " ('" + ranks[r] + "') does not cover 8 squares");
            }
        }
        if (kingCount[WHITE] != 1 || kingCount[BLACK] != 1) {
            throw new IllegalArgumentException("each side needs exactly one king");
        }
        position.side = switch (fields[1]) {
            case "w" -> WHITE;
            case "b" -> BLACK;
            default ->
                throw new IllegalArgumentException("the side to move must be 'w' or 'b', got '" + fields[1] + "'");
        };
        position.castling = parseCastling(position, fields[2]);
        position.enPassant = parseEnPassant(position, fields[3]);
        position.halfmoveClock = fields.length > 4 ? parseCounter(fields[4], "halfmove clock", 0) : 0;
        position.fullmoveNumber = fields.length > 5 ? parseCounter(fields[5], "fullmove number", 1) : 1;
    }

    private static int parseCastling(Position position, String field) {
        if (field.equals("-")) {
            return 0;
        }
        int rights = 0;
        for (char c : field.toCharArray()) {
            int right = switch (c) {
                case 'K' -> WHITE_KINGSIDE;
                case 'Q' -> WHITE_QUEENSIDE;
                case 'k' -> BLACK_KINGSIDE;
                case 'q' -> BLACK_QUEENSIDE;
                default ->
                    throw new IllegalArgumentException(
                            "castling rights are '-' or letters of KQkq, got '" + field + "'");
            };
            int colour = Character.isUpperCase(c) ? WHITE : BLACK;
            int homeRank = colour == WHITE ? 0 : 0x70;
            int rookSquare = homeRank + (Character.toLowerCase(c) == 'k' ? 7 : 0);
            if (position.board[homeRank + 4] != piece(KING, colour)
                    || position.board[rookSquare] != piece(ROOK, colour)) {
                throw new IllegalArgumentException(
                        "castling right '" + c + "' needs the " + colourName(colour) + " king on "
                                + Move.squareName(homeRank + 4) + " and a rook on " + Move.squareName(rookSquare));
            }
            rights |= right;
        }
        return rights;
    }

    private static int parseEnPassant(Position position, String field) {
        if (field.equals("-")) {
            return -1;
        }
        int square = Move.square(field);
        int expectedRank = position.side == WHITE ? 5 : 2;
        int pawnSquare = position.side == WHITE ? square - 16 : square + 16;
        if (square < 0
                || square >> 4 != expectedRank
                || position.board[pawnSquare] != piece(PAWN, position.side ^ 1)
                || position.board[square] != 0) {
            throw new IllegalArgumentException("en-passant square '" + field + "' does not follow a double pawn push");
        }
        return square;
    }

    private static int parseCounter(String field, String name, int minimum) {
        try {
            int value = Integer.parseInt(field);
            if (value >= minimum) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "the " + name + " must be an integer >= " + minimum + ", got '" + field + "'");
    }

    /** The position as FEN. */
    static String write(Position position) {
        var text = new StringBuilder();
        for (int rank = 7; rank >= 0; rank--) {
            int empty = 0;
            for (int file = 0; file < 8; file++) {
                int piece = position.board[rank * 16 + file];
                if (piece == 0) {
                    empty++;
                    continue;
                }
                if (empty > 0) {
                    text.append(empty);
                    empty = 0;
                }
                text.append(Position.letter(piece));
            }
            if (empty > 0) {
                text.append(empty);
            }
            if (rank > 0) {
                text.append('/');
            }
        }
        text.append(position.side == WHITE ? " w " : " b ");
        String rights = (position.castling & WHITE_KINGSIDE) != 0 ? "K" : "";
        rights += (position.castling & WHITE_QUEENSIDE) != 0 ? "Q" : "";
        rights += (position.castling & BLACK_KINGSIDE) != 0 ? "k" : "";
        rights += (position.castling & BLACK_QUEENSIDE) != 0 ? "q" : "";
        text.append(rights.isEmpty() ? "-" : rights).append(' ');
        text.append(position.enPassant < 0 ? "-" : Move.squareName(position.enPassant));
        return text.append(' ')
                .append(position.halfmoveClock)
                .append(' ')
                .append(position.fullmoveNumber)
                .toString();
    }
}
