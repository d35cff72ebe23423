package io.openenv4j.tasks.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared cursors of one bound spec: for each order (split, seed, replacement, shard, epoch), the next
 * position to hand out. Every session of the spec draws from the same cursor, so no two resets get the same
 * position. Thread-safe.
 */
public final class Cursors {

    private final ConcurrentHashMap<String, AtomicLong> next = new ConcurrentHashMap<>();

    /** The next position of the order named by {@code key}: 0, 1, 2, … */
    long take(String key) {
        return next.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
    }
}
