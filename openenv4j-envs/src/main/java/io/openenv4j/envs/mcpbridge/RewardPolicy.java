package io.openenv4j.envs.mcpbridge;

import io.openenv4j.core.ToolResult;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Gives each bridged step its reward. MCP servers know nothing of rewards, so they come from here.
 *
 * <p>This is where a rubric plugs in once OpenEnv4j's rewards issue lands (the {@code openenv4j-rewards}
 * module: per-step rubrics and their combinators): a rubric that scores a step from its action and
 * observation is a {@code RewardPolicy}, and the adapter from one to the other will live beside it.
 *
 * <p>Implementations are called from the environment's thread, once per step, and should be stateless
 * (one instance serves every session).
 */
@FunctionalInterface
public interface RewardPolicy {

    /** The step's reward, or {@code null} for none; must be finite when present. */
    Double reward(Transition transition);

    /** No rewards (every step's reward is {@code null}; the default). */
    static RewardPolicy none() {
        return transition -> null;
    }

    /** {@code reward} for every successful tool call (made, and not an error result), 0.0 for other steps. */
    static RewardPolicy perSuccessfulCall(double reward) {
        requireFinite(reward);
        return transition -> transition.succeeded() ? reward : 0.0;
    }

    /** {@code reward} when the step's tool result matches {@code predicate}, 0.0 otherwise. */
    static RewardPolicy whenResult(Predicate<ToolResult> predicate, double reward) {
        Objects.requireNonNull(predicate, "predicate");
        requireFinite(reward);
        return transition -> transition.result().map(predicate::test).orElse(false) ? reward : 0.0;
    }

    /** The sum of this policy's reward and {@code other}'s ({@code null} only when both are). */
    default RewardPolicy plus(RewardPolicy other) {
        Objects.requireNonNull(other, "other");
        return transition -> {
            Double a = reward(transition);
            Double b = other.reward(transition);
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            return a + b;
        };
    }

    private static void requireFinite(double reward) {
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite, got " + reward);
        }
    }
}
