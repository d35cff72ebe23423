package io.openenv4j.server.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The server's limit on one environment call (reset or step): past it the call's thread is interrupted,
 * which cancels what the environment is waiting for (a sandboxed command, a sleep, I/O), and the caller gets
 * {@link Expired}. A call that ignores the interrupt for {@link #GRACE} more is reported to {@code stuck}, so
 * that its session can be ended. Calls on a platform thread (an event loop running a non-blocking
 * environment inline) are never interrupted. Thread-safe.
 */
final class StepTimeout {

    static final Duration GRACE = Duration.ofSeconds(2);
    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("openenv-step-timeout").factory());

    private final Duration limit;

    /** {@code limit} {@code null} for none. */
    StepTimeout(Duration limit) {
        this.limit = limit;
    }

    /** Thrown when the call ran past the limit and was cancelled. */
    static final class Expired extends RuntimeException {
        Expired(Duration limit) {
            super(
                    "the call ran longer than the server's step timeout of " + seconds(limit) + " s and was cancelled",
                    null,
                    false,
                    false);
        }
    }

    <T> T run(Supplier<T> call, Runnable stuck) {
        Thread thread = Thread.currentThread();
        if (limit == null || !thread.isVirtual()) {
            return call.get();
        }
        var expired = new AtomicBoolean();
        var done = new AtomicBoolean();
        ScheduledFuture<?> alarm = ALARMS.schedule(
                () -> {
                    if (!done.get()) {
                        expired.set(true);
                        thread.interrupt();
                        ALARMS.schedule(
                                () -> {
                                    if (!done.get()) {
                                        stuck.run();
                                    }
                                },
                                GRACE.toMillis(),
                                TimeUnit.MILLISECONDS);
                    }
                },
                limit.toNanos(),
                TimeUnit.NANOSECONDS);
        try {
            T result = call.get();
            if (expired.get()) {
                throw new Expired(limit);
            }
            return result;
        } catch (RuntimeException e) {
            if (expired.get()) {
                throw new Expired(limit);
            }
            throw e;
        } finally {
            done.set(true);
            alarm.cancel(false);
            if (expired.get()) {
                Thread.interrupted();
            }
        }
    }

    private static String seconds(Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toMillis(), 3)
                .stripTrailingZeros()
                .toPlainString();
    }
}
