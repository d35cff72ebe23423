package io.openenv4j.server.internal;

import io.openenv4j.core.Environment;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session: a pooled environment instance and the serial executor all its calls run on. Created by
 * {@link SessionPool#reserve}, ended by {@link SessionPool#destroy}.
 */
final class Session<A, O, S> {

    /** How the session was opened; decides who may close it. */
    enum Kind {
        WEBSOCKET,
        MCP_WEBSOCKET,
        MCP_HTTP,
        MCP_STREAMABLE
    }

    final String id;
    final Kind kind;
    final SerialExecutor executor = new SerialExecutor();
    final AtomicBoolean ended = new AtomicBoolean();
    /** Opens once the session is over: its environment closed (or never opened) and its slot freed. */
    final CountDownLatch closed = new CountDownLatch(1);
    /**
     * Whether a {@code /ws?session_id=…} socket is attached to this (HTTP MCP) session: it then shares the
     * session's environment and slot, and the session is not reaped for being idle.
     */
    final AtomicBoolean attached = new AtomicBoolean();
    /** Set by {@code openenv/session/close} while a socket is attached: the session ends when it detaches. */
    volatile boolean closeWhenDetached;
    /** The session's current episode, as the trainer channel and the reward provider see it. */
    final Scoring.Track track;

    private volatile Environment<A, O, S> environment;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean ready;
    /** Set by {@link InlineCalls} when this session's calls overran the event loop's budget. */
    volatile boolean demoted;
    /** Calls made on the event loop, and how many of them overran the budget; confined to the event loop. */
    long inlineCalls;

    int strikes;
    /** Messages since this session was moved to virtual threads; confined to the event loop. */
    int callsSinceDemotion;

    Session(String id, Kind kind) {
        this.id = id;
        this.kind = kind;
        this.track = new Scoring.Track(id);
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastActivityNanos;
    }

    /** Whether a request is running or queued. */
    boolean busy() {
        return executor.busy();
    }

    void opened(Environment<A, O, S> env) {
        environment = env;
        ready = true;
    }

    boolean ready() {
        return ready;
    }

    /** The environment; only valid once the session is ready. */
    Environment<A, O, S> environment() {
        return environment;
    }

    /**
     * Runs {@code work} on this session's executor and waits for it; runs it in place when already on it.
     * Call from a virtual thread.
     */
    <T> T call(Callable<T> work) throws Exception {
        if (executor.inExecutor()) {
            return work.call();
        }
        var future = new CompletableFuture<T>();
        executor.execute(() -> {
            try {
                future.complete(work.call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
