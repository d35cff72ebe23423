package io.openenv4j.envs.maze;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.maze.MazeEnvironment.Position;
import io.openenv4j.envs.upstream.Reshaped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code maze@openenv}: our maze in the shapes of the reference repository's {@code maze_env} ({@code MazeAction},
 * {@code MazeObservation}, {@code MazeState}), so its {@code MazeEnv} client walks it unchanged. Actions are the
 * reference's: 0 up, 1 down, 2 left, 3 right; positions are {@code [col, row]} of our maze's cells;
 * {@code legal_actions} are the moves no wall blocks. Mazes, seeds and rewards are those of {@code maze}.
 */
public final class UpstreamMaze
        extends Reshaped<
                MazeEnvironment.Action,
                MazeEnvironment.Observation,
                MazeEnvironment.MazeState,
                UpstreamMaze.MazeAction,
                UpstreamMaze.MazeObservation,
                UpstreamMaze.MazeState> {

    public static final String NAME = MazeEnvironment.NAME + SUFFIX;
    /** The reference's action numbers, in order. */
    private static final List<Move> ACTIONS = List.of(Move.UP, Move.DOWN, Move.LEFT, Move.RIGHT);

    @Description("A move.")
    public record MazeAction(
            @Description("0 up, 1 down, 2 left, 3 right") int action) {}

    @Description("Where the agent is.")
    public record MazeObservation(
            @Description("The moves no wall blocks; empty once the episode is over")
            List<Integer> legalActions,

            @Description("The agent's cell, [col, row]") List<Integer> currentPosition,

            @Description("The agent's cell before the last move, [col, row]")
            List<Integer> previousPosition) {}

    @Description("The episode.")
    public record MazeState(
            String episodeId,
            long stepCount,
            @Description("Whether the episode is over") boolean done,
            @Description("The agent's cell, [col, row]") List<Integer> currentPosition,
            @Description("The exit's cell, [col, row]") List<Integer> exitCell,

            @Description("playing, win (reached the exit) or lose (out of steps)")
            String status)
            implements State {}

    private List<Integer> current = List.of();
    private List<Integer> previous = List.of();

    public UpstreamMaze() {
        super(new MazeEnvironment());
    }

    public static EnvSpec<MazeAction, MazeObservation, MazeState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME,
                        "A maze as the reference's maze_env shapes it (MazeEnv client):"
                                + " action 0 up, 1 down, 2 left, 3 right, positions [col, row]; the mazes of 'maze'."),
                MazeAction.class,
                MazeObservation.class,
                MazeState.class,
                UpstreamMaze::new);
    }

    @Override
    protected MazeEnvironment.Action inward(MazeAction action) {
        if (action.action() < 0 || action.action() >= ACTIONS.size()) {
            throw new EnvironmentException(
                    "action must be 0 (up), 1 (down), 2 (left) or 3 (right), got " + action.action());
        }
        return new MazeEnvironment.Action(ACTIONS.get(action.action()).wireName());
    }

    @Override
    protected MazeObservation outward(Step<MazeEnvironment.Observation> step, boolean reset) {
        var state = innerState();
        previous = reset ? cell(state.agent()) : current;
        current = cell(state.agent());
        return new MazeObservation(step.done() ? List.of() : legal(state), current, previous);
    }

    /** The actions whose way out of the agent's cell is open in the layout. */
    private static List<Integer> legal(MazeEnvironment.MazeState state) {
        var legal = new ArrayList<Integer>();
        for (int i = 0; i < ACTIONS.size(); i++) {
            Move move = ACTIONS.get(i);
            int row = 2 * state.agent().row() + 1 + move.rowDelta;
            int col = 2 * state.agent().col() + 1 + move.colDelta;
            if (row >= 0
                    && row < state.layout().size()
                    && col >= 0
                    && col < state.layout().get(row).length()
                    && state.layout().get(row).charAt(col) != '#') {
                legal.add(i);
            }
        }
        return List.copyOf(legal);
    }

    @Override
    protected MazeState outwardState(MazeEnvironment.MazeState state) {
        String status = state.status() == null
                ? "playing"
                : switch (state.status()) {
                    case "reached_exit" -> "win";
                    case "out_of_steps" -> "lose";
                    default -> "playing";
                };
        return new MazeState(
                state.episodeId(),
                state.stepCount(),
                !status.equals("playing"),
                cell(state.agent()),
                cell(state.exit()),
                status);
    }

    private static List<Integer> cell(Position position) {
        return position == null ? List.of() : List.of(position.col(), position.row());
    }
}
