package io.openenv4j.envs.snake;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.envs.snake.SnakeEnvironment.Position;
import java.util.Locale;

/** Where the snake's head goes next; up is towards row 0. */
enum Direction {
    UP(-1, 0),
    RIGHT(0, 1),
    DOWN(1, 0),
    LEFT(0, -1);

    private final int rowDelta;
    private final int colDelta;

    Direction(int rowDelta, int colDelta) {
        this.rowDelta = rowDelta;
        this.colDelta = colDelta;
    }

    /**
     * The direction an action asks for, given the current heading: an absolute {@code direction}, or a
     * {@code turn} relative to the heading. Asking to reverse is ignored (the snake would bite its own
     * neck), so the heading is kept.
     *
     * @throws EnvironmentException when the action gives neither or both, or a word that names nothing
     */
    static Direction chosen(SnakeEnvironment.Action action, Direction heading) {
        String direction = action == null ? null : action.direction();
        String turn = action == null ? null : action.turn();
        if ((direction == null) == (turn == null)) {
            throw new EnvironmentException("the action needs exactly one of 'direction' (up, down, left, right)"
                    + " or 'turn' (left, right, straight)");
        }
        if (turn != null) {
            return switch (turn.trim().toLowerCase(Locale.ROOT)) {
                case "left" -> heading.turned(-1);
                case "right" -> heading.turned(1);
                case "straight" -> heading;
                default ->
                    throw new EnvironmentException(
                            "unknown turn '" + turn + "': expected one of left, right, straight");
            };
        }
        Direction wanted = switch (direction.trim().toLowerCase(Locale.ROOT)) {
            case "up" -> UP;
            case "down" -> DOWN;
            case "left" -> LEFT;
            case "right" -> RIGHT;
            default ->
                throw new EnvironmentException(
                        "unknown direction '" + direction + "': expected one of up, down, left, right");
        };
        return wanted == heading.turned(2) ? heading : wanted;
    }

    /** This direction turned clockwise by {@code quarters} quarter turns (negative: anticlockwise). */
    Direction turned(int quarters) {
        return values()[Math.floorMod(ordinal() + quarters, 4)];
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    Position from(Position position) {
        return new Position(position.row() + rowDelta, position.col() + colDelta);
    }
}
