package io.openenv4j.envs.gridworld;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.envs.gridworld.GridWorldEnvironment.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The fixed part of a grid world: its tiles (floor, walls, pits) and the goal. Rows are strings of tile
 * characters, row 0 at the top. Immutable; thread-safe.
 */
final class Grid {

    static final char FLOOR = '.';
    static final char WALL = '#';
    static final char PIT = 'X';
    static final char GOAL = 'G';
    static final char START = 'S';
    static final char AGENT = 'A';
    static final char HIDDEN = '?';
    private static final int ATTEMPTS = 100;

    private final char[][] tiles;
    private final Position goal;

    private Grid(char[][] tiles, Position goal) {
        this.tiles = tiles;
        this.goal = goal;
    }

    /** A grid and where the episode starts on it. */
    record Placed(Grid grid, Position start) {}

    /**
     * Draws walls and pits cell by cell with the given densities, then the start and goal (unless the
     * config fixes them), until the goal can be reached from the start without crossing a wall or a pit.
     *
     * @throws EnvironmentException when no such grid turns up in a hundred attempts
     */
    static Placed generate(Config config, Random random) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            char[][] tiles = new char[config.height()][config.width()];
            for (char[] row : tiles) {
                for (int col = 0; col < row.length; col++) {
                    double draw = random.nextDouble();
                    row[col] = draw < config.wallDensity()
                            ? WALL
                            : draw < config.wallDensity() + config.pitDensity() ? PIT : FLOOR;
                }
            }
            Position start = config.start() != null ? config.start() : randomFloor(tiles, random, config.goal());
            Position goal = config.goal() != null ? config.goal() : randomFloor(tiles, random, start);
            if (start == null || goal == null) {
                continue;
            }
            tiles[start.row()][start.col()] = FLOOR;
            tiles[goal.row()][goal.col()] = GOAL;
            Grid grid = new Grid(tiles, goal);
            if (grid.shortestPath(start) != null) {
                return new Placed(grid, start);
            }
        }
        throw new EnvironmentException("no grid with a reachable goal turned up in " + ATTEMPTS
                + " attempts; lower 'wall_density' or 'pit_density'");
    }

    /**
     * Reads rows of tile characters ({@code . # X G}, plus {@code S} for the start); without an {@code S}
     * the start is drawn at random among the floor cells.
     *
     * @throws EnvironmentException when the rows are ragged, hold other characters or not exactly one goal
     */
    static Placed parse(List<String> rows, Random random) {
        if (rows.isEmpty() || rows.getFirst().isEmpty()) {
            throw new EnvironmentException("reset option 'layout' is empty");
        }
        char[][] tiles = new char[rows.size()][];
        Position start = null;
        Position goal = null;
        for (int row = 0; row < rows.size(); row++) {
            tiles[row] = rows.get(row).toCharArray();
            if (tiles[row].length != tiles[0].length) {
                throw new EnvironmentException("reset option 'layout': row " + row + " has " + tiles[row].length
                        + " cells, row 0 has " + tiles[0].length);
            }
            for (int col = 0; col < tiles[row].length; col++) {
                switch (tiles[row][col]) {
                    case FLOOR, WALL, PIT -> {}
                    case GOAL -> goal = unique(goal, new Position(row, col), "goal 'G'");
                    case START -> {
                        start = unique(start, new Position(row, col), "start 'S'");
                        tiles[row][col] = FLOOR;
                    }
                    default ->
                        throw new EnvironmentException("reset option 'layout': unknown tile '" + tiles[row][col]
                                + "' at row " + row + ", col " + col + "; use . # X G S");
                }
            }
        }
        if (goal == null) {
            throw new EnvironmentException("reset option 'layout' needs a goal 'G'");
        }
        start = start != null ? start : randomFloor(tiles, random, null);
        if (start == null) {
            throw new EnvironmentException("reset option 'layout' has no floor cell to start on");
        }
        Grid grid = new Grid(tiles, goal);
        if (grid.shortestPath(start) == null) {
            throw new EnvironmentException("reset option 'layout': the goal cannot be reached from the start");
        }
        return new Placed(grid, start);
    }

    /** The grid of a state's {@code layout} rows (which hold no start marker). */
    static Grid of(List<String> rows) {
        char[][] tiles = rows.stream().map(String::toCharArray).toArray(char[][]::new);
        for (int row = 0; row < tiles.length; row++) {
            for (int col = 0; col < tiles[row].length; col++) {
                if (tiles[row][col] == GOAL) {
                    return new Grid(tiles, new Position(row, col));
                }
            }
        }
        throw new IllegalArgumentException("the layout has no goal");
    }

    int width() {
        return tiles[0].length;
    }

    int height() {
        return tiles.length;
    }

    Position goal() {
        return goal;
    }

    /** The tile at a position; outside the grid everything is wall. */
    char tile(Position at) {
        boolean inside = at.row() >= 0 && at.row() < height() && at.col() >= 0 && at.col() < width();
        return inside ? tiles[at.row()][at.col()] : WALL;
    }

    /** The tiles as rows of characters, without the agent. */
    List<String> rows() {
        return Arrays.stream(tiles).map(String::new).toList();
    }

    /**
     * The moves of a shortest path from {@code from} to the goal that crosses no wall and no pit (breadth-first
     * search, moves tried in the order up, down, left, right), or {@code null} when there is none.
     */
    List<Move> shortestPath(Position from) {
        var cameBy = new Move[height()][width()];
        var seen = new boolean[height()][width()];
        var queue = new ArrayDeque<Position>();
        queue.add(from);
        seen[from.row()][from.col()] = true;
        while (!queue.isEmpty()) {
            Position here = queue.poll();
            if (here.equals(goal)) {
                var path = new ArrayList<Move>();
                for (Position at = here; !at.equals(from); ) {
                    Move move = cameBy[at.row()][at.col()];
                    path.addFirst(move);
                    at = move.opposite().from(at);
                }
                return path;
            }
            for (Move move : Move.values()) {
                Position next = move.from(here);
                char tile = tile(next);
                if (tile != WALL && tile != PIT && !seen[next.row()][next.col()]) {
                    seen[next.row()][next.col()] = true;
                    cameBy[next.row()][next.col()] = move;
                    queue.add(next);
                }
            }
        }
        return null;
    }

    /**
     * What an observation shows at a cell: the agent over its tile, {@code ?} for a cell farther than
     * {@code radius} from the agent in either direction (a radius of 0 shows everything).
     */
    char shown(Position at, Position agent, int radius) {
        if (radius > 0 && Math.max(Math.abs(at.row() - agent.row()), Math.abs(at.col() - agent.col())) > radius) {
            return HIDDEN;
        }
        return at.equals(agent) ? AGENT : tile(at);
    }

    /** The number an observation's {@code cells} use for a shown character. */
    static int code(char shown) {
        return switch (shown) {
            case FLOOR -> 0;
            case WALL -> 1;
            case AGENT -> 2;
            case GOAL -> 3;
            case PIT -> 4;
            default -> -1;
        };
    }

    private static Position unique(Position found, Position at, String what) {
        if (found != null) {
            throw new EnvironmentException("reset option 'layout' has more than one " + what);
        }
        return at;
    }

    private static Position randomFloor(char[][] tiles, Random random, Position except) {
        var floor = new ArrayList<Position>();
        for (int row = 0; row < tiles.length; row++) {
            for (int col = 0; col < tiles[row].length; col++) {
                Position at = new Position(row, col);
                if (tiles[row][col] == FLOOR && !at.equals(except)) {
                    floor.add(at);
                }
            }
        }
        return floor.isEmpty() ? null : floor.get(random.nextInt(floor.size()));
    }
}
