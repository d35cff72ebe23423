package io.openenv4j.envs.connectfour;

import java.util.ArrayList;
import java.util.List;

/**
 * A Connect Four board, 7 columns by 6 rows, as two bitboards. Column {@code c}, row {@code r} (0 at the
 * bottom) is bit {@code 7c + r}; the seventh bit of each column stays empty, so that shifting a line of
 * discs across a column boundary never lines it up with discs of the next column. Player 0 moves first and
 * shows as {@code X}, player 1 as {@code O}. Not thread-safe.
 */
final class Board {

    static final int COLUMNS = 7;
    static final int ROWS = 6;
    static final int CELLS = COLUMNS * ROWS;
    private static final int HEIGHT = ROWS + 1;
    private static final char[] DISCS = {'X', 'O'};
    /** Every line of four cells, as bit masks (69 of them). */
    static final long[] LINES = lines();

    private final long[] discs = new long[2];
    private final int[] heights = new int[COLUMNS];
    private final List<Integer> history = new ArrayList<>();

    /** The board after {@code columns} were played in order, from empty. */
    static Board replay(List<Integer> columns) {
        var board = new Board();
        for (int column : columns) {
            if (!board.canPlay(column)) {
                throw new IllegalArgumentException("column " + column + " cannot be played after " + board.history);
            }
            board.play(column);
        }
        return board;
    }

    static char disc(int player) {
        return DISCS[player];
    }

    /** The player to move: 0 (X) or 1 (O). */
    int toMove() {
        return history.size() & 1;
    }

    int moveCount() {
        return history.size();
    }

    List<Integer> history() {
        return List.copyOf(history);
    }

    boolean canPlay(int column) {
        return column >= 0 && column < COLUMNS && heights[column] < ROWS;
    }

    boolean full() {
        return history.size() == CELLS;
    }

    List<Integer> legalColumns() {
        var columns = new ArrayList<Integer>();
        for (int column = 0; column < COLUMNS; column++) {
            if (canPlay(column)) {
                columns.add(column);
            }
        }
        return columns;
    }

    /** Drops the mover's disc into {@code column}, which must have room. */
    void play(int column) {
        discs[toMove()] |= 1L << (column * HEIGHT + heights[column]++);
        history.add(column);
    }

    /** Takes back the last move, which was in {@code column}. */
    void undo(int column) {
        history.removeLast();
        discs[toMove()] &= ~(1L << (column * HEIGHT + --heights[column]));
    }

    /** Whether {@code player} has four in a row: vertical (shift 1), horizontal (7) or diagonal (6, 8). */
    boolean won(int player) {
        long own = discs[player];
        for (int shift : new int[] {1, HEIGHT, HEIGHT - 1, HEIGHT + 1}) {
            long pairs = own & own >>> shift;
            if ((pairs & pairs >>> 2 * shift) != 0) {
                return true;
            }
        }
        return false;
    }

    long discs(int player) {
        return discs[player];
    }

    /** The rows top to bottom, seven characters each: {@code X}, {@code O} or {@code .}. */
    List<String> rows() {
        var rows = new ArrayList<String>(ROWS);
        for (int row = ROWS - 1; row >= 0; row--) {
            var text = new StringBuilder(COLUMNS);
            for (int column = 0; column < COLUMNS; column++) {
                text.append(cell(column, row));
            }
            rows.add(text.toString());
        }
        return rows;
    }

    /** The board as text with the column numbers on top, as an agent chooses them. */
    String ascii() {
        var text = new StringBuilder(" 0 1 2 3 4 5 6\n");
        for (String row : rows()) {
            text.append('|');
            for (int column = 0; column < COLUMNS; column++) {
                text.append(row.charAt(column)).append(column < COLUMNS - 1 ? " " : "");
            }
            text.append("|\n");
        }
        return text.append("+-------------+").toString();
    }

    private char cell(int column, int row) {
        long bit = 1L << (column * HEIGHT + row);
        return (discs[0] & bit) != 0 ? DISCS[0] : (discs[1] & bit) != 0 ? DISCS[1] : '.';
    }

    private static long[] lines() {
        var lines = new ArrayList<Long>();
        int[][] directions = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};
        for (int column = 0; column < COLUMNS; column++) {
            for (int row = 0; row < ROWS; row++) {
                for (int[] direction : directions) {
                    int endColumn = column + 3 * direction[0];
                    int endRow = row + 3 * direction[1];
                    if (endColumn >= COLUMNS || endRow < 0 || endRow >= ROWS) {
                        continue;
                    }
                    long mask = 0;
                    for (int i = 0; i < 4; i++) {
                        mask |= 1L << ((column + i * direction[0]) * HEIGHT + row + i * direction[1]);
                    }
                    lines.add(mask);
                }
            }
        }
        return lines.stream().mapToLong(Long::longValue).toArray();
    }
}
