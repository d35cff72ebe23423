package io.openenv4j.envs.maze;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.Execution;
import io.openenv4j.core.Required;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A maze: the agent moves from cell to cell of a perfect maze (every cell reachable by exactly one path)
 * to reach the exit. Reaching the exit gives +1 and ends the episode; every other step gives 0; after
 * {@code max_steps} steps the episode is truncated. A move into a wall leaves the agent where it was.
 *
 * <p>Reset options: {@code width} and {@code height} in cells (2 to 32, default 8), {@code algorithm}
 * ({@code "backtracker"}, the default: long winding corridors, or {@code "prim"}: short branching ones),
 * {@code start} and {@code exit} ({@code [row, col]}, default the top-left and bottom-right cells),
 * {@code max_steps} (default 4 × width × height) and {@code view} ({@code "full"}, the default, or a radius
 * in cells: the agent then sees only the cells at most that many rows and columns away and the walls
 * around them). The seed fixes the maze; without one the environment draws a seed.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class MazeEnvironment
        implements Environment<MazeEnvironment.Action, MazeEnvironment.Observation, MazeEnvironment.MazeState> {

    public static final String NAME = "maze";

    /** One move. */
    @Description("One move from the current cell to a neighbouring one.")
    public record Action(
            @Description("up, down, left or right; up is towards row 0") @Required
            String move) {}

    /** A cell: row 0 is the top row, column 0 the left column. */
    @Description("A cell of the maze; row 0 is the top row, col 0 the left column.")
    public record Position(int row, int col) {}

    /** What the agent sees. */
    @Description("The maze as the agent sees it after the move.")
    public record Observation(
            @Description("The maze as text, 2 × height + 1 lines of 2 × width + 1 characters: cell (r, c) is line"
                    + " 2r + 1, column 2c + 1; '#' wall, '.' open, 'A' agent, 'E' exit, '?' out of view")
            String text,

            @Description("The same tiles as rows of numbers: 0 open, 1 wall, 2 agent, 3 exit, -1 out of view")
            List<List<Integer>> cells,

            @Description("The agent's cell") Position position,

            @Description("The exit's cell, or null while it is out of view")
            Position exit,

            @Description("Whether a wall stopped the move (the agent stayed put)")
            boolean blocked,

            @Description("ongoing, reached_exit or out_of_steps")
            String status,

            @Description("Whether the episode ended only because the step limit was reached")
            boolean truncated,

            @Description("Steps left before the episode is truncated")
            long stepsLeft) {

        public Observation {
            cells = cells == null ? List.of() : cells.stream().map(List::copyOf).toList();
        }
    }

    /** Everything about the episode, enough to replay it. */
    @Description("The episode's full state.")
    public record MazeState(
            String episodeId,
            long stepCount,

            @Description("The seed the maze was carved from")
            long seed,

            @Description("backtracker or prim") String algorithm,

            @Description("The maze without agent and exit, as in the observation's text")
            List<String> layout,

            @Description("The agent's cell") Position agent,
            @Description("The start cell") Position start,
            @Description("The exit cell") Position exit,
            @Description("The step limit") int maxSteps,

            @Description("How many cells away the agent sees, or null when it sees the whole maze")
            Integer viewRadius,

            @Description("ongoing, reached_exit or out_of_steps")
            String status)
            implements State {

        public MazeState {
            layout = layout == null ? List.of() : List.copyOf(layout);
        }
    }

    private enum Status {
        ONGOING,
        REACHED_EXIT,
        OUT_OF_STEPS
    }

    private Config config;
    private Maze maze;
    private Position agent;
    private Status status;
    private final Episode episode = new Episode();

    /** How to serve it. */
    public static EnvSpec<Action, Observation, MazeState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "A seeded perfect maze (recursive backtracker or Prim) to walk out of, with a full or partial"
                                        + " view; text and array renderings; reward +1 at the exit."),
                        Action.class,
                        Observation.class,
                        MazeState.class,
                        MazeEnvironment::new)
                .withExecution(Execution.NON_BLOCKING);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        Config newConfig = Config.from(request);
        episode.begin(request);
        config = newConfig;
        maze = config.algorithm().carve(config.width(), config.height(), new Random(episode.seed()));
        agent = config.start();
        status = Status.ONGOING;
        return Step.of(observe(false), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.requireRunning();
        Move move = Move.parse(action == null ? null : action.move());
        long steps = episode.advance();
        boolean blocked = !maze.open(agent, move);
        if (!blocked) {
            agent = move.from(agent);
        }
        double reward = 0.0;
        if (agent.equals(config.exit())) {
            status = Status.REACHED_EXIT;
            reward = 1.0;
        } else if (steps >= config.maxSteps()) {
            status = Status.OUT_OF_STEPS;
        }
        if (status != Status.ONGOING) {
            episode.end(wireName(status));
        }
        return Step.of(observe(blocked), reward, episode.over());
    }

    @Override
    public MazeState state() {
        if (maze == null) {
            return new MazeState(
                    episode.id(), episode.steps(), episode.seed(), null, List.of(), null, null, null, 0, null, null);
        }
        return new MazeState(
                episode.id(),
                episode.steps(),
                episode.seed(),
                config.algorithm().wireName(),
                maze.rows(),
                agent,
                config.start(),
                config.exit(),
                config.maxSteps(),
                config.viewRadius() == 0 ? null : config.viewRadius(),
                wireName(status));
    }

    private Observation observe(boolean blocked) {
        var text = new StringBuilder();
        var cells = new ArrayList<List<Integer>>();
        int rows = 2 * maze.height() + 1;
        for (int row = 0; row < rows; row++) {
            var line = new ArrayList<Integer>();
            for (int col = 0; col < 2 * maze.width() + 1; col++) {
                char shown = maze.shown(row, col, agent, config.exit(), config.viewRadius());
                text.append(shown);
                line.add(Maze.code(shown));
            }
            text.append(row + 1 < rows ? "\n" : "");
            cells.add(line);
        }
        Position exit = config.exit();
        boolean exitInView =
                maze.shown(2 * exit.row() + 1, 2 * exit.col() + 1, agent, exit, config.viewRadius()) != Maze.HIDDEN;
        return new Observation(
                text.toString(),
                cells,
                agent,
                exitInView ? exit : null,
                blocked,
                wireName(status),
                status == Status.OUT_OF_STEPS,
                config.maxSteps() - episode.steps());
    }

    private static String wireName(Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
