package io.openenv4j.envs.mcpbridge;

import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a bridged episode, as {@link Termination} and {@link RewardPolicy} see it.
 *
 * @param action what the agent did
 * @param observation what followed: a tool list, or a call's outcome
 * @param stepCount steps taken in the episode, this one included
 */
public record Transition(ToolAction action, ToolObservation observation, long stepCount) {

    public Transition {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(observation, "observation");
    }

    /** The tool's result, when the step called a tool and the call was made (an error result included). */
    public Optional<ToolResult> result() {
        return observation instanceof ToolObservation.ToolCallOutcome outcome
                ? Optional.ofNullable(outcome.result())
                : Optional.empty();
    }

    /** Whether the step called a tool, the call was made, and the tool did not report an error. */
    public boolean succeeded() {
        return result().map(result -> !result.isError()).orElse(false);
    }
}
