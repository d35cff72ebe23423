package io.openenv4j.envs.connectfour;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.upstream.Reshaped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code connect-four@openenv}: our Connect Four in the shapes of the reference repository's {@code connect4_env}
 * ({@code Connect4Action}, {@code Connect4Observation}, {@code Connect4State}), so its {@code Connect4Env} client
 * plays it unchanged. The board is six rows of seven ints, top row first: 1 the agent's discs (the player to move
 * in every observation), -1 the opponent's, 0 empty. Opponents, seeds and rewards are those of {@code connect-four}.
 */
public final class UpstreamConnectFour
        extends Reshaped<
                ConnectFourEnvironment.Action,
                ConnectFourEnvironment.Observation,
                ConnectFourEnvironment.ConnectFourState,
                UpstreamConnectFour.Connect4Action,
                UpstreamConnectFour.Connect4Observation,
                UpstreamConnectFour.Connect4State> {

    public static final String NAME = ConnectFourEnvironment.NAME + SUFFIX;

    @Description("Drop a disc.")
    public record Connect4Action(
            @Description("The column, 0 (left) to 6 (right)")
            int column) {}

    @Description("The board after the agent's move and the opponent's reply.")
    public record Connect4Observation(
            @Description("Six rows of seven, top row first: 1 the agent's discs, -1 the opponent's, 0 empty")
            List<List<Integer>> board,

            @Description("The columns with room left; empty once the game is over")
            List<Integer> legalActions) {}

    @Description("The game so far.")
    public record Connect4State(
            String episodeId,
            long stepCount,
            @Description("The board, as in the observation") List<List<Integer>> board,

            @Description("Who moves next: 1 the agent, -1 the opponent")
            int nextPlayer)
            implements State {}

    public UpstreamConnectFour() {
        super(new ConnectFourEnvironment());
    }

    public static EnvSpec<Connect4Action, Connect4Observation, Connect4State> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME,
                        "Connect Four as the reference's connect4_env shapes it"
                                + " (Connect4Env client): the board as rows of ints and legal_actions; the game of 'connect-four'."),
                Connect4Action.class,
                Connect4Observation.class,
                Connect4State.class,
                UpstreamConnectFour::new);
    }

    @Override
    protected ConnectFourEnvironment.Action inward(Connect4Action action) {
        return new ConnectFourEnvironment.Action(action.column());
    }

    @Override
    protected Connect4Observation outward(Step<ConnectFourEnvironment.Observation> step, boolean reset) {
        return new Connect4Observation(board(innerState()), step.observation().legalColumns());
    }

    @Override
    protected Connect4State outwardState(ConnectFourEnvironment.ConnectFourState state) {
        char next = state.columns().size() % 2 == 0 ? 'X' : 'O';
        return new Connect4State(
                state.episodeId(),
                state.stepCount(),
                board(state),
                next == state.yourDisc().charAt(0) ? 1 : -1);
    }

    private static List<List<Integer>> board(ConnectFourEnvironment.ConnectFourState state) {
        return board(state.rows(), state.yourDisc());
    }

    /** Our rows of X, O and '.' as ints from the agent's side. */
    static List<List<Integer>> board(List<String> rows, String agentDisc) {
        var board = new ArrayList<List<Integer>>();
        for (int r = 0; r < Board.ROWS; r++) {
            var row = new ArrayList<Integer>(Board.COLUMNS);
            for (int c = 0; c < Board.COLUMNS; c++) {
                char cell = rows.get(r).charAt(c);
                row.add(cell == '.' ? 0 : String.valueOf(cell).equals(agentDisc) ? 1 : -1);
            }
            board.add(List.copyOf(row));
        }
        return List.copyOf(board);
    }
}
