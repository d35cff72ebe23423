package io.openenv4j.core;

/**
 * An environment: the simulation an agent acts in, driven through {@link #reset}, {@link #step} and
 * {@link #state}.
 *
 * <p>Lifecycle: an instance is created by its {@link EnvSpec#factory() factory} for exactly one session,
 * receives any number of episodes ({@code reset} followed by {@code step}s), and is {@link #close()
 * closed} once when the session ends. Calling {@code step} before the first {@code reset} is allowed by
 * the protocol; what it does is up to the environment (most return an observation or throw an
 * {@link EnvironmentException}).
 *
 * <p>Thread-safety: the server never calls one instance from two threads at once, and every call
 * happens-before the next, so implementations need no locking of their own. Calls may come from
 * different (virtual) threads; an environment must not rely on thread identity.
 *
 * <p>Failures: any runtime exception thrown by {@code reset}, {@code step} or {@code state} is reported to
 * the client as an {@code EXECUTION_ERROR} carrying the exception's message, and the session lives on.
 *
 * @param <A> the action type (a record, or {@code Map<String, Object>} for untyped JSON)
 * @param <O> the observation type (a record, or {@code Map<String, Object>})
 * @param <S> the state type; its JSON form must carry {@code episode_id} and {@code step_count}, which a
 *     record implementing {@link State} does
 */
public interface Environment<A, O, S> extends AutoCloseable {

    /** Starts a new episode and returns its first observation. */
    Step<O> reset(ResetRequest request);

    /** Applies one action and returns what followed. */
    Step<O> step(A action);

    /**
     * Applies one action under options from the caller (a timeout the environment should honour). The
     * default ignores the options; environments that can bound their own work override this.
     */
    default Step<O> step(A action, StepOptions options) {
        return step(action);
    }

    /** The current state: episode id, step count and any environment-specific fields. */
    S state();

    /** Releases what the environment holds. Called once, when its session ends. */
    @Override
    default void close() {}
}
