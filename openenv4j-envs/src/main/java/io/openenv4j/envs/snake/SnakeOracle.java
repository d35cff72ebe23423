package io.openenv4j.envs.snake;

import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;
import io.openenv4j.envs.snake.SnakeEnvironment.Action;
import io.openenv4j.envs.snake.SnakeEnvironment.Observation;
import io.openenv4j.envs.snake.SnakeEnvironment.Position;
import io.openenv4j.envs.snake.SnakeEnvironment.SnakeState;
import java.util.List;

/**
 * Snake's oracle: it never dies and fills the board, for a return of {@code width × height - 3} (61 on the
 * default 8 × 8 board), which is the most there is.
 *
 * <p>How: it lays a Hamiltonian cycle over the board (a closed tour through every cell; one exists when the
 * width or the height is even) and keeps the snake's cells in the cycle's order from tail to head. Then
 * every cell ahead of the head, up to the tail, is free, so moving along the cycle is always safe. To save
 * steps it takes a shortcut to a neighbouring cell further along the cycle, as long as the shortcut jumps
 * neither past the food nor past the tail. From seed 7 it fills the default board in 1100 steps; on boards
 * from 4 × 4 to 32 × 32 it needed fewer than 0.3 × (width × height)² steps, within the default step limit
 * of (width × height)² / 2.
 *
 * <p>Stateless (the cycle is rebuilt from the state on every call): one instance may play any number of
 * episodes. Thread-safe.
 */
public final class SnakeOracle implements Policy<Action, Observation, SnakeState> {

    /** @throws IllegalStateException when both sides of the board are odd (there is no Hamiltonian cycle) */
    @Override
    public Action act(Step<Observation> last, SnakeState state) {
        int width = state.width();
        int height = state.height();
        int cells = width * height;
        int[] order = cycle(width, height);
        if (!inOrder(state.body(), order, width)) {
            order = reversed(order);
            if (!inOrder(state.body(), order, width)) {
                throw new IllegalStateException("the snake does not lie along the board's Hamiltonian cycle");
            }
        }
        Position head = state.body().getFirst();
        Position tail = state.body().getLast();
        int toTail = ahead(order, width, head, tail);
        int toFood = state.food() == null ? cells : ahead(order, width, head, state.food());
        Direction best = null;
        int bestJump = 0;
        for (Direction direction : Direction.values()) {
            Position next = direction.from(head);
            if (next.row() < 0 || next.row() >= height || next.col() < 0 || next.col() >= width) {
                continue;
            }
            int jump = ahead(order, width, head, next);
            if (jump > bestJump && jump <= toFood && (jump < toTail || next.equals(tail))) {
                best = direction;
                bestJump = jump;
            }
        }
        return Action.direction(best.wireName());
    }

    /**
     * The position of every cell (row × width + col) along a Hamiltonian cycle: along row 0, then snaking
     * over the other rows without column 0, then back up column 0. Needs an even height; for an odd height
     * with an even width the same tour is taken on the transposed board.
     */
    static int[] cycle(int width, int height) {
        boolean transposed = height % 2 != 0;
        if (transposed && width % 2 != 0) {
            throw new IllegalStateException("a " + width + " x " + height + " board has no Hamiltonian cycle");
        }
        int rows = transposed ? width : height;
        int cols = transposed ? height : width;
        int[] order = new int[width * height];
        int next = 0;
        for (int col = 0; col < cols; col++) {
            next = visit(order, next, 0, col, transposed, width);
        }
        for (int row = 1; row < rows; row++) {
            for (int step = 1; step < cols; step++) {
                next = visit(order, next, row, row % 2 == 1 ? cols - step : step, transposed, width);
            }
        }
        for (int row = rows - 1; row >= 1; row--) {
            next = visit(order, next, row, 0, transposed, width);
        }
        return order;
    }

    private static int visit(int[] order, int position, int row, int col, boolean transposed, int width) {
        order[transposed ? col * width + row : row * width + col] = position;
        return position + 1;
    }

    private static int[] reversed(int[] order) {
        int[] reversed = new int[order.length];
        for (int cell = 0; cell < order.length; cell++) {
            reversed[cell] = (order.length - order[cell]) % order.length;
        }
        return reversed;
    }

    /** How many steps along the cycle {@code to} lies ahead of {@code from}. */
    private static int ahead(int[] order, int width, Position from, Position to) {
        return Math.floorMod(order[to.row() * width + to.col()] - order[from.row() * width + from.col()], order.length);
    }

    /** Whether the body, read from tail to head, runs forward along the cycle without wrapping past the tail. */
    private static boolean inOrder(List<Position> body, int[] order, int width) {
        Position tail = body.getLast();
        int previous = 0;
        for (int i = body.size() - 2; i >= 0; i--) {
            int distance = ahead(order, width, tail, body.get(i));
            if (distance <= previous) {
                return false;
            }
            previous = distance;
        }
        return true;
    }
}
