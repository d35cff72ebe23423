package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's sessions and their capacity. A slot is taken by {@link #reserve} and given back only once
 * the session's environment is closed, so the pool never holds more live instances than its limit.
 * Thread-safe.
 */
final class SessionPool<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);

    private final EnvSpec<A, O, S> spec;
    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<String, Session<A, O, S>> sessions = new ConcurrentHashMap<>();
    private int taken;

    /** The share of the heap in use above which new sessions are refused ({@code 1}: no guard). */
    private final double maxHeapUse;

    private volatile boolean lowOnMemory;
    /** Set once the server drains (before a shutdown): no new sessions, the open ones run on. */
    private volatile boolean draining;

    SessionPool(EnvSpec<A, O, S> spec, int max) {
        this(spec, max, 1.0);
    }

    SessionPool(EnvSpec<A, O, S> spec, int max, double maxHeapUse) {
        this.spec = spec;
        this.max = max;
        this.maxHeapUse = maxHeapUse;
    }

    /**
     * What a refused client is told: {@code CAPACITY_REACHED} with the real number of slots held, saying
     * whether the pool is full or the server is low on memory.
     */
    io.openenv4j.wire.WireError refusal() {
        var full = io.openenv4j.wire.WireError.capacity(active(), max);
        if (draining) {
            return new io.openenv4j.wire.WireError(
                    full.code(),
                    "Server draining: " + active() + "/" + max + " sessions active. Cannot accept new connections.",
                    full.extras());
        }
        if (!lowOnMemory) {
            return full;
        }
        return new io.openenv4j.wire.WireError(
                full.code(),
                "Server low on memory: " + active() + "/" + max + " sessions active. Cannot accept new connections.",
                full.extras());
    }

    /** Whether the heap, as the last collection left it, is fuller than the guard allows. */
    private boolean heapTooFull() {
        if (maxHeapUse >= 1.0) {
            return false;
        }
        boolean tooFull = HeapUse.afterLastCollection() > maxHeapUse;
        lowOnMemory = tooFull;
        if (tooFull) {
            LOG.warn("refusing a new session: more than {}% of the heap in use", Math.round(maxHeapUse * 100));
        }
        return tooFull;
    }

    int max() {
        return max;
    }

    /** Sessions holding a slot (including ones being opened or closed). */
    int active() {
        lock.lock();
        try {
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** From now on {@link #reserve} refuses; stateless calls still get their throw-away instance. */
    void drain() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    /** A new session holding a slot, or {@code null} when the pool is full, draining (or the heap too full). */
    Session<A, O, S> reserve(Session.Kind kind) {
        if (draining || !take()) {
            return null;
        }
        var session = new Session<A, O, S>(UUID.randomUUID().toString(), kind);
        sessions.put(session.id, session);
        return session;
    }

    /**
     * Takes a slot for a throw-away environment instance (the stateless HTTP routes, session-less MCP
     * calls), so that {@code --max-sessions} bounds every live instance; give it back with {@link
     * #releaseTransient()} once the instance is closed.
     *
     * @return false when the pool is full
     */
    boolean acquireTransient() {
        return take();
    }

    /** Takes a slot unless the pool is full or the memory guard refuses. */
    private boolean take() {
        lowOnMemory = false;
        if (heapTooFull()) {
            return false;
        }
        lock.lock();
        try {
            if (taken >= max) {
                return false;
            }
            taken++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void releaseTransient() {
        release();
    }

    /**
     * Runs the factory for {@code session} on its executor and waits. On failure the session is ended, its
     * slot freed, and the factory's exception thrown.
     */
    void open(Session<A, O, S> session) throws Exception {
        try {
            Environment<A, O, S> env = session.call(() -> spec.factory().create());
            if (env == null) {
                throw new IllegalStateException("the factory returned null");
            }
            session.opened(env);
            LOG.atDebug()
                    .addKeyValue("session", session.id)
                    .addKeyValue("kind", session.kind)
                    .log("session opened");
        } catch (Exception e) {
            // If the session was destroyed meanwhile, its close task frees the slot instead.
            if (session.ended.compareAndSet(false, true)) {
                sessions.remove(session.id);
                release();
                session.closed.countDown();
            }
            throw e;
        }
    }

    Session<A, O, S> find(String id) {
        return id == null ? null : sessions.get(id);
    }

    Collection<Session<A, O, S>> all() {
        return List.copyOf(sessions.values());
    }

    /**
     * Ends a session: once any running call finishes, closes its environment on its executor and frees the
     * slot. Idempotent.
     *
     * @return a latch that opens when the environment is closed, also when another caller ended the session
     */
    CountDownLatch destroy(Session<A, O, S> session) {
        if (session.ended.compareAndSet(false, true)) {
            closeOnExecutor(session);
        }
        return session.closed;
    }

    /**
     * Ends a session whose client is gone: as {@link #destroy}, and the call running now is interrupted, so
     * that the environment is closed and the slot freed within moments instead of after the step. A session
     * already ending is left alone: the call running then is its environment's close, which must finish (an
     * interrupted sandbox close would leave its folders and processes behind).
     */
    CountDownLatch abandon(Session<A, O, S> session) {
        if (session.ended.compareAndSet(false, true)) {
            // Interrupt first, then queue the close: the interrupt can only reach the call running now, and the
            // executor clears the flag before the next task.
            session.executor.interruptRunning();
            closeOnExecutor(session);
        }
        return session.closed;
    }

    private void closeOnExecutor(Session<A, O, S> session) {
        CountDownLatch closed = session.closed;
        session.executor.execute(() -> {
            try {
                if (session.ready()) {
                    session.environment().close();
                }
            } catch (Throwable t) {
                LOG.atWarn().addKeyValue("session", session.id).setCause(t).log("closing the environment failed");
            } finally {
                sessions.remove(session.id);
                release();
                closed.countDown();
                LOG.atDebug()
                        .addKeyValue("session", session.id)
                        .addKeyValue("kind", session.kind)
                        .log("session closed");
            }
        });
    }

    /** Ends every session and waits up to {@code millis} for their environments to close. */
    void destroyAll(long millis) {
        var latches = all().stream().map(this::destroy).toList();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (CountDownLatch latch : latches) {
            try {
                latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void release() {
        lock.lock();
        try {
            taken--;
        } finally {
            lock.unlock();
        }
    }
}
