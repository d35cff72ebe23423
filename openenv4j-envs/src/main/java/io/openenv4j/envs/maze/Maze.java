package io.openenv4j.envs.maze;

import io.openenv4j.envs.maze.MazeEnvironment.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A maze of {@code height × width} cells drawn as a grid of tiles: cell (r, c) is tile (2r + 1, 2c + 1),
 * the tiles between neighbouring cells are walls ({@code #}) or passages ({@code .}), and the outer border
 * is wall. The generators carve a perfect maze (a spanning tree of the cells: every cell reachable, by
 * exactly one path). Mutable only while it is carved; thread-safe once built.
 */
final class Maze {

    static final char WALL = '#';
    static final char OPEN = '.';
    static final char AGENT = 'A';
    static final char EXIT = 'E';
    static final char HIDDEN = '?';

    private final char[][] tiles;

    private Maze(char[][] tiles) {
        this.tiles = tiles;
    }

    /** Every tile a wall except the cells themselves. */
    private static Maze uncarved(int width, int height) {
        var tiles = new char[2 * height + 1][2 * width + 1];
        for (int row = 0; row < tiles.length; row++) {
            for (int col = 0; col < tiles[row].length; col++) {
                tiles[row][col] = row % 2 == 1 && col % 2 == 1 ? OPEN : WALL;
            }
        }
        return new Maze(tiles);
    }

    /** Recursive backtracker: a random depth-first walk that backs up at dead ends (long, winding corridors). */
    static Maze backtracker(int width, int height, Random random) {
        Maze maze = uncarved(width, height);
        var visited = new boolean[height][width];
        var path = new ArrayDeque<Position>();
        Position first = new Position(random.nextInt(height), random.nextInt(width));
        visited[first.row()][first.col()] = true;
        path.push(first);
        while (!path.isEmpty()) {
            Position here = path.peek();
            var fresh = new ArrayList<Move>();
            for (Move move : Move.values()) {
                Position next = move.from(here);
                if (maze.inside(next) && !visited[next.row()][next.col()]) {
                    fresh.add(move);
                }
            }
            if (fresh.isEmpty()) {
                path.pop();
                continue;
            }
            Move move = fresh.get(random.nextInt(fresh.size()));
            maze.carve(here, move);
            Position next = move.from(here);
            visited[next.row()][next.col()] = true;
            path.push(next);
        }
        return maze;
    }

    /** Randomised Prim: grows the maze by opening a random wall on its frontier (short, branching corridors). */
    static Maze prim(int width, int height, Random random) {
        Maze maze = uncarved(width, height);
        var inMaze = new boolean[height][width];
        record Wall(Position cell, Move move) {}
        var frontier = new ArrayList<Wall>();
        Position first = new Position(random.nextInt(height), random.nextInt(width));
        inMaze[first.row()][first.col()] = true;
        for (Move move : Move.values()) {
            frontier.add(new Wall(first, move));
        }
        while (!frontier.isEmpty()) {
            int pick = random.nextInt(frontier.size());
            Wall wall = frontier.get(pick);
            frontier.set(pick, frontier.getLast());
            frontier.removeLast();
            Position next = wall.move().from(wall.cell());
            if (!maze.inside(next) || inMaze[next.row()][next.col()]) {
                continue;
            }
            maze.carve(wall.cell(), wall.move());
            inMaze[next.row()][next.col()] = true;
            for (Move move : Move.values()) {
                frontier.add(new Wall(next, move));
            }
        }
        return maze;
    }

    /** The maze drawn by {@link #rows()} (an {@code E} reads as an open cell). */
    static Maze of(List<String> rows) {
        return new Maze(
                rows.stream().map(row -> row.replace(EXIT, OPEN).toCharArray()).toArray(char[][]::new));
    }

    int width() {
        return tiles[0].length / 2;
    }

    int height() {
        return tiles.length / 2;
    }

    boolean inside(Position cell) {
        return cell.row() >= 0 && cell.row() < height() && cell.col() >= 0 && cell.col() < width();
    }

    /** Whether a move from a cell stays inside and crosses no wall. */
    boolean open(Position cell, Move move) {
        return inside(move.from(cell))
                && tiles[2 * cell.row() + 1 + move.rowDelta][2 * cell.col() + 1 + move.colDelta] == OPEN;
    }

    /** The tiles as rows of characters, without the agent or the exit. */
    List<String> rows() {
        return Arrays.stream(tiles).map(String::new).toList();
    }

    /**
     * What an observation shows at a tile: the agent and the exit over the maze, {@code ?} for a tile more
     * than {@code radius} cells (and the walls around them) from the agent's (a radius of 0 shows everything).
     */
    char shown(int row, int col, Position agent, Position exit, int radius) {
        int reach = 2 * radius + 1;
        if (radius > 0
                && (Math.abs(row - (2 * agent.row() + 1)) > reach || Math.abs(col - (2 * agent.col() + 1)) > reach)) {
            return HIDDEN;
        }
        if (row == 2 * agent.row() + 1 && col == 2 * agent.col() + 1) {
            return AGENT;
        }
        return row == 2 * exit.row() + 1 && col == 2 * exit.col() + 1 ? EXIT : tiles[row][col];
    }

    /** The number an observation's {@code cells} use for a shown character. */
    static int code(char shown) {
        return switch (shown) {
            case OPEN -> 0;
            case WALL -> 1;
            case AGENT -> 2;
            case EXIT -> 3;
            default -> -1;
        };
    }

    /** The moves of the shortest (in a perfect maze, the only) path between two cells, by breadth-first search. */
    List<Move> path(Position from, Position to) {
        var cameBy = new Move[height()][width()];
        var queue = new ArrayDeque<Position>();
        queue.add(from);
        var seen = new boolean[height()][width()];
        seen[from.row()][from.col()] = true;
        while (!queue.isEmpty()) {
            Position here = queue.poll();
            if (here.equals(to)) {
                var moves = new ArrayList<Move>();
                for (Position at = to; !at.equals(from); ) {
                    Move move = cameBy[at.row()][at.col()];
                    moves.addFirst(move);
                    at = new Position(at.row() - move.rowDelta, at.col() - move.colDelta);
                }
                return moves;
            }
            for (Move move : Move.values()) {
                Position next = move.from(here);
                if (open(here, move) && !seen[next.row()][next.col()]) {
                    seen[next.row()][next.col()] = true;
                    cameBy[next.row()][next.col()] = move;
                    queue.add(next);
                }
            }
        }
        return null;
    }

    private void carve(Position cell, Move move) {
        tiles[2 * cell.row() + 1 + move.rowDelta][2 * cell.col() + 1 + move.colDelta] = OPEN;
    }
}
