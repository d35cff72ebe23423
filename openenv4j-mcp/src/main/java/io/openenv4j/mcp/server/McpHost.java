package io.openenv4j.mcp.server;

import io.openenv4j.core.Environment;
import io.openenv4j.wire.WireError;

/**
 * What {@link McpServer} needs of the server that holds the sessions: opening, finding and ending sessions,
 * running work on a session's environment (one call at a time) or on a throw-away instance, and the wire
 * errors for refusals. OpenEnv4j's server implements it over its session engine; nothing here knows a
 * transport. Blocking methods are called from virtual threads.
 */
public interface McpHost {

    /** How a session was opened; decides who may address and close it. */
    enum Kind {
        /** Owned by a WebSocket ({@code /ws}, {@code /mcp}); closed by its socket. */
        SOCKET,
        /** Opened by the dialect's {@code openenv/session/create}; closed by {@code openenv/session/close}. */
        DIALECT,
        /** A spec MCP session ({@code Mcp-Session-Id}); addressable by that protocol only. */
        SPEC
    }

    /** A session could not be opened, or a throw-away instance had no slot or could not be made. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient WireError error;

        /** {@code cause}: the factory's failure, or {@code null} (capacity). */
        public Refused(WireError error, Throwable cause) {
            super(error.message(), cause, false, false);
            this.error = error;
        }

        /** The wire error to answer with (capacity, factory). */
        public WireError error() {
            return error;
        }
    }

    /** Work on an environment. */
    @FunctionalInterface
    interface EnvWork<T> {
        T apply(Environment<?, ?, ?> env) throws Exception;
    }

    /** One session of the host: an environment instance and the queue its calls run on, one at a time. */
    interface Session {

        String id();

        Kind kind();

        /** Whether its environment is made (a session opened by a socket is usable before that). */
        boolean ready();

        /** Whether it ended: closed, reaped or shut down. */
        boolean ended();

        /** Marks activity, for idle reaping. */
        void touch();

        /**
         * Queues {@code task} behind the session's calls; it runs alone, after every call queued before it. The
         * task may be interrupted while it runs (a tool call given up); that interrupt must not reach later tasks.
         */
        void execute(Runnable task);

        /** The session's environment; use it only from work the session runs ({@link #execute}, {@link #call}). */
        Environment<?, ?, ?> environment();

        /** Runs {@code work} on the environment in the session's turn and waits for it (in place when already there). */
        <T> T call(EnvWork<T> work) throws Exception;
    }

    /** Opens a session of {@code kind} (a slot, then its environment, waiting). */
    Session open(Kind kind) throws Refused;

    /** The session with this id, or {@code null}; may have ended. */
    Session find(String id);

    /** Ends a session once its running call finishes. Idempotent. */
    void end(Session session);

    /**
     * Ends a {@link Kind#DIALECT} session for {@code openenv/session/close}, or, while a {@code /ws} socket is
     * attached to it, marks it to end when that socket leaves.
     *
     * @return whether it ended now ({@code false}: it ends when the socket leaves)
     */
    boolean endOrDefer(Session session);

    /**
     * Runs {@code work} on a throw-away instance holding a slot, then closes it.
     *
     * @throws Refused capacity (no cause), or the factory failed (its exception the cause)
     */
    <T> T withFresh(EnvWork<T> work) throws Exception;

    /** What a client is told when an environment could not be made (or made ready). */
    WireError factoryFailure();
}
