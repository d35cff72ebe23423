package io.openenv4j.core;

import java.util.Objects;

/**
 * Truncates episodes after a number of steps: the step that reaches the limit comes back with {@code done}
 * set (its observation and reward unchanged), and {@link #truncated()} tells a truncation from the
 * environment's own ending. Gymnasium's {@code TimeLimit}, for environments with no step limit of their own.
 *
 * <pre>{@code
 * () -> new TimeLimit<>(new OrderEnforcing<>(new MyEnvironment()), 200)
 * }</pre>
 *
 * <p>Steps after the limit go to the wrapped environment as they would without the wrapper; wrap it in
 * {@link OrderEnforcing} (inside or outside) to refuse them.
 */
public final class TimeLimit<A, O, S> implements Environment<A, O, S> {

    private final Environment<A, O, S> inner;
    private final long maxSteps;
    private long steps;
    private boolean truncated;

    /** Ends every episode of {@code inner} after at most {@code maxSteps} steps ({@code >= 1}). */
    public TimeLimit(Environment<A, O, S> inner, long maxSteps) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
    }

    @Override
    public Step<O> reset(ResetRequest request) {
        Step<O> first = inner.reset(request);
        steps = 0;
        truncated = false;
        return first;
    }

    @Override
    public Step<O> step(A action) {
        return limited(inner.step(action));
    }

    @Override
    public Step<O> step(A action, StepOptions options) {
        return limited(inner.step(action, options));
    }

    private Step<O> limited(Step<O> next) {
        steps++;
        if (!next.done() && steps >= maxSteps) {
            truncated = true;
            return Step.of(next.observation(), next.reward(), true);
        }
        return next;
    }

    /** Whether the current episode was ended by this limit rather than by the environment. */
    public boolean truncated() {
        return truncated;
    }

    /** The limit. */
    public long maxSteps() {
        return maxSteps;
    }

    @Override
    public S state() {
        return inner.state();
    }

    @Override
    public void close() {
        inner.close();
    }

    /** The wrapped environment. */
    public Environment<A, O, S> unwrapped() {
        return inner;
    }
}
