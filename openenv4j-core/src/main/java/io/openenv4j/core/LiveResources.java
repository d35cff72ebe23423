package io.openenv4j.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of live, process-wide resources that environments hold outside the JVM heap (sandboxes, browsers),
 * for the server's {@code /metrics} without the environments importing the server. An environment calls
 * {@link #opened()} when it acquires one and {@link #closed()} once when it releases it. Thread-safe.
 *
 * <pre>{@code
 * private static final LiveResources SANDBOXES = LiveResources.named("sandbox");
 * ... SANDBOXES.opened(); ... SANDBOXES.closed();
 * }</pre>
 */
public final class LiveResources {

    private static final Map<String, LiveResources> ALL = new ConcurrentHashMap<>();

    private final String name;
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    private LiveResources(String name) {
        this.name = name;
    }

    /** The counter for resources of one kind ({@code sandbox}, {@code browser}); the same object per name. */
    public static LiveResources named(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a resource name is lower-case letters, digits and '_', got " + name);
        }
        return ALL.computeIfAbsent(name, LiveResources::new);
    }

    /** Every counter made so far, by name. */
    public static Map<String, LiveResources> all() {
        return new TreeMap<>(ALL);
    }

    public String name() {
        return name;
    }

    public void opened() {
        live.incrementAndGet();
        total.incrementAndGet();
    }

    public void closed() {
        live.decrementAndGet();
    }

    /** Resources of this kind held right now. */
    public long live() {
        return live.get();
    }

    /** Resources of this kind acquired since the JVM started. */
    public long total() {
        return total.get();
    }
}
