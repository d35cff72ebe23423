package io.openenv4j.core;

/**
 * Chooses actions: an oracle that shows an environment's best return, a baseline, a scripted opponent. A
 * policy sees the last step and the state, which is more than an agent sees over the wire, so an oracle
 * may use what the state reveals (a solution, a hidden word) to prove the reward ceiling is reachable.
 *
 * <p>Implementations may keep memory between calls; use one instance per episode unless documented
 * otherwise.
 */
@FunctionalInterface
public interface Policy<A, O, S> {

    /** The next action, given the step just taken (the reset's, at first) and the current state. */
    A act(Step<O> last, S state);
}
