package io.openenv4j.client;

/**
 * What a {@link VectorEnvClient} does with an environment whose episode ended, as Gymnasium's vector API
 * defines it ({@code gymnasium.vector.AutoresetMode}). The server never resets by itself; the client sends
 * the resets these modes call for.
 */
public enum AutoresetMode {
    /**
     * Gymnasium's default: the step that ends an episode returns its last observation; the next {@code step}
     * ignores that environment's action, resets it instead and returns the new episode's first observation
     * with reward 0 and {@code done} false ({@link VectorResult.Stepped#autoreset()} is true).
     */
    NEXT_STEP,
    /**
     * The step that ends an episode resets the environment at once: it returns the new episode's first
     * observation with the last step's reward and {@code done} true, and the last step itself in {@link
     * VectorResult.Stepped#finalStep()} (Gymnasium's {@code final_obs}).
     */
    SAME_STEP,
    /**
     * No automatic resets: the caller resets ended environments with {@link VectorEnvClient#reset(java.util.List)}
     * (Gymnasium's {@code reset_mask}); stepping an ended environment is that environment's error.
     */
    DISABLED
}
