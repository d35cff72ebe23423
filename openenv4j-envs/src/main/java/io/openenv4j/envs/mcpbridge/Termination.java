package io.openenv4j.envs.mcpbridge;

import io.openenv4j.core.ToolResult;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides when a bridged episode is over. MCP servers know nothing of episodes, so {@code done} comes from
 * here. Independently of this policy, an episode also ends when its MCP session is lost (the server
 * process died, the HTTP session expired), since no later step could succeed.
 *
 * <pre>{@code
 * Termination.stepBudget(20).or(Termination.whenResult(result -> result.content().toString().contains("solved")))
 * }</pre>
 *
 * <p>Implementations are called from the environment's thread, once per step, and should be stateless
 * (one instance serves every session).
 */
@FunctionalInterface
public interface Termination {

    /** Whether the episode ends with this step. */
    boolean done(Transition transition);

    /** Episodes never end by themselves (the default). */
    static Termination never() {
        return transition -> false;
    }

    /**
     * Episodes end after {@code maxSteps} steps (tool listings included).
     *
     * @throws IllegalArgumentException when {@code maxSteps} is not positive
     */
    static Termination stepBudget(long maxSteps) {
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
        }
        return transition -> transition.stepCount() >= maxSteps;
    }

    /** Episodes end at the first tool result (error results included) that matches {@code predicate}. */
    static Termination whenResult(Predicate<ToolResult> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return transition -> transition.result().map(predicate::test).orElse(false);
    }

    /** Ends the episode when this or {@code other} says so. */
    default Termination or(Termination other) {
        Objects.requireNonNull(other, "other");
        return transition -> done(transition) || other.done(transition);
    }
}
