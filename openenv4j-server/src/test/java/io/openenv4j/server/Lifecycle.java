package io.openenv4j.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the environment instances a test server opened and closed, and the steps they took. Thread-safe. */
final class Lifecycle {

    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger steps = new AtomicInteger();
    /** For each step in order, the thread it ran on: {@code "virtual"} or the platform thread's name. */
    final java.util.Queue<String> stepThreads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** For each reset in order, the thread it ran on. */
    final java.util.Queue<String> resetThreads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** For each reset and step in order, the thread it ran on. */
    final java.util.Queue<String> callThreads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Steps sent with {@code hold} wait until this is opened. */
    final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);

    /** Waits until {@code expected} instances are closed; fails after {@code within}. */
    void awaitClosed(int expected, Duration within) {
        Eventually.until(
                () -> closed.get() >= expected,
                within,
                () -> "expected " + expected + " closed environments, saw " + closed.get());
    }
}
