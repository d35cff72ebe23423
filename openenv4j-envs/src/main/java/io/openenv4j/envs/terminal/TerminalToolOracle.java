package io.openenv4j.envs.terminal;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.envs.terminal.TerminalToolEnvironment.ToolState;
import java.util.Map;

/**
 * Calls {@code run_command} with the task's one-line solution, so every built-in task is solved in one
 * step (return 1). Reads the task's name from the state. Stateless and thread-safe.
 */
public final class TerminalToolOracle implements Policy<ToolAction, ToolObservation, ToolState> {

    @Override
    public ToolAction act(Step<ToolObservation> last, ToolState state) {
        if (state.task() == null) {
            throw new EnvironmentException("the oracle needs a task; this episode has none");
        }
        return ToolAction.callTool(
                "run_command",
                Map.of("command", TerminalTask.find(state.task()).orElseThrow().solution()));
    }
}
