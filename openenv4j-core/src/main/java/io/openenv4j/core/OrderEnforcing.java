package io.openenv4j.core;

import java.util.Objects;

/**
 * Refuses {@code step} before the first {@code reset} and after a step that ended the episode, with the
 * refusals of {@link Episode}; everything else passes through. Gymnasium's wrapper of the same name, for
 * environments that do not keep that order themselves.
 *
 * <pre>{@code
 * EnvSpec.of(metadata, Action.class, Observation.class, MyState.class,
 *         () -> new OrderEnforcing<>(new MyEnvironment()));
 * }</pre>
 */
public final class OrderEnforcing<A, O, S> implements Environment<A, O, S> {

    private final Environment<A, O, S> inner;
    private final Episode episode = new Episode();

    public OrderEnforcing(Environment<A, O, S> inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public Step<O> reset(ResetRequest request) {
        Step<O> first = inner.reset(request);
        episode.begin(request);
        if (first.done()) {
            episode.end();
        }
        return first;
    }

    @Override
    public Step<O> step(A action) {
        episode.advance();
        return noteEnd(inner.step(action));
    }

    @Override
    public Step<O> step(A action, StepOptions options) {
        episode.advance();
        return noteEnd(inner.step(action, options));
    }

    private Step<O> noteEnd(Step<O> next) {
        if (next.done()) {
            episode.end();
        }
        return next;
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
