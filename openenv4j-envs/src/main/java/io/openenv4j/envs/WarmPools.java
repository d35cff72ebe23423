package io.openenv4j.envs;

import io.openenv4j.core.LiveResources;
import io.openenv4j.core.WarmPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Pools of episode resources made ahead of need, for a fast episode start: sandboxes with their shell started
 * (terminal), sandboxes with a Python interpreter and, optionally, a warmed Java session started (code), and
 * browser contexts with a page open (browser). A reset takes one from the pool (a hit) or, when the pool is
 * empty or off, makes one as before (a miss); a background thread refills the pool. A pooled resource is used
 * by one episode only and closed with it: an episode never sees another's files, processes, variables,
 * cookies or pages (see {@link WarmPool}).
 *
 * <p>Off by default: a pooled sandbox holds a shell or an interpreter (a Java session about 60 MB), a pooled
 * browser context a renderer process, while no one uses them, and the size that pays is the trainer's burst
 * of episode opens, which only the operator knows. Sized by {@link #configure(Settings)} ({@code openenv4j
 * serve --warm-pool N [--warm-java]}) or by environment variables, read once: {@code OPENENV_WARM_POOL} (every
 * kind), {@code OPENENV_WARM_POOL_TERMINAL}, {@code OPENENV_WARM_POOL_CODE}, {@code OPENENV_WARM_POOL_BROWSER}
 * (one kind), {@code OPENENV_WARM_POOL_JAVA=true} (code sandboxes also carry a warmed Java session). Bounded:
 * a refill makes a sandbox only while the JVM holds fewer live sandboxes than {@code MAX_CONCURRENT_ENVS}
 * ({@link Settings#maxLive()}, the server's session limit), and a browser context only while fewer than that
 * and at most {@link #MAX_BROWSER_POOL} wait (each holds a renderer inside the shared browser's memory bound).
 * Hits, misses and the number ready are on {@code /metrics} ({@code openenv_pool_*}). Thread-safe.
 */
public final class WarmPools {

    /** Most browser contexts kept ready, whatever the setting: each one's renderer counts against the browser's memory. */
    public static final int MAX_BROWSER_POOL = 16;

    /**
     * How many resources of each kind to keep ready.
     *
     * @param terminal sandboxes with a started shell, for {@code terminal} and {@code terminal-tools}
     * @param code sandboxes with a started Python interpreter, for {@code code} and {@code code@openenv}
     * @param java whether the code sandboxes also carry a started, warmed Java session
     * @param browser browser contexts with a blank page open (at most {@link #MAX_BROWSER_POOL})
     * @param maxLive the most live sandboxes (and browser contexts) a refill may bring the JVM to: the server's
     *     session limit
     */
    public record Settings(int terminal, int code, boolean java, int browser, int maxLive) {

        public Settings {
            if (terminal < 0 || code < 0 || browser < 0) {
                throw new IllegalArgumentException("pool sizes must be 0 or more, got terminal " + terminal + ", code "
                        + code + ", browser " + browser);
            }
            if (maxLive < 1) {
                throw new IllegalArgumentException("maxLive must be at least 1, got " + maxLive);
            }
        }

        /** No pools: every episode makes its resources at reset (the default). */
        public static Settings off() {
            return new Settings(0, 0, false, 0, 1024);
        }

        /** {@code size} ready of every kind (browser contexts at most {@link #MAX_BROWSER_POOL}). */
        public static Settings of(int size) {
            return off().withSize(size);
        }

        /**
         * From {@code OPENENV_WARM_POOL}, {@code OPENENV_WARM_POOL_TERMINAL}, {@code _CODE}, {@code _BROWSER},
         * {@code _JAVA} and {@code MAX_CONCURRENT_ENVS}.
         *
         * @throws IllegalArgumentException when a value is not a number of 0 or more (or true/false for Java)
         */
        public static Settings fromEnvironment(Map<String, String> env) {
            int all = size(env, "OPENENV_WARM_POOL", 0);
            int max =
                    env.containsKey("MAX_CONCURRENT_ENVS") ? Math.max(1, size(env, "MAX_CONCURRENT_ENVS", 1024)) : 1024;
            String java = env.getOrDefault("OPENENV_WARM_POOL_JAVA", "false").trim();
            if (!java.equalsIgnoreCase("true") && !java.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("OPENENV_WARM_POOL_JAVA must be true or false, got '" + java + "'");
            }
            return new Settings(
                    size(env, "OPENENV_WARM_POOL_TERMINAL", all),
                    size(env, "OPENENV_WARM_POOL_CODE", all),
                    Boolean.parseBoolean(java),
                    size(env, "OPENENV_WARM_POOL_BROWSER", all),
                    max);
        }

        private static int size(Map<String, String> env, String name, int otherwise) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return otherwise;
            }
            try {
                int size = Integer.parseInt(value.trim());
                if (size >= 0) {
                    return size;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(name + " must be a number of 0 or more, got '" + value + "'");
        }

        public Settings withSize(int size) {
            return new Settings(size, size, java, size, maxLive);
        }

        public Settings withJava(boolean value) {
            return new Settings(terminal, code, value, browser, maxLive);
        }

        public Settings withMaxLive(int value) {
            return new Settings(terminal, code, java, browser, value);
        }
    }

    /**
     * How long the refill waits after an episode took a resource, so that making the next one (a JVM start, a
     * renderer) does not slow the episodes starting now: a burst of opens is served first, then refilled.
     */
    static final java.time.Duration QUIET = java.time.Duration.ofMillis(250);

    private static Settings settings;
    private static final Map<Object, WarmPool<?>> POOLS = new LinkedHashMap<>();
    private static boolean hooked;

    private WarmPools() {}

    /** The settings in force: those last {@link #configure configured}, else read from the environment variables. */
    public static synchronized Settings settings() {
        if (settings == null) {
            try {
                settings = Settings.fromEnvironment(System.getenv());
            } catch (IllegalArgumentException e) {
                System.getLogger(WarmPools.class.getName())
                        .log(System.Logger.Level.WARNING, "warm pools off: " + e.getMessage());
                settings = Settings.off();
            }
        }
        return settings;
    }

    /** Replaces the settings; pools made under the old ones are closed (their ready resources with them). */
    public static void configure(Settings newSettings) {
        Objects.requireNonNull(newSettings, "settings");
        List<WarmPool<?>> old;
        synchronized (WarmPools.class) {
            settings = newSettings;
            old = new ArrayList<>(POOLS.values());
            POOLS.clear();
        }
        old.forEach(WarmPool::close);
    }

    /** Closes every pool and the resources waiting in them; later takes make new pools. Idempotent. */
    public static void close() {
        List<WarmPool<?>> old;
        synchronized (WarmPools.class) {
            old = new ArrayList<>(POOLS.values());
            POOLS.clear();
        }
        old.forEach(WarmPool::close);
    }

    /**
     * Starts filling the pools the built-in environment {@code environment} takes from (none for environments
     * without a pool, or with pools off), so that the first episodes find them ready.
     */
    public static void startFor(String environment) {
        if (environment.equals(io.openenv4j.envs.terminal.TerminalEnvironment.NAME)
                || environment.equals(io.openenv4j.envs.terminal.TerminalToolEnvironment.NAME)) {
            io.openenv4j.envs.terminal.TerminalEnvironment.warmPool();
        } else if (environment.equals(io.openenv4j.envs.code.CodeEnvironment.NAME)
                || environment.equals(io.openenv4j.envs.code.UpstreamCode.NAME)) {
            io.openenv4j.envs.code.CodeEnvironment.warmPool();
        } else if (environment.equals(io.openenv4j.envs.browser.BrowserEnvironment.NAME)) {
            io.openenv4j.envs.browser.BrowserEnvironment.warmPool();
        }
    }

    /** The pools open now, for tests and benchmarks (e.g. to wait until one is full). */
    public static synchronized List<WarmPool<?>> open() {
        return List.copyOf(POOLS.values());
    }

    /**
     * The pool for {@code key}, made (and its refill started) on first use; {@code null} when {@code capacity}
     * is 0. For the environments of this module.
     */
    public static <T extends AutoCloseable> WarmPool<T> pool(
            String name, Object key, int capacity, Supplier<T> make, LiveResources bound, Predicate<T> usable) {
        return pool(name, key, capacity, make, bound, usable, QUIET);
    }

    /**
     * As {@link #pool(String, Object, int, Supplier, LiveResources, Predicate)}, with the quiet period the refill
     * waits after a take (see {@link WarmPool}).
     */
    @SuppressWarnings("unchecked")
    public static synchronized <T extends AutoCloseable> WarmPool<T> pool(
            String name,
            Object key,
            int capacity,
            Supplier<T> make,
            LiveResources bound,
            Predicate<T> usable,
            java.time.Duration quiet) {
        if (capacity <= 0) {
            return null;
        }
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(WarmPools::close, "openenv4j-pools-shutdown"));
        }
        int max = settings().maxLive();
        return (WarmPool<T>) POOLS.computeIfAbsent(
                List.of(name, key),
                ignored -> WarmPool.start(name, capacity, make, () -> bound.live() < max, usable, quiet));
    }

    /**
     * Takes a resource from the pool for {@code key} ({@code capacity} 0: no pool, made now).
     */
    public static <T extends AutoCloseable> T take(
            String name, Object key, int capacity, Supplier<T> make, LiveResources bound, Predicate<T> usable) {
        WarmPool<T> pool = pool(name, key, capacity, make, bound, usable);
        if (pool == null) {
            return make.get();
        }
        try {
            return pool.take();
        } catch (IllegalStateException closedMeanwhile) {
            return make.get();
        }
    }
}
