package io.openenv4j.server.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on virtual threads. A session's environment calls all go
 * through one of these, so an environment never sees two calls at once and each call happens-before the
 * next. No thread is held while the queue is empty.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private static final Thread.Builder THREADS = Thread.ofVirtual().name("openenv-session");

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    /** Where the virtual threads run: the JDK's carriers, or an event loop ({@link EventLoopCarrier}). */
    private volatile Thread.Builder threads = THREADS;

    private boolean running;
    private volatile Thread current;

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        } finally {
            lock.unlock();
        }
        threads.start(this::drain);
    }

    /**
     * Runs {@code task} on the calling thread, now, when no task is running or waiting; otherwise does
     * nothing and returns {@code false} (the caller then queues it with {@link #execute}). Tasks queued
     * while it runs go to a virtual thread afterwards, so order and mutual exclusion hold either way.
     */
    boolean runHereIfIdle(Runnable task) {
        lock.lock();
        try {
            if (running) {
                return false;
            }
            running = true;
        } finally {
            lock.unlock();
        }
        current = Thread.currentThread();
        try {
            task.run();
        } catch (Throwable t) {
            LOG.error("session task failed", t);
        } finally {
            current = null;
            boolean more;
            lock.lock();
            try {
                more = !queue.isEmpty();
                running = more;
            } finally {
                lock.unlock();
            }
            if (more) {
                threads.start(this::drain);
            }
        }
        return true;
    }

    /** Starts later virtual threads with {@code builder} (set before the first task, by {@link EventLoopCarrier}). */
    void carriedBy(Thread.Builder builder) {
        threads = builder;
    }

    /**
     * Interrupts the task running now, if it runs on one of this executor's virtual threads (never an event
     * loop running an inline task): a session whose client went away stops its step instead of finishing it.
     * The interrupt cannot reach a later task: the flag is cleared before each task starts.
     */
    void interruptRunning() {
        lock.lock();
        try {
            Thread thread = current;
            if (running && thread != null && thread.isVirtual()) {
                thread.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether a task is running or waiting. */
    boolean busy() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the calling thread is running one of this executor's tasks. */
    boolean inExecutor() {
        return current == Thread.currentThread();
    }

    private void drain() {
        current = Thread.currentThread();
        while (true) {
            Runnable task;
            lock.lock();
            try {
                task = queue.poll();
                if (task == null) {
                    current = null;
                    running = false;
                    Thread.interrupted();
                    return;
                }
                Thread.interrupted();
            } finally {
                lock.unlock();
            }
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("session task failed", t);
            }
        }
    }
}
