package io.openenv4j.server.internal;

import io.openenv4j.wire.WireError;

/**
 * The engine's answer to a {@link Command}; a transport encodes it (a frame, an HTTP body, a batch entry)
 * and renders a failure with {@link io.openenv4j.wire.WireErrors}. Transport-free.
 *
 * @param <O> the observation type
 * @param <S> the state type
 */
sealed interface Reply<O, S> {

    /** The step a reset or step produced, after the episode hooks (a provider's reward in it). */
    record Stepped<O, S>(io.openenv4j.core.Step<O> step) implements Reply<O, S> {}

    /** The environment's state. */
    record StateOf<O, S>(S state) implements Reply<O, S> {}

    /** The session was ended by the command; nothing to send. */
    record Closed<O, S>() implements Reply<O, S> {}

    /** The command failed; the session goes on (or, for a refusal, never started). */
    record Failed<O, S>(WireError error) implements Reply<O, S> {}

    /**
     * The call ran past the server's step timeout and was cancelled; {@code error} is what a socket is told
     * (an HTTP route answers 504).
     */
    record TimedOut<O, S>(WireError error) implements Reply<O, S> {}
}
