package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Execution;
import io.vertx.core.Context;
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
 * is a strike against its session; {@value #STRIKES} strikes, or one call longer than {@value
 * #AT_ONCE_FACTOR}× the budget, move the session to the virtual-thread path for good and log a warning
 * (once per server). A slow environment thus holds up the other sockets of its event loop for at most a few
 * calls, however long it runs; the strikes absorb the odd garbage-collection pause. Turned off with {@code
 * -Dopenenv4j.inline=false}.
 */
final class InlineCalls {

    private static final Logger LOG = LoggerFactory.getLogger(InlineCalls.class);
    static final int STRIKES = 3;
    static final int AT_ONCE_FACTOR = 20;
    static final long BUDGET_NANOS = TimeUnit.MICROSECONDS.toNanos(
            Math.round(1000 * Double.parseDouble(System.getProperty("openenv4j.inline.budget-ms", "1"))));
    private static final boolean ALLOWED = !"false".equals(System.getProperty("openenv4j.inline"));

    private final boolean enabled;
    private final String envName;
    private final AtomicBoolean warned = new AtomicBoolean();

    InlineCalls(EnvSpec<?, ?, ?> spec) {
        this.enabled = ALLOWED && spec.execution() == Execution.NON_BLOCKING;
        this.envName = spec.metadata().name();
    }

    /** Whether {@code session}'s calls may still run on the event loop. */
    boolean allows(Session<?, ?, ?> session) {
        return enabled && !session.demoted && Context.isOnEventLoopThread();
    }

    /**
     * Runs {@code task} here when the session may run inline and its executor is idle; returns whether it
     * did. Call from the event loop after {@link #allows}.
     */
    boolean tryRun(Session<?, ?, ?> session, Runnable task) {
        long start = System.nanoTime();
        if (!session.executor.runHereIfIdle(task)) {
            return false;
        }
        long took = System.nanoTime() - start;
        if (took > BUDGET_NANOS) {
            strike(session, took);
        }
        return true;
    }

    private void strike(Session<?, ?, ?> session, long tookNanos) {
        session.strikes++;
        if (session.strikes < STRIKES && tookNanos < AT_ONCE_FACTOR * BUDGET_NANOS) {
            return;
        }
        session.demoted = true;
        double millis = tookNanos / 1e6;
        if (warned.compareAndSet(false, true)) {
            LOG.warn("environment '{}' declares NON_BLOCKING but a call of session {} took {} ms on the event loop; "
                    + "that session's calls now run on virtual threads (logged once; others at debug level)",
                    envName, session.id, String.format(java.util.Locale.ROOT, "%.1f", millis));
        } else {
            LOG.debug("session {} moved to virtual threads: a call took {} ms", session.id, millis);
        }
    }
}
