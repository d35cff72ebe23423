package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Execution;
import io.vertx.core.Context;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the calls of an environment that declares {@link Execution#NON_BLOCKING} on the event loop that read
 * the frame, instead of handing them to a virtual thread and the reply back to the event loop: two thread
 * wake-ups fewer per message (docs/performance.md). Only when the session's executor is idle, so the order
 * of a session's calls and their mutual exclusion are those of the executor.
 *
 * <p>The safety net: a call that runs longer than the budget (1 ms, {@code -Dopenenv4j.inline.budget-ms})
 * is a strike against its session. When {@value #STRIKES} of its calls, and more than 1% of them, were
 * strikes, or one call took longer than {@value #AT_ONCE_FACTOR}× the budget, the session moves to the
 * virtual-thread path and a warning is logged (once per server); after {@value #PROBATION} calls there it
 * is tried on the event loop again, so a session moved by mere preemption on an overloaded machine comes
 * back, and one whose environment really blocks costs the event loop a few slow calls per {@value
 * #PROBATION}. An environment that blocks thus
 * holds up the other sockets of its event loop for a few calls, or for about 1% of its calls' time when it
 * blocks only now and then; the 1% absorbs first-call initialisation and preemption on a busy machine, which
 * any session sees now and then, and a call during which a garbage collection paused the JVM is no strike
 * at all. Wall-clock time is what other sockets wait, so that is what is
 * measured. Turned off with {@code -Dopenenv4j.inline=false}.
 */
final class InlineCalls {

    private static final Logger LOG = LoggerFactory.getLogger(InlineCalls.class);
    static final int STRIKES = 10;
    static final int AT_ONCE_FACTOR = 50;
    /** Calls a moved session makes on virtual threads before it is tried on the event loop again. */
    static final int PROBATION = 10_000;

    static final long BUDGET_NANOS = TimeUnit.MICROSECONDS.toNanos(
            Math.round(1000 * Double.parseDouble(System.getProperty("openenv4j.inline.budget-ms", "1"))));
    private static final boolean ALLOWED = !"false".equals(System.getProperty("openenv4j.inline"));

    private static volatile WeakReference<Object> canary = new WeakReference<>(new Object());

    private final boolean enabled;
    private final String envName;
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param blockingExtras whether the server adds blocking work to each call (a reward provider's round
     *     trip), which rules the event loop out whatever the environment declares
     */
    InlineCalls(EnvSpec<?, ?, ?> spec, boolean blockingExtras) {
        this.enabled = ALLOWED && spec.execution() == Execution.NON_BLOCKING && !blockingExtras;
        this.envName = spec.metadata().name();
    }

    /**
     * Whether {@code session}'s next call may run on the event loop; counts the calls of a moved session
     * and gives it another chance after {@value #PROBATION} of them. Call from the event loop, once per
     * message.
     */
    boolean allows(Session<?, ?, ?> session) {
        if (!enabled) {
            return false;
        }
        if (session.demoted) {
            if (++session.callsSinceDemotion < PROBATION) {
                return false;
            }
            session.demoted = false;
            session.strikes = 0;
            session.inlineCalls = 0;
        }
        return Context.isOnEventLoopThread();
    }

    /**
     * Runs {@code task} here when the session may run inline and its executor is idle; returns whether it
     * did. Call from the event loop after {@link #allows}.
     */
    boolean tryRun(Session<?, ?, ?> session, Runnable task) {
        WeakReference<Object> gc = canary();
        long start = System.nanoTime();
        if (!session.executor.runHereIfIdle(task)) {
            return false;
        }
        long took = System.nanoTime() - start;
        // A collection pause stops every thread alike; moving the session would not help, so it is no strike.
        session.inlineCalls++;
        if (took > BUDGET_NANOS && !gc.refersTo(null)) {
            strike(session, took);
        }
        return true;
    }

    /**
     * A weakly held object that the next collection clears (it lives in the young generation and nothing
     * else refers to it): a call during which it was cleared was paused by a collection. Renewed when found
     * cleared; a race between two event loops renewing it only costs an extra object.
     */
    private static WeakReference<Object> canary() {
        WeakReference<Object> current = canary;
        if (current.refersTo(null)) {
            current = new WeakReference<>(new Object());
            canary = current;
        }
        return current;
    }

    private void strike(Session<?, ?, ?> session, long tookNanos) {
        session.strikes++;
        boolean often = session.strikes >= Math.max(STRIKES, session.inlineCalls / 100);
        if (!often && tookNanos < AT_ONCE_FACTOR * BUDGET_NANOS) {
            return;
        }
        session.demoted = true;
        session.callsSinceDemotion = 0;
        double millis = tookNanos / 1e6;
        if (warned.compareAndSet(false, true)) {
            LOG.warn(
                    "environment '{}' declares NON_BLOCKING but a call of session {} took {} ms on the event loop; "
                            + "that session's calls run on virtual threads for its next " + PROBATION
                            + " calls (logged once; others at debug level)",
                    envName,
                    session.id,
                    String.format(java.util.Locale.ROOT, "%.1f", millis));
        } else {
            LOG.debug("session {} moved to virtual threads: a call took {} ms", session.id, millis);
        }
    }
}
