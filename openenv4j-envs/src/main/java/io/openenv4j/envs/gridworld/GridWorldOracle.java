package io.openenv4j.envs.gridworld;

import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;
import io.openenv4j.envs.gridworld.GridWorldEnvironment.Action;
import io.openenv4j.envs.gridworld.GridWorldEnvironment.GridState;
import io.openenv4j.envs.gridworld.GridWorldEnvironment.Observation;
import java.util.List;

/**
 * The grid world's oracle: it reads the whole grid from the state (so a partial view does not hinder it)
 * and takes the first move of a shortest path to the goal that avoids walls and pits, found by
 * breadth-first search from where the agent stands. Without slips this is the best return: the goal
 * reached in d steps, where d is the shortest-path length, for a return of {@code 1 - step_cost × (d - 1)}
 * (for the default step cost, {@code 1 - 0.01 × (d - 1)}). With slips it replans after every step, which
 * still reaches the goal unless a slip lands in a pit or the step limit runs out.
 *
 * <p>Stateless: one instance may play any number of episodes. Thread-safe.
 */
public final class GridWorldOracle implements Policy<Action, Observation, GridState> {

    @Override
    public Action act(Step<Observation> last, GridState state) {
        List<Move> path = Grid.of(state.layout()).shortestPath(state.agent());
        if (path == null || path.isEmpty()) {
            throw new IllegalStateException("the goal cannot be reached from " + state.agent());
        }
        return new Action(path.getFirst().wireName());
    }
}
