package io.openenv4j.core;

import java.util.Optional;

/**
 * An environment that reports structured {@link Outcome}s for external scoring. The server never puts
 * an outcome on the agent's wire (observations, state, MCP tools): it is read in-process by a trainer, a
 * rubric or a reward provider, so unmodified reference clients see exactly what they saw before. The
 * environment's own scalar reward in {@link Step#reward()} is unaffected.
 *
 * <p>Thread-safety: as the environment's other methods (one caller at a time).
 */
public interface OutcomeReporting {

    /** The outcome of the current episode so far, or empty before the first reset. */
    Optional<Outcome> outcome();
}
