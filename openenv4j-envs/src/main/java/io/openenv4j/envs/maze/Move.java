package io.openenv4j.envs.maze;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.envs.maze.MazeEnvironment.Position;
import java.util.Locale;

/** The four moves from cell to cell; up is towards row 0. */
enum Move {
    UP(-1, 0),
    DOWN(1, 0),
    LEFT(0, -1),
    RIGHT(0, 1);

    final int rowDelta;
    final int colDelta;

    Move(int rowDelta, int colDelta) {
        this.rowDelta = rowDelta;
        this.colDelta = colDelta;
    }

    /**
     * Reads a move as sent in an action, ignoring case and surrounding blanks.
     *
     * @throws EnvironmentException when the text is missing or names no move
     */
    static Move parse(String text) {
        if (text == null) {
            throw new EnvironmentException("the action needs a 'move': one of up, down, left, right");
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "up" -> UP;
            case "down" -> DOWN;
            case "left" -> LEFT;
            case "right" -> RIGHT;
            default ->
                throw new EnvironmentException("unknown move '" + text + "': expected one of up, down, left, right");
        };
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    Position from(Position cell) {
        return new Position(cell.row() + rowDelta, cell.col() + colDelta);
    }
}
