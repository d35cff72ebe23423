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
 * One {@code tools/call} of the spec MCP endpoint: queued on its session's executor, run on a virtual thread
 * of its own (so that a timeout or a cancellation interrupts the tool and nothing else), and ended by
 * whichever comes first: the tool's outcome, the deadline, a cancellation, or the end of the session. The
 * session's executor waits for the tool's thread to finish, so the environment never sees two calls at
 * once, even after a call was given up. Thread-safe.
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

    private enum Phase { QUEUED, RUNNING, DONE, ABANDONED }

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
        Thread thread = Thread.ofVirtual().name("openenv-tool").unstarted(() -> {
            try {
                outcome.complete(new Completed(work.call()));
            } catch (ToolCallException e) {
                outcome.complete(new Refused(e));
            } catch (Throwable t) {
                outcome.complete(new Crashed(t));
            }
        });
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
            worker = thread;
            thread.start();
        } finally {
            lock.unlock();
        }
        // Nobody interrupts the executor's own thread (a cancellation interrupts the tool's), so waiting on.
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                // keep waiting: the environment is in use until the tool's thread ends
            }
        }
        lock.lock();
        try {
            phase = Phase.DONE;
            worker = null;
        } finally {
            lock.unlock();
        }
    }
}
