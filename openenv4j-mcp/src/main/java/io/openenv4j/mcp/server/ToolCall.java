package io.openenv4j.mcp.server;

import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolResult;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One spec MCP {@code tools/call}: queued on its session (see {@link McpHost.Session#execute}) and run there,
 * in the session's turn, and ended for its caller by whichever comes first: the tool's outcome, the
 * deadline, a cancellation, or the end of the session. A call given up while it runs is interrupted and the
 * session's next call waits until it returns, so the environment never sees two calls at once. Thread-safe.
 */
final class ToolCall {

    /** How a call ended, as its caller sees it. */
    sealed interface Outcome {}

    record Completed(ToolResult result) implements Outcome {}

    record Refused(ToolCallException error) implements Outcome {}

    record Crashed(Throwable error) implements Outcome {}

    record TimedOut() implements Outcome {}

    record Cancelled() implements Outcome {}

    record SessionEnded() implements Outcome {}

    private enum Phase {
        QUEUED,
        RUNNING,
        DONE,
        ABANDONED
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private Phase phase = Phase.QUEUED;
    private Thread worker;

    /**
     * Queues {@code work} on {@code session}'s executor and waits for its outcome until {@code deadlineNanos}
     * ({@link System#nanoTime()} based; {@code Long.MAX_VALUE} for none). Call from a virtual thread.
     */
    Outcome run(McpHost.Session session, Callable<ToolResult> work, long deadlineNanos) {
        session.execute(() -> execute(session, work));
        try {
            if (deadlineNanos == Long.MAX_VALUE) {
                return outcome.get();
            }
            return outcome.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(new TimedOut());
            return outcome.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(new Cancelled());
            return outcome.join();
        } catch (ExecutionException e) {
            return new Crashed(e.getCause());
        }
    }

    /** Ends the call with {@code reason} unless it already ended: a queued call never runs, a running one is interrupted. */
    void abandon(Outcome reason) {
        // Settled first, so that the interrupted tool's own (error) outcome cannot overtake the reason.
        outcome.complete(reason);
        lock.lock();
        try {
            if (phase == Phase.QUEUED) {
                phase = Phase.ABANDONED;
            } else if (phase == Phase.RUNNING && worker != null) {
                worker.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    private void execute(McpHost.Session session, Callable<ToolResult> work) {
        lock.lock();
        try {
            if (phase != Phase.QUEUED || outcome.isDone()) {
                phase = Phase.ABANDONED;
                return;
            }
            if (session.ended()) {
                phase = Phase.ABANDONED;
                outcome.complete(new SessionEnded());
                return;
            }
            phase = Phase.RUNNING;
            worker = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        // The tool runs here, in the session's turn: the environment never sees two calls at once, and a
        // timeout or cancellation interrupts this call only (its interrupt is cleared before the session's next).
        try {
            outcome.complete(new Completed(work.call()));
        } catch (ToolCallException e) {
            outcome.complete(new Refused(e));
        } catch (Throwable t) {
            outcome.complete(new Crashed(t));
        } finally {
            lock.lock();
            try {
                phase = Phase.DONE;
                worker = null;
                Thread.interrupted(); // an interrupt that came as the tool returned is not the next task's
            } finally {
                lock.unlock();
            }
        }
    }
}
