package io.openenv4j.server.internal;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.StepOptions;
import tools.jackson.databind.JsonNode;

/**
 * What a transport asks of a session's environment, already decoded: the engine's input ({@link
 * SessionEngine#run}). Transport-free.
 *
 * @param <A> the action type
 */
sealed interface Command<A> {

    /** Starts a new episode. */
    record Reset<A>(ResetRequest request) implements Command<A> {}

    /**
     * Takes one step.
     *
     * @param sent the action as the client sent it (what the episode hooks record)
     */
    record Step<A>(A action, JsonNode sent, StepOptions options) implements Command<A> {}

    /** Reads the environment's state. */
    record State<A>() implements Command<A> {}

    /** Ends the session: queued work behind it is dropped, the environment closed. */
    record Close<A>() implements Command<A> {}
}
