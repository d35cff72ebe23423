package io.openenv4j.envs.upstream;

import io.openenv4j.core.Environment;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.StepOptions;
import java.util.Objects;

/**
 * One of our environments seen through the action, observation and state classes of its counterpart in the
 * reference repository, so that the reference's typed client for that environment drives it unchanged. The game
 * is ours (rules, seeds, rewards); only the shapes on the wire are the reference's.
 *
 * <p>A subclass translates one action inward and the inner environment's step and state outward. The inner
 * environment stays the source of truth: a flavour keeps no game state of its own beyond what a reference
 * shape counts (for example how many fruits were eaten).
 *
 * @param <A0> our action
 * @param <O0> our observation
 * @param <S0> our state
 * @param <A> the reference's action
 * @param <O> the reference's observation
 * @param <S> the reference's state
 */
public abstract class Reshaped<A0, O0, S0, A, O, S> implements Environment<A, O, S> {

    /** What a served flavour's name ends with: {@code chess@openenv} is {@code chess} in the reference's shapes. */
    public static final String SUFFIX = "@openenv";

    private final Environment<A0, O0, S0> inner;

    protected Reshaped(Environment<A0, O0, S0> inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The action of ours that {@code action} means. */
    protected abstract A0 inward(A action);

    /** The reference's observation of {@code step}, an inner reset ({@code reset} true) or step. */
    protected abstract O outward(Step<O0> step, boolean reset);

    /** The reference's state for our {@code state}. */
    protected abstract S outwardState(S0 state);

    /** Adjusts the reset request before the inner environment sees it (defaults it, for example). */
    protected ResetRequest inwardReset(ResetRequest request) {
        return request;
    }

    /** The inner environment's current state, for translations that need more than the observation. */
    protected final S0 innerState() {
        return inner.state();
    }

    @Override
    public final Step<O> reset(ResetRequest request) {
        Step<O0> step = inner.reset(inwardReset(request));
        return new Step<>(outward(step, true), step.reward(), step.done());
    }

    @Override
    public final Step<O> step(A action) {
        return step(action, StepOptions.none());
    }

    @Override
    public final Step<O> step(A action, StepOptions options) {
        Step<O0> step = inner.step(inward(action), options);
        return new Step<>(outward(step, false), step.reward(), step.done());
    }

    @Override
    public final S state() {
        return outwardState(inner.state());
    }

    @Override
    public void close() {
        inner.close();
    }
}
