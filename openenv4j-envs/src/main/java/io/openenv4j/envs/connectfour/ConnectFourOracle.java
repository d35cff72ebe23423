package io.openenv4j.envs.connectfour;

import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;

/**
 * A Connect Four oracle: it rebuilds the board from the state's column history and plays the best column
 * of a seven-ply alpha-beta search (centre columns first). That is far beyond the built-in {@code random}
 * opponent: against the default opponent from seeds 7 and 11 it wins, a return of +1.
 *
 * <p>Deterministic and stateless: one instance may play any number of episodes; thread-safe.
 */
public final class ConnectFourOracle
        implements Policy<
                ConnectFourEnvironment.Action,
                ConnectFourEnvironment.Observation,
                ConnectFourEnvironment.ConnectFourState> {

    static final int DEPTH = 7;

    @Override
    public ConnectFourEnvironment.Action act(
            Step<ConnectFourEnvironment.Observation> last, ConnectFourEnvironment.ConnectFourState state) {
        Board board = Board.replay(state.columns());
        return new ConnectFourEnvironment.Action(Search.bestColumn(board, DEPTH, Search.CENTRE_FIRST));
    }
}
