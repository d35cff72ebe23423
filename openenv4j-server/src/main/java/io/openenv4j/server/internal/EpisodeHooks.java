package io.openenv4j.server.internal;

import io.openenv4j.core.Environment;
import io.openenv4j.core.Step;
import tools.jackson.databind.JsonNode;

/**
 * What the server does around each episode's resets and steps, whatever the transport: today the trainer
 * channel's records, a reward provider's reward and the trajectory file ({@link Scoring}). Called on the
 * session's executor, right after the environment's call.
 */
interface EpisodeHooks<A, O, S> {

    /** After a reset: starts a new episode; returns the step to send. */
    Step<O> afterReset(Scoring.Track track, Environment<A, O, S> env, Step<O> step);

    /**
     * After a step: records it; returns the step to send (its reward possibly replaced).
     *
     * @param action the action as the client sent it
     * @throws Scoring.Failure when the step's reward could not be had; the step was taken
     */
    Step<O> afterStep(Scoring.Track track, Environment<A, O, S> env, JsonNode action, Step<O> step);

    /** Whether the hooks block (a provider's network round trip), which rules out running calls on an event loop. */
    boolean blocks();
}
