package io.openenv4j.envs.terminal;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;
import io.openenv4j.envs.terminal.TerminalEnvironment.Action;
import io.openenv4j.envs.terminal.TerminalEnvironment.Observation;
import io.openenv4j.envs.terminal.TerminalEnvironment.TerminalState;

/**
 * Types the task's solution: one command that meets the goal, so every built-in task is solved in one step
 * (return 1). Reads the task's name from the state. Stateless and thread-safe.
 */
public final class TerminalOracle implements Policy<Action, Observation, TerminalState> {

    @Override
    public Action act(Step<Observation> last, TerminalState state) {
        if (state.task() == null) {
            throw new EnvironmentException("the oracle needs a task; this episode has none");
        }
        return new Action(TerminalTask.find(state.task()).orElseThrow().solution());
    }
}
