package io.openenv4j.core;

/**
 * Whether an environment's calls ({@code reset}, {@code step}, {@code state}, tool calls) may block the
 * thread that makes them. A hint for servers: they may run the calls of a {@link #NON_BLOCKING}
 * environment directly on their I/O threads, which saves two thread hand-offs per message; calls of a
 * {@link #BLOCKING} environment run on a thread of their own (a virtual thread in OpenEnv4j's server).
 * The environment's factory and {@code close} may block either way.
 */
public enum Execution {
    /** Calls may wait: sleep, file or network I/O, locks, subprocesses, long computations. The default. */
    BLOCKING,
    /**
     * Calls are short computations on memory only (a game, a simulation step, an echo) that return
     * within well under a millisecond. A server that runs them on an I/O thread watches the promise: a
     * session whose calls overrun it is moved to the blocking path.
     */
    NON_BLOCKING
}
