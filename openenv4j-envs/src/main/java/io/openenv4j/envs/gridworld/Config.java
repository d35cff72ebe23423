package io.openenv4j.envs.gridworld;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.gridworld.GridWorldEnvironment.Position;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One episode's settings, read and checked from the reset options; see {@link GridWorldEnvironment} for
 * what each means.
 *
 * @param layout the grid as rows of tiles when the client gave one, else {@code null} (then the grid is
 *     drawn from the sizes and densities)
 * @param start the start, or {@code null} for a random floor cell
 * @param goal the goal, or {@code null} for a random floor cell
 * @param viewRadius how far the agent sees, or 0 for the whole grid
 */
record Config(
        int width,
        int height,
        double wallDensity,
        double pitDensity,
        Position start,
        Position goal,
        List<String> layout,
        double slip,
        double stepCost,
        int maxSteps,
        int viewRadius) {

    static final Set<String> OPTIONS = new TreeSet<>(List.of(
            "width",
            "height",
            "wall_density",
            "pit_density",
            "start",
            "goal",
            "layout",
            "slip",
            "step_cost",
            "max_steps",
            "view"));
    static final int MAX_SIDE = 64;

    /** @throws EnvironmentException naming the first option that is unknown, malformed or out of range */
    static Config from(ResetRequest request) {
        for (String key : request.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new EnvironmentException(
                        "unknown reset option '" + key + "'; the grid world takes " + String.join(", ", OPTIONS));
            }
        }
        List<String> layout = layout(request);
        int width;
        int height;
        if (layout != null) {
            for (String fixed : List.of("width", "height", "wall_density", "pit_density", "start", "goal")) {
                if (request.options().containsKey(fixed)) {
                    throw new EnvironmentException(
                            "reset option 'layout' fixes the whole grid; leave out '" + fixed + "'");
                }
            }
            width = layout.getFirst().length();
            height = layout.size();
            if (width > MAX_SIDE || height > MAX_SIDE) {
                throw new EnvironmentException("reset option 'layout' may be at most " + MAX_SIDE + " cells each way");
            }
        } else {
            width = intOption(request, "width", 8, 2, MAX_SIDE);
            height = intOption(request, "height", 8, 2, MAX_SIDE);
        }
        double walls = doubleOption(request, "wall_density", 0.2, 0, 0.8);
        double pits = doubleOption(request, "pit_density", 0.0, 0, 0.8);
        if (walls + pits > 0.8) {
            throw new EnvironmentException("reset options 'wall_density' and 'pit_density' may add up to at most 0.8");
        }
        Position start = position(request, "start", width, height);
        Position goal = position(request, "goal", width, height);
        if (start != null && start.equals(goal)) {
            throw new EnvironmentException("reset options 'start' and 'goal' must be different cells");
        }
        return new Config(
                width,
                height,
                walls,
                pits,
                start,
                goal,
                layout,
                doubleOption(request, "slip", 0.0, 0, 1),
                doubleOption(request, "step_cost", 0.01, 0, 1),
                intOption(request, "max_steps", 4 * (width + height), 1, 1_000_000),
                viewRadius(request));
    }

    static int intOption(ResetRequest request, String key, int fallback, int min, int max) {
        long value = request.longOption(key, fallback);
        if (value < min || value > max) {
            throw new EnvironmentException(
                    "reset option '" + key + "' must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }

    static double doubleOption(ResetRequest request, String key, double fallback, double min, double max) {
        Object value = request.option(key, fallback);
        double number = Double.NaN;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof String text) {
            try {
                number = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (!(number >= min && number <= max)) {
            throw new EnvironmentException(
                    "reset option '" + key + "' must be a number between " + min + " and " + max + ", got " + value);
        }
        return number;
    }

    /** A cell given as {@code [row, col]} or {@code {"row": r, "col": c}}, or {@code null} when absent. */
    static Position position(ResetRequest request, String key, int width, int height) {
        Object value = request.option(key, null);
        if (value == null) {
            return null;
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
                    + "] is outside the grid of " + height + " rows and " + width + " columns");
        }
        return at;
    }

    /** {@code "full"} is 0; otherwise a radius of at least 1. */
    static int viewRadius(ResetRequest request) {
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

    private static List<String> layout(ResetRequest request) {
        Object value = request.option("layout", null);
        if (value == null) {
            return null;
        }
        List<?> rows = value instanceof String text
                ? Arrays.asList(text.strip().split("\\R"))
                : value instanceof List<?> list ? list : null;
        if (rows == null || rows.isEmpty() || !rows.stream().allMatch(row -> row instanceof String)) {
            throw new EnvironmentException(
                    "reset option 'layout' must be a list of row strings or one string of lines, got " + value);
        }
        return rows.stream().map(row -> ((String) row).strip()).toList();
    }

    private static boolean integral(Object value) {
        return value instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 1e9;
    }
}
