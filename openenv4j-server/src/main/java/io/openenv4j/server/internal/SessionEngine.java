package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.wire.InvalidInputException;
import io.openenv4j.wire.WireError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session engine under every transport: it opens sessions (or refuses with the wire error), runs a
 * session's {@link Command}s on its environment and answers {@link Reply}s, runs stateless calls on
 * throw-away instances, finds idle sessions and ends them all at shutdown. The {@link EpisodeHooks} see every
 * reset and step. It knows nothing of sockets, HTTP or JSON-RPC (no Vert.x import: {@code
 * SessionEngineLayeringTest}); a transport decodes, calls the engine and encodes (docs/architecture.md).
 * Thread-safe; {@link #run} is called on the session's executor.
 */
final class SessionEngine<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEngine.class);

    /** What a socket is told when a call of its session ignored the step timeout's interrupt. */
    static final WireError STUCK = WireError.session("The environment call ran past the server's step "
            + "timeout and did not stop when cancelled; the session is closed");

    /** The same, for a socket driving a group of environments ({@code /ws/batch}). */
    static final WireError GROUP_STUCK = WireError.session("An environment call ran past the server's "
            + "step timeout and did not stop when cancelled; the batch socket is closed");

    /** A session could not be opened, or an instance had no slot or could not be made: {@link #error()} says why. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient WireError error;

        Refused(WireError error, Throwable cause) {
            super(error.message(), cause, false, false);
            this.error = error;
        }

        WireError error() {
            return error;
        }
    }

    /** Work on a throw-away instance. */
    @FunctionalInterface
    interface EnvWork<A, O, S, T> {
        T apply(Environment<A, O, S> env) throws Exception;
    }

    private final EnvSpec<A, O, S> spec;
    private final SessionPool<A, O, S> pool;
    private final EpisodeHooks<A, O, S> hooks;
    private final StepTimeout steps;

    SessionEngine(EnvSpec<A, O, S> spec, SessionPool<A, O, S> pool, EpisodeHooks<A, O, S> hooks, Duration stepTimeout) {
        this.spec = spec;
        this.pool = pool;
        this.hooks = hooks;
        this.steps = new StepTimeout(stepTimeout);
    }

    EnvSpec<A, O, S> spec() {
        return spec;
    }

    EpisodeHooks<A, O, S> hooks() {
        return hooks;
    }

    /** What a client is told when an environment could not be made (or made ready). */
    WireError factoryFailure() {
        return WireError.factory(spec.factoryName(), null);
    }

    // --- opening and ending sessions ---

    /** Takes a slot for a new session of {@code kind}; its environment is made by {@link #start}. */
    Session<A, O, S> reserve(Session.Kind kind) throws Refused {
        Session<A, O, S> session = pool.reserve(kind);
        if (session == null) {
            throw new Refused(pool.refusal(), null);
        }
        return session;
    }

    /**
     * Takes {@code count} slots at once, or none: the refusal counts the sessions of others, since this
     * group's slots are given back.
     */
    List<Session<A, O, S>> reserveGroup(int count, Session.Kind kind) throws Refused {
        var members = new ArrayList<Session<A, O, S>>(count);
        for (int i = 0; i < count; i++) {
            Session<A, O, S> session = pool.reserve(kind);
            if (session == null) {
                int others = pool.active() - members.size();
                members.forEach(pool::destroy);
                throw new Refused(members.isEmpty() ? pool.refusal() : WireError.capacity(others, pool.max()), null);
            }
            members.add(session);
        }
        return members;
    }

    /**
     * Makes a reserved session's environment (on its executor, waiting); on failure the session is ended,
     * its slot freed, and the factory error thrown.
     */
    void start(Session<A, O, S> session) throws Refused {
        try {
            pool.open(session);
        } catch (Exception e) {
            LOG.warn("environment factory '{}' failed", spec.factoryName(), e);
            throw new Refused(factoryFailure(), e);
        }
    }

    /**
     * Finds the HTTP MCP session {@code id} for a {@code /ws?session_id=…} socket and marks it attached: the
     * socket then shares its environment and slot. Refused (a session error) for an unknown id, a session
     * still initialising, and a session that already has a socket.
     */
    Session<A, O, S> attach(String id) throws Refused {
        Session<A, O, S> session = pool.find(id);
        String refusal = null;
        if (session == null || session.ended.get() || session.kind == Session.Kind.MCP_STREAMABLE) {
            refusal = "Unknown session_id: " + id;
        } else if (!session.ready()) {
            refusal = "Session " + id + " is still initializing";
        } else if (session.kind != Session.Kind.MCP_HTTP || !session.attached.compareAndSet(false, true)) {
            // A socket's own session has its socket already.
            refusal = "Session " + id + " already has an attached WebSocket";
        }
        if (refusal != null) {
            throw new Refused(WireError.session(refusal), null);
        }
        session.touch();
        return session;
    }

    /** A socket leaves a session it attached to; the session ends now if its close was asked meanwhile. */
    void detach(Session<A, O, S> session) {
        session.touch();
        session.attached.set(false);
        if (session.closeWhenDetached) {
            pool.destroy(session);
        }
    }

    /**
     * Ends an HTTP MCP session for {@code openenv/session/close}, or, while a {@code /ws} socket is attached,
     * marks it to end when the socket leaves.
     *
     * @return whether it ended now
     */
    boolean endOrDefer(Session<A, O, S> session) {
        // The flag is set before the check, and a socket clears its attachment before reading the flag
        // (detach), so one of the two ends it.
        session.closeWhenDetached = true;
        if (session.attached.get()) {
            return false;
        }
        pool.destroy(session);
        return true;
    }

    /** The live session with this id, or {@code null}. */
    Session<A, O, S> find(String id) {
        return pool.find(id);
    }

    /** Ends a session once its running call finishes. Idempotent. */
    void end(Session<A, O, S> session) {
        pool.destroy(session);
    }

    /** How full the engine is: what {@code GET /capacity} reports for session placement across replicas. */
    record Capacity(int max, int active, boolean draining) {
        int free() {
            return draining ? 0 : Math.max(0, max - active);
        }
    }

    Capacity capacity() {
        return new Capacity(pool.max(), pool.active(), pool.draining());
    }

    /** Ends a session whose client is gone: its running call is interrupted (see {@link SessionPool#abandon}). */
    void abandon(Session<A, O, S> session) {
        pool.abandon(session);
    }

    /** Whether {@code session} had no command for {@code idleNanos} and is neither working nor shared with a socket. */
    static boolean idle(Session<?, ?, ?> session, long idleNanos) {
        return !session.ended.get() && !session.attached.get() && !session.busy() && session.idleNanos() >= idleNanos;
    }

    /** The sessions {@link #idle} for {@code idleNanos}: the transports end them, telling their clients why. */
    List<Session<A, O, S>> idleSessions(long idleNanos) {
        return pool.all().stream().filter(session -> idle(session, idleNanos)).toList();
    }

    /** Ends every session and waits up to {@code millis} for their environments to close. */
    void closeAll(long millis) {
        pool.destroyAll(millis);
    }

    // --- commands ---

    /**
     * Runs one command on a ready session's environment and answers it. Call on the session's executor (or
     * inline in its place). {@code stuck} is called (on another thread) when a call ignores the step
     * timeout's interrupt: the transport then ends the session with {@link #STUCK}.
     */
    Reply<O, S> run(Session<A, O, S> session, Command<A> command, Runnable stuck) {
        if (command instanceof Command.Close<A>) {
            // Ended now, so that work queued behind the close is dropped rather than run on the environment.
            pool.destroy(session);
            return new Reply.Closed<>();
        }
        return call(session.environment(), session.track, command, stuck);
    }

    /**
     * Runs one command on a throw-away instance that holds a slot while it lives (the stateless HTTP
     * routes); the instance is closed and the slot given back before this returns. Refused: capacity or the
     * factory's failure, as a {@link Reply.Failed}.
     */
    Reply<O, S> runOnFresh(Command<A> command, Runnable stuck) {
        try {
            return withFresh(env -> call(env, new Scoring.Track(), command, stuck));
        } catch (Refused e) {
            if (e.getCause() != null) {
                LOG.warn("environment factory '{}' failed", spec.factoryName(), e.getCause());
            }
            return new Reply.Failed<>(e.error());
        } catch (Exception e) {
            return new Reply.Failed<>(WireError.execution(e)); // not reached: call() answers every failure
        }
    }

    /**
     * Runs {@code work} on a throw-away instance holding a slot; closes it and gives the slot back.
     *
     * @throws Refused capacity (no cause), or the factory failed (its exception the cause)
     */
    <T> T withFresh(EnvWork<A, O, S, T> work) throws Exception {
        if (!pool.acquireTransient()) {
            throw new Refused(pool.refusal(), null);
        }
        try {
            Environment<A, O, S> env;
            try {
                env = spec.factory().create();
            } catch (Exception e) {
                throw new Refused(factoryFailure(), e);
            }
            try {
                return work.apply(env);
            } finally {
                try {
                    env.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing a stateless environment instance failed", e);
                }
            }
        } finally {
            pool.releaseTransient();
        }
    }

    private Reply<O, S> call(Environment<A, O, S> env, Scoring.Track track, Command<A> command, Runnable stuck) {
        try {
            return switch (command) {
                case Command.Reset<A> reset -> {
                    ResetRequest request = reset.request();
                    yield new Reply.Stepped<>(hooks.afterReset(track, env, steps.run(() -> env.reset(request), stuck)));
                }
                case Command.Step<A> step ->
                    new Reply.Stepped<>(hooks.afterStep(
                            track, env, step.sent(), steps.run(() -> env.step(step.action(), step.options()), stuck)));
                case Command.State<A> ignored -> new Reply.StateOf<>(env.state());
                case Command.Close<A> ignored -> throw new IllegalStateException("close is not a call");
            };
        } catch (InvalidInputException e) {
            return new Reply.Failed<>(WireError.validation(e.issues()));
        } catch (Scoring.Failure e) {
            return new Reply.Failed<>(e.error());
        } catch (StepTimeout.Expired e) {
            return new Reply.TimedOut<>(WireError.execution(e));
        } catch (RuntimeException e) {
            LOG.debug("environment call failed", e);
            return new Reply.Failed<>(WireError.execution(e));
        }
    }
}
