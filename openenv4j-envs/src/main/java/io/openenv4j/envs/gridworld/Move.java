package io.openenv4j.envs.gridworld;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.envs.gridworld.GridWorldEnvironment.Position;
import java.util.Locale;

/** The four moves of the agent; up is towards row 0. */
enum Move {
    UP(-1, 0),
    DOWN(1, 0),
    LEFT(0, -1),
    RIGHT(0, 1);

    private final int rowDelta;
    private final int colDelta;

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

    Position from(Position position) {
        return new Position(position.row() + rowDelta, position.col() + colDelta);
    }

    Move opposite() {
        return switch (this) {
            case UP -> DOWN;
            case DOWN -> UP;
            case LEFT -> RIGHT;
            case RIGHT -> LEFT;
        };
    }

    /** The two moves at right angles to this one: where a slip sends the agent. */
    Move sideways(boolean anticlockwise) {
        return switch (this) {
            case UP, DOWN -> anticlockwise == (this == UP) ? LEFT : RIGHT;
            case LEFT, RIGHT -> anticlockwise == (this == LEFT) ? DOWN : UP;
        };
    }
}
