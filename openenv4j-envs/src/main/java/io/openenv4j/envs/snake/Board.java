package io.openenv4j.envs.snake;

import io.openenv4j.envs.snake.SnakeEnvironment.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The snake, its food and the board they are on. The snake starts three cells long in the middle row,
 * heading right, with its head in the middle column. Not thread-safe.
 */
final class Board {

    static final char EMPTY = '.';
    static final char BODY = 'o';
    static final char HEAD = 'H';
    static final char FOOD = 'F';

    /** What one move did. */
    enum Outcome {
        MOVED,
        ATE,
        FILLED_BOARD,
        HIT_WALL,
        HIT_SELF
    }

    private final int width;
    private final int height;
    /** Head first. */
    private final ArrayDeque<Position> body = new ArrayDeque<>();

    private final boolean[][] occupied;
    private Direction heading = Direction.RIGHT;
    private Position food;

    Board(int width, int height, Random random) {
        this.width = width;
        this.height = height;
        this.occupied = new boolean[height][width];
        for (int back = 0; back < 3; back++) {
            Position cell = new Position(height / 2, width / 2 - back);
            body.addLast(cell);
            occupied[cell.row()][cell.col()] = true;
        }
        placeFood(random);
    }

    /**
     * Moves the head one cell in {@code direction}. The tail moves along unless the head reaches the food,
     * and the head may take the cell the tail leaves. Running into the edge or the body changes nothing but
     * ends the game; eating places new food on a free cell drawn from {@code random}.
     */
    Outcome advance(Direction direction, Random random) {
        heading = direction;
        Position next = direction.from(body.getFirst());
        if (next.row() < 0 || next.row() >= height || next.col() < 0 || next.col() >= width) {
            return Outcome.HIT_WALL;
        }
        boolean eats = next.equals(food);
        if (occupied[next.row()][next.col()] && !(next.equals(body.getLast()) && !eats)) {
            return Outcome.HIT_SELF;
        }
        if (!eats) {
            Position tail = body.removeLast();
            occupied[tail.row()][tail.col()] = false;
        }
        body.addFirst(next);
        occupied[next.row()][next.col()] = true;
        if (!eats) {
            return Outcome.MOVED;
        }
        placeFood(random);
        return food == null ? Outcome.FILLED_BOARD : Outcome.ATE;
    }

    Direction heading() {
        return heading;
    }

    /** The food's cell, or {@code null} once the snake fills the board. */
    Position food() {
        return food;
    }

    /** The snake's cells, head first. */
    List<Position> body() {
        return List.copyOf(body);
    }

    int length() {
        return body.size();
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    char shown(int row, int col) {
        Position cell = new Position(row, col);
        if (cell.equals(body.getFirst())) {
            return HEAD;
        }
        return occupied[row][col] ? BODY : cell.equals(food) ? FOOD : EMPTY;
    }

    /** The number an observation's {@code cells} use for a shown character. */
    static int code(char shown) {
        return switch (shown) {
            case BODY -> 1;
            case HEAD -> 2;
            case FOOD -> 3;
            default -> 0;
        };
    }

    /** Food on a free cell drawn uniformly, or none when no cell is free. */
    private void placeFood(Random random) {
        var free = new ArrayList<Position>();
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                if (!occupied[row][col]) {
                    free.add(new Position(row, col));
                }
            }
        }
        food = free.isEmpty() ? null : free.get(random.nextInt(free.size()));
    }
}
