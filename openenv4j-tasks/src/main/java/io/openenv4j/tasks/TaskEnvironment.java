package io.openenv4j.tasks;

import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;

/**
 * An environment whose episodes play tasks from a dataset. It is served through {@link TaskBinding#wrap},
 * which chooses the task at reset (never at step) and hands it over here whole, hidden fields included.
 * The environment may use the hidden fields to check answers and report them in its {@link
 * io.openenv4j.core.Outcome}; it must not put them in observations or state, and the binding refuses to send
 * anything to the agent that contains them.
 *
 * <p>Lifecycle and thread-safety are {@link Environment}'s.
 */
public interface TaskEnvironment<A, O, S> extends Environment<A, O, S> {

    /**
     * Starts an episode on {@code task}. {@code request} carries the seed, the episode id and the reset
     * options that are not task selection (those are removed).
     */
    Step<O> reset(ResetRequest request, Task task);

    /** Without a task there is nothing to play: serve the environment through {@link TaskBinding#wrap}. */
    @Override
    default Step<O> reset(ResetRequest request) {
        throw new EnvironmentException("this environment plays tasks from a dataset: serve it bound to a task source"
                + " (TaskBinding.wrap, or 'openenv4j serve <env> --tasks <dir>')");
    }
}
