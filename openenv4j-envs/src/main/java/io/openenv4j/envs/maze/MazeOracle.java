package io.openenv4j.envs.maze;

import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;
import io.openenv4j.envs.maze.MazeEnvironment.Action;
import io.openenv4j.envs.maze.MazeEnvironment.MazeState;
import io.openenv4j.envs.maze.MazeEnvironment.Observation;
import java.util.List;

/**
 * The maze's oracle: it reads the whole maze from the state (so a partial view does not hinder it) and takes
 * the first move of the path to the exit, found by breadth-first search. In a perfect maze that path is the
 * only one, so the oracle reaches the exit in the fewest possible steps, for a return of 1 (the most there
 * is), provided the path is no longer than {@code max_steps} (the default, 4 × width × height, always
 * leaves room).
 *
 * <p>Stateless: one instance may play any number of episodes. Thread-safe.
 */
public final class MazeOracle implements Policy<Action, Observation, MazeState> {

    @Override
    public Action act(Step<Observation> last, MazeState state) {
        List<Move> path = Maze.of(state.layout()).path(state.agent(), state.exit());
        if (path == null || path.isEmpty()) {
            throw new IllegalStateException("no path from " + state.agent() + " to the exit " + state.exit());
        }
        return new Action(path.getFirst().wireName());
    }
}
