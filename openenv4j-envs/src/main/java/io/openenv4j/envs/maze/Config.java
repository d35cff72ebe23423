package io.openenv4j.envs.maze;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.maze.MazeEnvironment.Position;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One episode's settings, read and checked from the reset options; see {@link MazeEnvironment} for what
 * each means.
 *
 * @param viewRadius how many cells away the agent sees, or 0 for the whole maze
 */
record Config(int width, int height, Algorithm algorithm, Position start, Position exit, int maxSteps, int viewRadius) {

    /** How the maze is carved. */
    enum Algorithm {
        BACKTRACKER,
        PRIM;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        Maze carve(int width, int height, Random random) {
            return switch (this) {
                case BACKTRACKER -> Maze.backtracker(width, height, random);
                case PRIM -> Maze.prim(width, height, random);
            };
        }
    }

    static final Set<String> OPTIONS =
            new TreeSet<>(List.of("width", "height", "algorithm", "start", "exit", "max_steps", "view"));
    static final int MAX_SIDE = 32;

    /** @throws EnvironmentException naming the first option that is unknown, malformed or out of range */
    static Config from(ResetRequest request) {
        for (String key : request.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new EnvironmentException(
                        "unknown reset option '" + key + "'; the maze takes " + String.join(", ", OPTIONS));
            }
        }
        int width = intOption(request, "width", 8, 2, MAX_SIDE);
        int height = intOption(request, "height", 8, 2, MAX_SIDE);
        Object name = request.option("algorithm", "backtracker");
        Algorithm algorithm = switch (name instanceof String text ? text.trim().toLowerCase(Locale.ROOT) : "") {
            case "backtracker" -> Algorithm.BACKTRACKER;
            case "prim" -> Algorithm.PRIM;
            default ->
                throw new EnvironmentException(
                        "reset option 'algorithm' must be \"backtracker\" or \"prim\", got " + name);
        };
        Position start = position(request, "start", width, height, new Position(0, 0));
        Position exit = position(request, "exit", width, height, new Position(height - 1, width - 1));
        if (start.equals(exit)) {
            throw new EnvironmentException("reset options 'start' and 'exit' must be different cells");
        }
        return new Config(
                width,
                height,
                algorithm,
                start,
                exit,
                intOption(request, "max_steps", 4 * width * height, 1, 1_000_000),
                viewRadius(request));
    }

    private static int intOption(ResetRequest request, String key, int fallback, int min, int max) {
        long value = request.longOption(key, fallback);
        if (value < min || value > max) {
            throw new EnvironmentException(
                    "reset option '" + key + "' must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }

    /** A cell given as {@code [row, col]} or {@code {"row": r, "col": c}}. */
    private static Position position(ResetRequest request, String key, int width, int height, Position fallback) {
        Object value = request.option(key, null);
        if (value == null) {
            return fallback;
        }
        Position at = switch (value) {
            case List<?> list
            when list.size() == 2 && integral(list.get(0)) && integral(list.get(1)) ->
                new Position(((Number) list.get(0)).intValue(), ((Number) list.get(1)).intValue());
            case Map<?, ?> map
            when map.size() == 2 && integral(map.get("row")) && integral(map.get("col")) ->
                new Position(((Number) map.get("row")).intValue(), ((Number) map.get("col")).intValue());
            default -> throw new EnvironmentException("reset option '" + key + "' must be [row, col], got " + value);
        };
        if (at.row() < 0 || at.row() >= height || at.col() < 0 || at.col() >= width) {
            throw new EnvironmentException("reset option '" + key + "' [" + at.row() + ", " + at.col()
                    + "] is outside the maze of " + height + " rows and " + width + " columns of cells");
        }
        return at;
    }

    /** {@code "full"} is 0; otherwise a radius of at least 1 cell. */
    private static int viewRadius(ResetRequest request) {
        Object value = request.option("view", "full");
        if ("full".equals(value)) {
            return 0;
        }
        try {
            long radius = request.longOption("view", 0);
            if (radius >= 1 && radius <= MAX_SIDE) {
                return (int) radius;
            }
        } catch (EnvironmentException e) {
            // reported below
        }
        throw new EnvironmentException(
                "reset option 'view' must be \"full\" or a radius from 1 to " + MAX_SIDE + ", got " + value);
    }

    private static boolean integral(Object value) {
        return value instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 1e9;
    }
}
