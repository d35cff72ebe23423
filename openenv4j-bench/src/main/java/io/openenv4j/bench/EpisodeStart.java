package io.openenv4j.bench;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.WarmPool;
import io.openenv4j.envs.WarmPools;
import io.openenv4j.envs.browser.BrowserEnvironment;
import io.openenv4j.envs.code.CodeEnvironment;
import io.openenv4j.envs.terminal.TerminalEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Episode start ({@code openenv4j bench --only episode-start}): how long a client waits from opening a
 * WebSocket session to holding a ready episode, for the terminal, a Python code episode, a Java code episode
 * and the browser, with the warm pools off (cold) and on (warm), at 1 and at 64 opens at once, in one run on
 * one machine. The server runs in this process (the pools live in the server's JVM). Writes {@code
 * episode-start-report.md}.
 *
 * <p>An open is: connect {@code /ws} (one JDK HTTP client for all opens), send {@code reset}, receive the
 * first observation; for Java, also the
 * reply to the first Java snippet ({@code 1 + 1}), since the Java session starts on the first Java step. Closing
 * is not timed. Each series is preceded by warm-up opens that are not counted; a warm series at 64 waits, before
 * each burst, until the pool holds what the burst takes (at most the pool's capacity).
 */
public final class EpisodeStart {

    /** How big the run is. */
    public record Options(
            int sequentialOpens, int bursts, int burst, int warmupOpens, int maxBrowserPool, int maxJavaPool) {

        /** The documented run: 30 single opens, 2 bursts of 64, per series. */
        public static Options full() {
            return new Options(30, 2, 64, 5, WarmPools.MAX_BROWSER_POOL, 32);
        }

        /** A moment of each series, for CI. */
        public static Options smoke() {
            return new Options(3, 1, 4, 1, 4, 4);
        }
    }

    /** One kind of episode: how to serve it, which pool settings make it warm, and what one open sends. */
    private record Kind(String name, Supplier<EnvSpec<?, ?, ?>> spec, boolean java, boolean browser) {

        boolean pooled() {
            return !name.equals(FLOOR);
        }
    }

    /** An environment that holds nothing: what connecting and a reset cost on their own, the floor of every row. */
    private static final String FLOOR = "floor: bench environment (no resources)";

    private static final List<Kind> KINDS = List.of(
            new Kind(
                    FLOOR,
                    () -> io.openenv4j.envs.bench.BenchEnvironment.spec(
                            io.openenv4j.envs.bench.BenchEnvironment.Settings.immediate()),
                    false,
                    false),
            new Kind("terminal", TerminalEnvironment::spec, false, false),
            new Kind("code (Python)", CodeEnvironment::spec, false, false),
            new Kind("code (Java)", CodeEnvironment::spec, true, false),
            new Kind("browser", BrowserEnvironment::spec, false, true));

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Options options;
    private final PrintStream progress;
    private final StringBuilder table = new StringBuilder();
    private long errors;

    private EpisodeStart(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs every series, writes {@code episode-start-report.md} under {@code out}; returns the number of failed opens. */
    public static long run(Options options, Path out, PrintStream progress, String commandLine) throws Exception {
        var run = new EpisodeStart(options, progress);
        long start = System.nanoTime();
        String loadBefore = Machine.loadAverage();
        try {
            for (Kind kind : KINDS) {
                run.measure(kind);
            }
        } finally {
            WarmPools.configure(WarmPools.Settings.off());
        }
        String report = "# Episode start\n\nCommand: `" + commandLine + "`\n\n"
                + Runtime.getRuntime().availableProcessors() + " CPUs; load average before " + loadBefore + ", after "
                + Machine.loadAverage() + "; " + String.format("%.0f s", (System.nanoTime() - start) / 1e9) + ".\n\n"
                + "Milliseconds from opening `/ws` to the first observation (Java: to the reply of the first Java snippet)."
                + " Warm: pool sized to the burst (browser at most " + options.maxBrowserPool()
                + " contexts, Java at most "
                + options.maxJavaPool() + " sessions), hits and misses as the server's `/metrics` counts them.\n\n"
                + "| episode | opens at once | pool | p50 | p99 | max | opens | pool hits | misses |\n"
                + "|---|---|---|---|---|---|---|---|---|\n" + run.table + "\nFailed opens: " + run.errors + ".\n";
        Files.createDirectories(out);
        Files.writeString(out.resolve("episode-start-report.md"), report);
        progress.print(report);
        progress.println("episode-start: report in "
                + out.resolve("episode-start-report.md").toAbsolutePath());
        return run.errors;
    }

    private void measure(Kind kind) throws Exception {
        for (int concurrency : List.of(1, options.burst())) {
            for (boolean warm : kind.pooled() ? List.of(false, true) : List.of(false)) {
                int size = !warm
                        ? 0
                        : kind.browser()
                                ? Math.min(concurrency, options.maxBrowserPool())
                                : kind.java() ? Math.min(concurrency, options.maxJavaPool()) : concurrency;
                WarmPools.Settings settings = WarmPools.Settings.off().withMaxLive(concurrency + size + 16);
                if (warm) {
                    settings = settings.withSize(size).withJava(kind.java());
                }
                WarmPools.configure(settings);
                try (EnvServer server = EnvServer.create(
                                kind.spec().get(), ServerConfig.ephemeral().withMaxSessions(concurrency + 16))
                        .start()) {
                    series(kind, server, concurrency, warm, size);
                } finally {
                    WarmPools.configure(WarmPools.Settings.off());
                }
            }
        }
    }

    private void series(Kind kind, EnvServer server, int concurrency, boolean warm, int size) throws Exception {
        String label = kind.name() + ", " + concurrency + " at once, " + (warm ? "warm pool of " + size : "cold");
        progress.println("episode-start: " + label);
        String url = server.baseUrl();
        WarmPool<?> pool = null;
        if (warm) {
            WarmPools.startFor(
                    kind.browser()
                            ? BrowserEnvironment.NAME
                            : kind.name().startsWith("code") ? CodeEnvironment.NAME : TerminalEnvironment.NAME);
            pool = WarmPools.open().getFirst();
        }
        for (int i = 0; i < options.warmupOpens(); i++) {
            awaitPool(pool, 1);
            open(kind, url, new Samples());
        }
        long hitsBefore = pool == null ? 0 : WarmPool.stats().get(pool.name()).hits();
        long missesBefore = pool == null ? 0 : WarmPool.stats().get(pool.name()).misses();
        var samples = new Samples();
        if (concurrency == 1) {
            for (int i = 0; i < options.sequentialOpens(); i++) {
                awaitPool(pool, 1);
                open(kind, url, samples);
            }
        } else {
            for (int b = 0; b < options.bursts(); b++) {
                awaitPool(pool, size);
                burst(kind, url, concurrency, samples);
            }
        }
        long hits = pool == null ? 0 : WarmPool.stats().get(pool.name()).hits() - hitsBefore;
        long misses = pool == null
                ? samples.count()
                : WarmPool.stats().get(pool.name()).misses() - missesBefore;
        errors += samples.errors;
        table.append(String.format(
                "| %s | %d | %s | %.1f | %.1f | %.1f | %d | %s | %s |%n",
                kind.name(),
                concurrency,
                warm ? "warm (" + size + ")" : "cold",
                ms(samples.percentile(50)),
                ms(samples.percentile(99)),
                ms(samples.percentile(100)),
                samples.count(),
                warm ? Long.toString(hits) : "—",
                warm ? Long.toString(misses) : "—"));
        progress.printf(
                "episode-start:   p50 %.1f ms, p99 %.1f ms over %d opens%s%s%n",
                ms(samples.percentile(50)),
                ms(samples.percentile(99)),
                samples.count(),
                warm ? ", " + hits + " hits, " + misses + " misses" : "",
                samples.firstError == null ? "" : "; first error: " + samples.firstError);
    }

    /** Waits (untimed) until the pool holds {@code count} ready, so that a series starts from a full pool. */
    private static void awaitPool(WarmPool<?> pool, int count) throws InterruptedException {
        if (pool != null && !pool.awaitReady(Math.min(count, pool.capacity()), 600_000)) {
            throw new IllegalStateException("the pool " + pool.name() + " did not fill within 10 minutes");
        }
    }

    private void burst(Kind kind, String url, int concurrency, Samples samples) throws Exception {
        var go = new CountDownLatch(1);
        var results = new ArrayList<Future<Samples>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                results.add(threads.submit(() -> {
                    var mine = new Samples();
                    go.await();
                    open(kind, url, mine);
                    return mine;
                }));
            }
            go.countDown();
            for (Future<Samples> result : results) {
                samples.addAll(result.get());
            }
        }
    }

    /**
     * One open: connect, reset (and for Java, the first Java snippet), timed; then closed, untimed. Over one
     * shared JDK HTTP client, as a trainer keeps one, so that the figure is the server's and the socket's cost
     * rather than a client's start-up.
     */
    private static void open(Kind kind, String url, Samples samples) {
        String reset = !kind.pooled()
                ? "{}"
                : kind.name().startsWith("code")
                        ? "{\"task\":\"none\"}"
                        : kind.browser() ? "{\"seed\":1,\"task\":\"search\"}" : "{\"seed\":1}";
        long start = System.nanoTime();
        var replies = new LinkedBlockingQueue<String>();
        WebSocket socket = null;
        try {
            socket = HTTP.newWebSocketBuilder()
                    .connectTimeout(Duration.ofMinutes(1))
                    .buildAsync(URI.create(url.replaceFirst("^http", "ws") + "/ws"), new Replies(replies))
                    .get(5, TimeUnit.MINUTES);
            socket.sendText("{\"type\":\"reset\",\"data\":" + reset + "}", true);
            String first = replies.poll(5, TimeUnit.MINUTES);
            if (first == null || !first.startsWith("{\"type\":\"observation\"")) {
                samples.fail("reset answered " + first);
                return;
            }
            if (kind.java()) {
                socket.sendText("{\"type\":\"step\",\"data\":{\"code\":\"1 + 1\",\"language\":\"java\"}}", true);
                String reply = replies.poll(5, TimeUnit.MINUTES);
                if (reply == null || !reply.contains("\"stdout\":\"2\\n\"")) {
                    samples.fail("the first Java snippet answered " + reply);
                    return;
                }
            }
            samples.add(System.nanoTime() - start);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            samples.fail(e.toString());
        } finally {
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(failure -> null);
            }
        }
    }

    /** Collects whole text messages. */
    private record Replies(LinkedBlockingQueue<String> into, StringBuilder part) implements WebSocket.Listener {

        Replies(LinkedBlockingQueue<String> into) {
            this(into, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                into.add(part.toString());
                part.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
