package io.openenv4j.core;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Resources made ahead of need (sandboxes with a started interpreter, browser contexts), so that an episode
 * starts without waiting for them. A background thread keeps up to {@code capacity} unused ones ready;
 * {@link #take()} hands one out (a hit) or, when none is ready, makes one in the caller's thread (a miss).
 *
 * <p>An item is handed out once and never comes back: the episode that took it closes it, and the next
 * episode gets another that no one has used. So nothing one episode leaves behind (files, processes,
 * variables, cookies) can reach another through the pool.
 *
 * <p>Bounded twice: at most {@code capacity} items wait, and the refill makes one only while {@code room}
 * says the process may hold another (e.g. fewer live sandboxes than the server's session limit). Hits, misses
 * and the number waiting are counted per pool name ({@link #stats()}) for the server's {@code /metrics}.
 * {@link #close()} stops the refill and closes the items waiting. Thread-safe.
 *
 * <pre>{@code
 * try (var pool = WarmPool.start("sandbox_terminal", 8, () -> Sandbox.create(options, Seed.empty()))) {
 *     try (Sandbox sandbox = pool.take()) { ... }
 * }
 * }</pre>
 *
 * @param <T> what is pooled
 */
public final class WarmPool<T extends AutoCloseable> implements AutoCloseable {

    /** Counts of one pool name since the JVM started, and the items waiting now. */
    public static final class Stats {
        private final String name;
        private final AtomicLong hits = new AtomicLong();
        private final AtomicLong misses = new AtomicLong();
        private final AtomicInteger ready = new AtomicInteger();
        private final AtomicInteger capacity = new AtomicInteger();

        private Stats(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** Takes answered by an item made ahead. */
        public long hits() {
            return hits.get();
        }

        /** Takes that had to make their item on the spot. */
        public long misses() {
            return misses.get();
        }

        /** Items waiting now, over the open pools of this name. */
        public int ready() {
            return ready.get();
        }

        /** The configured number of items to keep waiting, over the open pools of this name. */
        public int capacity() {
            return capacity.get();
        }
    }

    private static final Map<String, Stats> STATS = new ConcurrentHashMap<>();
    private static final System.Logger LOG = System.getLogger(WarmPool.class.getName());

    private final String name;
    private final int capacity;
    private final Supplier<T> factory;
    private final BooleanSupplier room;
    private final Predicate<T> usable;
    private final long quietNanos;
    private final Stats stats;
    /** When the last take happened (System.nanoTime), for the quiet period. */
    private long lastTake;

    private final ArrayDeque<T> ready = new ArrayDeque<>();
    private final Thread refill;
    private boolean closed;

    private WarmPool(
            String name,
            int capacity,
            Supplier<T> factory,
            BooleanSupplier room,
            Predicate<T> usable,
            java.time.Duration quiet) {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a pool name is lower-case letters, digits and '_', got " + name);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("a pool's capacity must be 0 or more, got " + capacity);
        }
        this.name = name;
        this.capacity = capacity;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.room = Objects.requireNonNull(room, "room");
        this.usable = Objects.requireNonNull(usable, "usable");
        this.quietNanos = quiet.toNanos();
        this.lastTake = System.nanoTime() - quietNanos;
        this.stats = STATS.computeIfAbsent(name, Stats::new);
        stats.capacity.addAndGet(capacity);
        this.refill = capacity == 0
                ? null
                : Thread.ofPlatform().daemon().name("openenv4j-pool-" + name).unstarted(this::refill);
    }

    /** A pool that keeps {@code capacity} items ready, with no bound but the capacity; its refill starts now. */
    public static <T extends AutoCloseable> WarmPool<T> start(String name, int capacity, Supplier<T> factory) {
        return start(name, capacity, factory, () -> true, item -> true);
    }

    /**
     * A pool whose refill starts now.
     *
     * @param name the pool's name in {@code /metrics} (lower-case letters, digits and '_')
     * @param capacity how many items to keep ready; 0 makes every take a miss and runs no thread
     * @param factory makes one item; a failure is retried after 1, 2, 4 … up to 30 s (and is the caller's on a miss)
     * @param room whether the process may hold one more item now; asked before each item the refill makes
     * @param usable whether a waiting item can still be handed out (e.g. its process is alive); others are closed
     */
    public static <T extends AutoCloseable> WarmPool<T> start(
            String name, int capacity, Supplier<T> factory, BooleanSupplier room, Predicate<T> usable) {
        return start(name, capacity, factory, room, usable, java.time.Duration.ZERO);
    }

    /**
     * A pool whose refill, after a take, waits until no take happened for {@code quiet} (at most ten times that
     * long), so that making items does not compete for the CPU (or a shared browser) with the episodes that
     * just started; otherwise as {@link #start(String, int, Supplier, BooleanSupplier, Predicate)}.
     */
    public static <T extends AutoCloseable> WarmPool<T> start(
            String name,
            int capacity,
            Supplier<T> factory,
            BooleanSupplier room,
            Predicate<T> usable,
            java.time.Duration quiet) {
        var pool = new WarmPool<>(name, capacity, factory, room, usable, quiet);
        if (pool.refill != null) {
            pool.refill.start();
        }
        return pool;
    }

    /** Every pool name's counts so far, by name. */
    public static Map<String, Stats> stats() {
        return new TreeMap<>(STATS);
    }

    public String name() {
        return name;
    }

    public int capacity() {
        return capacity;
    }

    /** How many items are ready now. */
    public synchronized int ready() {
        return ready.size();
    }

    /**
     * An item no one has used: one made ahead when there is one, else a new one made now.
     *
     * @throws IllegalStateException when the pool is closed
     */
    public T take() {
        while (true) {
            T item;
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the pool " + name + " is closed");
                }
                item = ready.pollFirst();
                if (item != null) {
                    stats.ready.decrementAndGet();
                }
                lastTake = System.nanoTime();
                notifyAll();
            }
            if (item == null) {
                stats.misses.incrementAndGet();
                return factory.get();
            }
            if (usable.test(item)) {
                stats.hits.incrementAndGet();
                return item;
            }
            closeQuietly(item);
        }
    }

    /**
     * Waits until {@code count} items are ready (or the pool is closed, or {@code timeoutMillis} passed), for
     * benchmarks and tests that start measuring with a full pool.
     *
     * @return whether that many are ready
     */
    public synchronized boolean awaitReady(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!closed && ready.size() < count) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 100));
        }
        return ready.size() >= count;
    }

    private void refill() {
        long backoffMillis = 1000;
        while (true) {
            synchronized (this) {
                while (!closed && (ready.size() >= capacity || !room.getAsBoolean())) {
                    try {
                        // a take notifies; room can change without telling, so look again now and then
                        wait(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                long waitFrom = System.nanoTime();
                while (!closed) {
                    long now = System.nanoTime();
                    long quietLeft = lastTake + quietNanos - now;
                    long patienceLeft = waitFrom + 10 * quietNanos - now;
                    if (quietLeft <= 0 || patienceLeft <= 0) {
                        break;
                    }
                    try {
                        wait(Math.max(1, Math.min(quietLeft, patienceLeft) / 1_000_000L));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            T item;
            try {
                item = factory.get();
            } catch (RuntimeException e) {
                // Backing off (up to 30 s) also lets go of what the failing factory holds long enough for it to be
                // replaced: a wedged shared browser is stopped once no one has held it for a moment.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "pool " + name + " could not make an item (trying again in " + backoffMillis / 1000 + " s): "
                                + e.getMessage());
                synchronized (this) {
                    try {
                        long until = System.nanoTime() + backoffMillis * 1_000_000L;
                        while (!closed && System.nanoTime() < until) {
                            wait(Math.max(1, (until - System.nanoTime()) / 1_000_000L));
                        }
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
                backoffMillis = Math.min(30_000, backoffMillis * 2);
                continue;
            }
            backoffMillis = 1000;
            synchronized (this) {
                if (!closed) {
                    ready.addLast(item);
                    stats.ready.incrementAndGet();
                    notifyAll();
                    continue;
                }
            }
            closeQuietly(item);
            return;
        }
    }

    /** Stops the refill (waiting for an item it is making) and closes the items ready. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stats.capacity.addAndGet(-capacity);
            notifyAll();
        }
        if (refill != null) {
            try {
                refill.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        while (true) {
            T item;
            synchronized (this) {
                item = ready.pollFirst();
                if (item == null) {
                    return;
                }
                stats.ready.decrementAndGet();
            }
            closeQuietly(item);
        }
    }

    private void closeQuietly(T item) {
        try {
            item.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "pool " + name + " could not close an item: " + e);
        }
    }

    @Override
    public String toString() {
        return "WarmPool[" + name + ", " + ready() + "/" + capacity + " ready]";
    }
}
