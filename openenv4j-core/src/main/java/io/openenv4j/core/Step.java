package io.openenv4j.core;

import java.util.Objects;

/**
 * What {@code reset} or {@code step} returns: the observation, the reward (or {@code null} when the
 * environment gives none for this step) and whether the episode is over.
 *
 * @param observation what the agent sees; never {@code null}
 * @param reward the reward for the step, or {@code null}; must be finite when present
 * @param done whether the episode has ended (terminated or truncated)
 */
public record Step<O>(O observation, Double reward, boolean done) {

    public Step {
        Objects.requireNonNull(observation, "observation");
        if (reward != null && !Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite, got " + reward);
        }
    }

    /** An observation with no reward that does not end the episode. */
    public static <O> Step<O> of(O observation) {
        return new Step<>(observation, null, false);
    }

    public static <O> Step<O> of(O observation, Double reward, boolean done) {
        return new Step<>(observation, reward, done);
    }
}
