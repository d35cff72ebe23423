package io.openenv4j.client;

import io.openenv4j.core.Step;
import java.util.Objects;

/**
 * What one environment of a {@link VectorEnvClient} gave for one call: a step (or reset) result, its own
 * error, or nothing because the call left it alone. Errors are per environment: one environment's failure
 * never costs the others their results.
 *
 * @param <O> the observation type
 */
public sealed interface VectorResult<O> {

    /** The environment's index in the group, 0 to {@code size() - 1}. */
    int index();

    /**
     * The environment answered.
     *
     * @param index the environment's index
     * @param step what the server sent: the observation, reward and done flag (under {@link
     *     AutoresetMode#SAME_STEP}, after an ended episode: the new episode's first observation with the
     *     ending step's reward and {@code done} true)
     * @param finalStep under {@link AutoresetMode#SAME_STEP}, the step that ended the episode, before the
     *     environment was reset; else null
     * @param autoreset under {@link AutoresetMode#NEXT_STEP}, whether this entry is the reset of an
     *     environment whose episode ended at the previous step (its action was ignored)
     */
    record Stepped<O>(int index, Step<O> step, Step<O> finalStep, boolean autoreset) implements VectorResult<O> {
        public Stepped {
            Objects.requireNonNull(step, "step");
        }
    }

    /**
     * The environment's call failed; the others' results are unaffected and the group stays usable.
     *
     * @param index the environment's index
     * @param error the server's error for this entry: {@code VALIDATION_ERROR} for an action that does not
     *     validate, {@code EXECUTION_ERROR} for an environment that threw, {@code REWARD_ERROR} for a failed
     *     reward provider
     */
    record Failed<O>(int index, ServerErrorException error) implements VectorResult<O> {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The call left this environment alone (a {@code null} action or reset request).
     *
     * @param index the environment's index
     */
    record Skipped<O>(int index) implements VectorResult<O> {}
}
