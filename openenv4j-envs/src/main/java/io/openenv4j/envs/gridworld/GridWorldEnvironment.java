package io.openenv4j.envs.gridworld;

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
 * A grid world: the agent walks a rectangular grid one cell at a time to reach the goal, around walls and
 * (optionally) pits. Each step costs {@code step_cost} (reward {@code -step_cost}); reaching the goal gives
 * +1 instead and ends the episode, stepping into a pit gives -1 and ends it, and after {@code max_steps}
 * steps the episode is truncated. Moving into a wall or off the grid leaves the agent where it was. With
 * slip probability p the move goes at a right angle to the one chosen (either side with p/2).
 *
 * <p>Reset options: {@code width}, {@code height} (2 to 64, default 8), {@code wall_density} (default 0.2),
 * {@code pit_density} (default 0), {@code start} and {@code goal} ({@code [row, col]}, default random floor
 * cells), or instead of these a {@code layout} (rows of {@code . # X G S}); {@code slip} (default 0),
 * {@code step_cost} (default 0.01), {@code max_steps} (default 4 × (width + height)) and {@code view}
 * ({@code "full"}, the default, or a radius: the agent then sees only cells at most that many rows and
 * columns away). Random grids are redrawn until the goal is reachable. The seed fixes the grid and every
 * slip; without one the environment draws a seed.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class GridWorldEnvironment
        implements Environment<
                GridWorldEnvironment.Action, GridWorldEnvironment.Observation, GridWorldEnvironment.GridState> {

    public static final String NAME = "gridworld";

    /** One move. */
    @Description("One move of the agent.")
    public record Action(
            @Description("up, down, left or right; up is towards row 0") @Required
            String move) {}

    /** A cell: row 0 is the top row, column 0 the left column. */
    @Description("A cell of the grid; row 0 is the top row, col 0 the left column.")
    public record Position(int row, int col) {}

    /** What the agent sees. */
    @Description("The grid as the agent sees it after the move.")
    public record Observation(
            @Description("The grid as text, one line per row: '.' floor, '#' wall, 'X' pit, 'G' goal, 'A' agent,"
                    + " '?' out of view")
            String text,

            @Description("The grid as rows of numbers: 0 floor, 1 wall, 2 agent, 3 goal, 4 pit, -1 out of view")
            List<List<Integer>> cells,

            @Description("Where the agent is") Position position,

            @Description("Where the goal is, or null while it is out of view")
            Position goal,

            @Description("Whether the move slipped sideways")
            boolean slipped,

            @Description("Whether a wall or the edge stopped the move (the agent stayed put)")
            boolean blocked,

            @Description("ongoing, reached_goal, fell_in_pit or out_of_steps")
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
    public record GridState(
            String episodeId,
            long stepCount,

            @Description("The seed of the episode's randomness (the grid and the slips)")
            long seed,

            @Description("The grid without the agent, one string per row: '.' floor, '#' wall, 'X' pit, 'G' goal")
            List<String> layout,

            @Description("Where the agent is") Position agent,
            @Description("Where the agent started") Position start,
            @Description("Where the goal is") Position goal,

            @Description("The probability that a move slips sideways")
            double slip,

            @Description("The cost of a step that does not end on the goal or in a pit")
            double stepCost,

            @Description("The step limit") int maxSteps,

            @Description("How many rows and columns away the agent sees, or null when it sees the whole grid")
            Integer viewRadius,

            @Description("ongoing, reached_goal, fell_in_pit or out_of_steps")
            String status,

            @Description("The sum of the episode's rewards so far")
            double totalReward)
            implements State {

        public GridState {
            layout = layout == null ? List.of() : List.copyOf(layout);
        }
    }

    private enum Status {
        ONGOING,
        REACHED_GOAL,
        FELL_IN_PIT,
        OUT_OF_STEPS
    }

    private Config config;
    private Grid grid;
    private Random random;
    private Position start;
    private Position agent;
    private Status status;
    private final Episode episode = new Episode();
    private double totalReward;

    /** How to serve it. */
    public static EnvSpec<Action, Observation, GridState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "A configurable grid world: walk to the goal around walls and pits, with optional slips and a"
                                        + " partial view; text and array renderings; reward +1 at the goal, -1 in a pit, a small"
                                        + " cost per step."),
                        Action.class,
                        Observation.class,
                        GridState.class,
                        GridWorldEnvironment::new)
                .withExecution(Execution.NON_BLOCKING);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        Config newConfig = Config.from(request);
        long newSeed = Episode.seedFor(request);
        var newRandom = new Random(newSeed);
        Grid.Placed placed = newConfig.layout() != null
                ? Grid.parse(newConfig.layout(), newRandom)
                : Grid.generate(newConfig, newRandom);
        config = newConfig;
        episode.begin(request, newSeed);
        random = newRandom;
        grid = placed.grid();
        start = placed.start();
        agent = start;
        status = Status.ONGOING;
        totalReward = 0;
        return Step.of(observe(false, false), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.requireRunning();
        Move move = Move.parse(action == null ? null : action.move());
        long steps = episode.advance();
        boolean slipped = config.slip() > 0 && random.nextDouble() < config.slip();
        if (slipped) {
            move = move.sideways(random.nextBoolean());
        }
        Position next = move.from(agent);
        boolean blocked = grid.tile(next) == Grid.WALL;
        if (!blocked) {
            agent = next;
        }
        double reward = -config.stepCost();
        if (agent.equals(grid.goal())) {
            status = Status.REACHED_GOAL;
            reward = 1.0;
        } else if (grid.tile(agent) == Grid.PIT) {
            status = Status.FELL_IN_PIT;
            reward = -1.0;
        } else if (steps >= config.maxSteps()) {
            status = Status.OUT_OF_STEPS;
        }
        totalReward += reward;
        if (status != Status.ONGOING) {
            episode.end(wireName(status));
        }
        return Step.of(observe(slipped, blocked), reward, episode.over());
    }

    @Override
    public GridState state() {
        if (grid == null) {
            return new GridState(
                    episode.id(), episode.steps(), episode.seed(), List.of(), null, null, null, 0, 0, 0, null, null, 0);
        }
        return new GridState(
                episode.id(),
                episode.steps(),
                episode.seed(),
                grid.rows(),
                agent,
                start,
                grid.goal(),
                config.slip(),
                config.stepCost(),
                config.maxSteps(),
                config.viewRadius() == 0 ? null : config.viewRadius(),
                wireName(status),
                totalReward);
    }

    private Observation observe(boolean slipped, boolean blocked) {
        var text = new StringBuilder();
        var cells = new ArrayList<List<Integer>>();
        for (int row = 0; row < grid.height(); row++) {
            var line = new ArrayList<Integer>();
            for (int col = 0; col < grid.width(); col++) {
                char shown = grid.shown(new Position(row, col), agent, config.viewRadius());
                text.append(shown);
                line.add(Grid.code(shown));
            }
            text.append(row + 1 < grid.height() ? "\n" : "");
            cells.add(line);
        }
        boolean goalInView = grid.shown(grid.goal(), agent, config.viewRadius()) != Grid.HIDDEN;
        return new Observation(
                text.toString(),
                cells,
                agent,
                goalInView ? grid.goal() : null,
                slipped,
                blocked,
                wireName(status),
                status == Status.OUT_OF_STEPS,
                config.maxSteps() - episode.steps());
    }

    private static String wireName(Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
