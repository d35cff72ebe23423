package io.openenv4j.envs.snake;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.upstream.Reshaped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code snake@openenv}: our snake in the shapes of the reference repository's {@code snake_env} ({@code
 * SnakeAction}, {@code SnakeObservation}), so its {@code SnakeEnv} client plays it unchanged. Actions are the
 * reference's relative ones: 0 straight on, 1 turn left, 2 turn right. {@code grid} is our board in our codes (0
 * empty, 1 body, 2 head, 3 food); {@code observation} is the same board one-hot in three channels (body, head,
 * food), height x width x 3. The board, seeds and rewards are those of {@code snake}; there is one snake, so
 * {@code episode_kills} stays 0.
 */
public final class UpstreamSnake
        extends Reshaped<
                SnakeEnvironment.Action,
                SnakeEnvironment.Observation,
                SnakeEnvironment.SnakeState,
                UpstreamSnake.SnakeAction,
                UpstreamSnake.SnakeObservation,
                UpstreamSnake.SnakeState> {

    public static final String NAME = SnakeEnvironment.NAME + SUFFIX;
    private static final List<String> TURNS = List.of("straight", "left", "right");
    private static final int CHANNELS = 3;

    @Description("A turn.")
    public record SnakeAction(
            @Description("0 straight on, 1 turn left, 2 turn right")
            int action) {}

    @Description("The board.")
    public record SnakeObservation(
            @Description("The board as rows of codes: 0 empty, 1 body, 2 head, 3 food")
            List<List<Integer>> grid,

            @Description("The board one-hot, height x width x 3 channels: body, head, food")
            List<List<List<Double>>> observation,

            @Description("The sum of the episode's rewards") double episodeScore,
            @Description("Steps taken this episode") long episodeSteps,
            @Description("Foods eaten this episode") int episodeFruits,
            @Description("Always 0: there is one snake") int episodeKills,
            @Description("Whether the snake is alive") boolean alive) {}

    @Description("The episode.")
    public record SnakeState(String episodeId, long stepCount) implements State {}

    private double episodeScore;

    public UpstreamSnake() {
        super(new SnakeEnvironment());
    }

    public static EnvSpec<SnakeAction, SnakeObservation, SnakeState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME,
                        "Snake as the reference's snake_env shapes it (SnakeEnv client):"
                                + " action 0 straight, 1 left, 2 right; grid and one-hot observation; the game of 'snake'."),
                SnakeAction.class,
                SnakeObservation.class,
                SnakeState.class,
                UpstreamSnake::new);
    }

    @Override
    protected SnakeEnvironment.Action inward(SnakeAction action) {
        if (action.action() < 0 || action.action() >= TURNS.size()) {
            throw new EnvironmentException(
                    "action must be 0 (straight on), 1 (turn left) or 2 (turn right), got " + action.action());
        }
        return SnakeEnvironment.Action.turn(TURNS.get(action.action()));
    }

    @Override
    protected SnakeObservation outward(Step<SnakeEnvironment.Observation> step, boolean reset) {
        var observation = step.observation();
        episodeScore = reset ? 0.0 : episodeScore + (step.reward() == null ? 0.0 : step.reward());
        boolean alive = observation.status().equals("ongoing")
                || observation.status().equals("out_of_steps")
                || observation.status().equals("filled_board");
        return new SnakeObservation(
                observation.cells(),
                oneHot(observation.cells()),
                episodeScore,
                innerState().stepCount(),
                observation.score(),
                0,
                alive);
    }

    /** Codes 1 to 3 as channels 0 to 2. */
    static List<List<List<Double>>> oneHot(List<List<Integer>> cells) {
        var rows = new ArrayList<List<List<Double>>>(cells.size());
        for (List<Integer> line : cells) {
            var row = new ArrayList<List<Double>>(line.size());
            for (int code : line) {
                var channels = new ArrayList<Double>(CHANNELS);
                for (int channel = 1; channel <= CHANNELS; channel++) {
                    channels.add(code == channel ? 1.0 : 0.0);
                }
                row.add(List.copyOf(channels));
            }
            rows.add(List.copyOf(row));
        }
        return List.copyOf(rows);
    }

    @Override
    protected SnakeState outwardState(SnakeEnvironment.SnakeState state) {
        return new SnakeState(state.episodeId(), state.stepCount());
    }
}
