package io.openenv4j.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The placement hop ({@code openenv4j bench --only scale}; docs/scale-out.md): sessions held and steps per second
 * through the placement router in front of 1, 2, 4 and 8 local replicas, against the same replicas addressed
 * directly, and (when Debian's HAProxy is installed: {@code scripts/haproxy.sh}) through HAProxy in the same
 * run; the hop's added step latency (p50, p99, one session, closed loop) and its CPU per step (the proxy
 * process's user + system time from {@code /proc} over the load phase, divided by the steps). Replicas and
 * proxies run in their own processes on the server CPUs, the load generator here on the client CPUs. Every
 * reply is checked. Writes {@code scale-report.md}.
 */
public final class ScaleBench {

    /** How big the run is. */
    public record Options(
            List<Integer> replicaCounts,
            int perReplica,
            Duration warmup,
            Duration latencyTime,
            int rounds,
            int loadSessions,
            Duration loadTime,
            String serverCpus,
            String clientCpus,
            boolean haproxy,
            int targetSessions) {

        public Options {
            replicaCounts = List.copyOf(replicaCounts);
        }

        /** Only the one-endpoint attempt at {@code sessions} concurrent sessions (part {@code scale-target}). */
        public static Options targetOnly(int sessions, String serverCpus, String clientCpus) {
            return new Options(
                    List.of(),
                    0,
                    Duration.ZERO,
                    Duration.ZERO,
                    0,
                    0,
                    Duration.ZERO,
                    serverCpus,
                    clientCpus,
                    false,
                    sessions);
        }

        /** With the one-endpoint attempt at {@code sessions} concurrent sessions (0: not attempted). */
        public Options withTargetSessions(int sessions) {
            return new Options(
                    replicaCounts,
                    perReplica,
                    warmup,
                    latencyTime,
                    rounds,
                    loadSessions,
                    loadTime,
                    serverCpus,
                    clientCpus,
                    haproxy,
                    sessions);
        }

        /** The documented run: 1, 2, 4, 8 replicas of 1,000 sessions; 3 latency rounds of 2 s; 64 sessions for 3 s. */
        public static Options full(String serverCpus, String clientCpus) {
            return new Options(
                    List.of(1, 2, 4, 8),
                    1_000,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2),
                    3,
                    64,
                    Duration.ofSeconds(3),
                    serverCpus,
                    clientCpus,
                    true,
                    0);
        }

        /** A moment of each phase, for CI. */
        public static Options smoke(String serverCpus, String clientCpus) {
            return new Options(
                    List.of(1, 2),
                    8,
                    Duration.ofMillis(200),
                    Duration.ofMillis(300),
                    1,
                    4,
                    Duration.ofMillis(300),
                    serverCpus,
                    clientCpus,
                    true,
                    0);
        }
    }

    static final String DIRECT = "direct";
    static final String ROUTER = "openenv4j place";
    static final String HAPROXY = "HAProxy";
    private static final int PAYLOAD = 100;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** What one hop measured at one replica count. */
    static final class Row {
        final Samples latency = new Samples();
        Samples load;
        double stepsPerSecond;
        double hopCpuMicrosPerStep = Double.NaN;
        double replicasCpuMicrosPerStep;
        int held;
        int refused;
        int failed;
        String firstFailure;
        double heldSeconds;
        /** The burst with replica 1 half full from elsewhere: held, refused (-1: not run). */
        int unevenHeld = -1;

        int unevenRefused;
    }

    private final Options options;
    private final PrintStream progress;
    private final List<ServerProcess> replicas = new ArrayList<>();
    private Vertx vertx;
    private Context context;
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final Map<Integer, Map<String, Row>> rows = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long errors;
    private long refusedWithRoom;

    private ScaleBench(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs every replica count, writes {@code scale-report.md} under {@code out}; returns the wrong or missing replies. */
    public static long run(Options options, Path out, PrintStream progress, String commandLine) throws Exception {
        var bench = new ScaleBench(options, progress);
        String loadBefore = Machine.loadAverage();
        long start = System.nanoTime();
        try {
            bench.start();
            for (int count : options.replicaCounts()) {
                bench.measure(count);
            }
            if (options.targetSessions() > 0) {
                bench.target(options.targetSessions());
            }
        } finally {
            bench.stop();
        }
        String report = bench.report(commandLine, loadBefore, Machine.loadAverage(), (System.nanoTime() - start) / 1e9);
        Files.createDirectories(out);
        Files.writeString(out.resolve("scale-report.md"), report);
        progress.print(report);
        progress.println("scale: report in " + out.resolve("scale-report.md").toAbsolutePath());
        return bench.errors;
    }

    private void progress(String format, Object... args) {
        progress.printf("scale: " + format + "%n", args);
    }

    private void start() throws Exception {
        Machine.pinSelf(options.clientCpus(), progress);
        int most = options.replicaCounts().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
        progress("starting %d replicas of %d sessions (CPUs %s)", most, options.perReplica(), options.serverCpus());
        for (int i = 0; i < most; i++) {
            replicas.add(ServerProcess.startJava(
                    "replica-" + (i + 1),
                    options.serverCpus(),
                    List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"),
                    options.perReplica(),
                    false));
        }
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        context = vertx.getOrCreateContext();
        for (int i = 0; i < 4; i++) {
            // Several source addresses: tens of thousands of connections to one port need more than one's ports.
            clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(100_000)
                    .setLocalAddress("127.0.0." + (2 + i))
                    .setTcpNoDelay(true)
                    .setConnectTimeout(30_000)));
        }
    }

    private void stop() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                progress("closing the load generator failed: %s", e);
            }
        }
        replicas.forEach(ServerProcess::close);
    }

    private void measure(int count) throws Exception {
        List<ServerProcess> used = replicas.subList(0, count);
        List<URI> uris = used.stream()
                .map(r -> URI.create("http://127.0.0.1:" + r.wsPort))
                .toList();
        progress(
                "%d replica(s): starting the router%s",
                count, options.haproxy() && haproxy() != null ? " and HAProxy" : "");
        var hops = new LinkedHashMap<String, ServerProcess>();
        hops.put(DIRECT, null);
        ServerProcess router = ServerProcess.startRouter(options.serverCpus(), List.of("-Xms64m", "-Xmx1g"), uris);
        hops.put(ROUTER, router);
        ServerProcess proxy = null;
        try {
            awaitFree(router.wsPort, count * options.perReplica());
            if (options.haproxy() && haproxy() != null) {
                proxy = startHaproxy(used);
                hops.put(HAPROXY, proxy);
            } else if (options.haproxy() && count == options.replicaCounts().get(0)) {
                problems.add("HAProxy was not run: no haproxy on the PATH (install it with: bash scripts/haproxy.sh).");
            }
            var byHop = new LinkedHashMap<String, Row>();
            hops.keySet().forEach(name -> byHop.put(name, new Row()));
            rows.put(count, byHop);
            for (int round = 0; round < options.rounds(); round++) {
                for (var hop : hops.entrySet()) {
                    latency(hop.getKey(), hop.getValue(), used, byHop.get(hop.getKey()));
                }
            }
            for (var hop : hops.entrySet()) {
                load(hop.getKey(), hop.getValue(), used, byHop.get(hop.getKey()));
            }
            for (var hop : hops.entrySet()) {
                held(hop.getKey(), hop.getValue(), used, byHop.get(hop.getKey()));
            }
            if (count >= 2) {
                for (var hop : hops.entrySet()) {
                    if (hop.getValue() != null) {
                        uneven(hop.getKey(), hop.getValue(), used, byHop.get(hop.getKey()));
                    }
                }
            }
        } finally {
            router.close();
            if (proxy != null) {
                proxy.process.destroy();
                proxy.close();
            }
        }
    }

    // ---- one endpoint, many sessions

    /** Sessions one replica takes in the one-endpoint attempt: its sockets stay under the 20,000 open files. */
    static final int TARGET_PER_REPLICA = 18_000;
    /** Sessions one router relays there (2 sockets each, under 20,000 open files with room for an uneven spread). */
    static final int TARGET_PER_ROUTER = 8_192;

    private final List<String> target = new ArrayList<>();

    /**
     * The reference's capacity methodology through one endpoint: batches of concurrent sessions (connect, reset,
     * one step that waits 1 s, close), doubling from 8,192 up to {@code sessions}, through several routers sharing
     * one port with SO_REUSEPORT in front of replicas that each allow {@value #TARGET_PER_REPLICA} (the blocking
     * environment's port, as the capacity part), driven by the multi-process load generator; stops at the first
     * batch below 100%.
     */
    private void target(int sessions) throws Exception {
        int replicaCount = (sessions + TARGET_PER_REPLICA - 1) / TARGET_PER_REPLICA;
        int routerCount = Math.max(1, (sessions + TARGET_PER_ROUTER - 1) / TARGET_PER_ROUTER);
        progress(
                "one endpoint: %d replicas of %d, %d routers on one port (SO_REUSEPORT), up to %d sessions",
                replicaCount, TARGET_PER_REPLICA, routerCount, sessions);
        target.add(String.format(
                "%d replicas allowing %,d sessions each (%,d in all), %d routers sharing one port with "
                        + "SO_REUSEPORT (each relays about %,d sessions = %,d sockets), %d load-generator processes; open-files "
                        + "limit %s per process.",
                replicaCount,
                TARGET_PER_REPLICA,
                replicaCount * TARGET_PER_REPLICA,
                routerCount,
                sessions / routerCount,
                2 * sessions / routerCount,
                CapacityWorkers.WORKERS,
                openFilesLimit()));
        var started = new ArrayList<ServerProcess>();
        CapacityWorkers workers = null;
        try {
            var uris = new ArrayList<URI>();
            for (int i = 0; i < replicaCount; i++) {
                ServerProcess replica = ServerProcess.startJava(
                        "target-replica-" + (i + 1),
                        options.serverCpus(),
                        List.of("-Xms128m", "-Xmx2g", "-XX:+UseG1GC"),
                        TARGET_PER_REPLICA,
                        false);
                started.add(replica);
                uris.add(URI.create("http://127.0.0.1:" + replica.blockingPort));
            }
            ServerProcess first = ServerProcess.startRouter(
                    options.serverCpus(), List.of("-Xms64m", "-Xmx1g"), uris, List.of("--reuse-port"));
            started.add(first);
            int port = first.wsPort;
            for (int i = 1; i < routerCount; i++) {
                started.add(ServerProcess.startRouter(
                        options.serverCpus(),
                        List.of("-Xms64m", "-Xmx1g"),
                        uris,
                        List.of("--port", String.valueOf(port), "--reuse-port")));
            }
            awaitFree(port, replicaCount * TARGET_PER_REPLICA);
            workers = CapacityWorkers.start(options.clientCpus());
            // A first small batch, thrown away: every worker's first connections pay its JVM's warm-up.
            workers.capacity(port, 64, 0, 64, 60);
            target.add(
                    "| sessions | succeeded | success | total p50 ms | total p99 ms | connect p99 ms | step p99 ms | s "
                            + "| first failure |");
            target.add("|---|---|---|---|---|---|---|---|---|");
            for (int size = Math.min(8_192, sessions); ; size = Math.min(sessions, size * 2)) {
                SessionLoad.Batch batch = workers.capacity(port, size, 1_000, 1_024, 300);
                String line = String.format(
                        "| %,d | %,d | %.2f%% | %.0f | %.0f | %.0f | %.0f | %.1f | %s |",
                        size,
                        batch.succeeded(),
                        batch.successRate() * 100,
                        batch.total().percentile(50) / 1e6,
                        batch.total().percentile(99) / 1e6,
                        batch.connect().percentile(99) / 1e6,
                        batch.step().percentile(99) / 1e6,
                        batch.seconds(),
                        batch.firstError() == null ? "" : batch.firstError().replace('|', '/'));
                target.add(line);
                progress("one endpoint: %s", line);
                if (batch.successRate() < 1.0 || size >= sessions) {
                    break;
                }
                Thread.sleep(5_000);
            }
        } catch (Exception e) {
            target.add("The attempt stopped: " + e);
            problems.add("The one-endpoint attempt stopped: " + e);
            errors++;
            progress("one endpoint: stopped: %s", e);
        } finally {
            if (workers != null) {
                workers.close();
            }
            started.reversed().forEach(ServerProcess::close);
        }
    }

    private static String openFilesLimit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream()
                    .filter(l -> l.startsWith("Max open files"))
                    .map(l -> l.replaceAll("\\s+", " ").split(" ")[3])
                    .findFirst()
                    .orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    // ---- phases

    private void latency(String hop, ServerProcess proxy, List<ServerProcess> used, Row row) throws Exception {
        WsLink link = open(clients.get(0), port(proxy, used, 0))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        try {
            Loops.closed(context, BenchRun.wsStep(link, "w", PAYLOAD), options.warmup(), Integer.MAX_VALUE);
            Samples samples = Loops.closed(
                    context, BenchRun.wsStep(link, "l", PAYLOAD), options.latencyTime(), Integer.MAX_VALUE);
            count(hop + " latency", samples.errors, samples.firstError);
            row.latency.addAll(samples);
        } finally {
            closeAll(List.of(link));
        }
    }

    private void load(String hop, ServerProcess proxy, List<ServerProcess> used, Row row) throws Exception {
        var links = new ArrayList<WsLink>();
        for (int i = 0; i < options.loadSessions(); i++) {
            links.add(open(clients.get(i % clients.size()), port(proxy, used, i))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS));
        }
        try {
            chains(links, "w", options.warmup());
            long hopCpu = proxy == null ? 0 : proxy.cpuNanos();
            long replicasCpu = used.stream().mapToLong(ServerProcess::cpuNanos).sum();
            Samples samples = chains(links, "s", options.loadTime());
            long hopCpuAfter = proxy == null ? 0 : proxy.cpuNanos();
            long replicasCpuAfter =
                    used.stream().mapToLong(ServerProcess::cpuNanos).sum();
            count(hop + " load", samples.errors, samples.firstError);
            row.load = samples;
            row.stepsPerSecond = samples.count() / (samples.wallNanos / 1e9);
            if (proxy != null && samples.count() > 0) {
                row.hopCpuMicrosPerStep = (hopCpuAfter - hopCpu) / 1e3 / samples.count();
            }
            row.replicasCpuMicrosPerStep =
                    samples.count() == 0 ? 0 : (replicasCpuAfter - replicasCpu) / 1e3 / samples.count();
            progress(
                    "%d replica(s), %s: %.0f steps/s over %d sessions, hop CPU %.1f µs/step",
                    used.size(), hop, row.stepsPerSecond, links.size(), row.hopCpuMicrosPerStep);
        } finally {
            closeAll(links);
        }
    }

    /** Opens as many sessions as the replicas allow in all through the hop (128 opening at a time), then closes them. */
    private void held(String hop, ServerProcess proxy, List<ServerProcess> used, Row row) throws Exception {
        awaitIdle(used);
        Burst burst = burst(proxy, used, used.size() * options.perReplica());
        row.held = burst.links.size();
        row.refused = burst.refused;
        row.failed = burst.failed;
        row.firstFailure = burst.firstFailure;
        row.heldSeconds = burst.seconds;
        count(hop + " sessions held", row.failed, row.firstFailure);
        // A refusal while the pool had room misses a target of ours (direct, router; docs/scale-out.md, "Not done
        // yet"): a figure of the report, not a wrong reply. HAProxy's refusals are what is measured of it.
        missedRoom(hop + " sessions held", hop.equals(HAPROXY) ? 0 : row.refused);
        progress(
                "%d replica(s), %s: %d of %d sessions held (%d refused, %d failed) in %.1f s",
                used.size(),
                hop,
                row.held,
                used.size() * options.perReplica(),
                row.refused,
                row.failed,
                row.heldSeconds);
        closeAll(burst.links);
    }

    /**
     * Replica 1 half full with sessions opened on it directly (as another router's, or MCP sessions that hold a
     * slot but no connection through this proxy), then a burst of the pool's remaining room through the hop.
     */
    private void uneven(String hop, ServerProcess proxy, List<ServerProcess> used, Row row) throws Exception {
        awaitIdle(used);
        int elsewhere = options.perReplica() / 2;
        Burst occupied = burst(null, used.subList(0, 1), elsewhere);
        // Both proxies read the replicas within 250 ms (the router's poll, HAProxy's check).
        Thread.sleep(1_000);
        Burst burst = burst(proxy, used, used.size() * options.perReplica() - elsewhere);
        row.unevenHeld = burst.links.size();
        row.unevenRefused = burst.refused;
        count(hop + " burst beside a half-full replica", burst.failed, burst.firstFailure);
        missedRoom(hop + " burst beside a half-full replica", hop.equals(HAPROXY) ? 0 : burst.refused);
        progress(
                "%d replica(s), %s, replica 1 half full from elsewhere: %d held, %d refused",
                used.size(), hop, row.unevenHeld, row.unevenRefused);
        closeAll(burst.links);
        closeAll(occupied.links);
    }

    private static final class Burst {
        final List<WsLink> links = new ArrayList<>();
        int refused;
        int failed;
        String firstFailure;
        double seconds;
    }

    /** Opens {@code total} sessions through the hop (or round-robin on {@code used}), 128 opening at a time. */
    private Burst burst(ServerProcess proxy, List<ServerProcess> used, int total) throws Exception {
        var row = new Burst();
        var links = row.links;
        long start = System.nanoTime();
        var done = new CompletableFuture<Void>();
        context.runOnContext(ignored -> new Object() {
            int next;
            int finished;

            void more() {
                while (next < total && next - finished < 128) {
                    int i = next++;
                    open(clients.get(i % clients.size()), port(proxy, used, i)).onComplete(result -> {
                        finished++;
                        if (result.succeeded()) {
                            links.add(result.result());
                        } else {
                            String why = String.valueOf(result.cause().getMessage());
                            if (why.contains("CAPACITY_REACHED")) {
                                row.refused++;
                            } else {
                                row.failed++;
                                if (row.firstFailure == null) {
                                    row.firstFailure = why;
                                }
                            }
                        }
                        if (finished == total) {
                            done.complete(null);
                        } else {
                            more();
                        }
                    });
                }
            }
        }.more());
        if (total > 0) {
            done.get(Math.max(120, total / 20), TimeUnit.SECONDS);
        }
        row.seconds = (System.nanoTime() - start) / 1e9;
        return row;
    }

    // ---- helpers

    private int port(ServerProcess proxy, List<ServerProcess> used, int i) {
        return proxy != null ? proxy.wsPort : used.get(i % used.size()).wsPort;
    }

    /** Connects {@code /ws} and resets; fails with the reply when the server refused (CAPACITY_REACHED). On the context. */
    private Future<WsLink> open(WebSocketClient client, int port) {
        Promise<WsLink> opened = Promise.promise();
        context.runOnContext(ignored -> WsLink.open(client, port, "/ws")
                .onFailure(opened::fail)
                .onSuccess(link -> {
                    Expect expect = Expect.wsReset(PAYLOAD);
                    link.send(
                            Expect.resetFrame(PAYLOAD),
                            text -> {
                                String wrong = expect.check(text, 0);
                                return wrong != null && text.contains("CAPACITY_REACHED")
                                        ? "CAPACITY_REACHED: " + text
                                        : wrong;
                            },
                            error -> {
                                if (error == null) {
                                    link.nextStep = 1;
                                    opened.complete(link);
                                } else {
                                    link.ws.close();
                                    opened.fail(error);
                                }
                            });
                }));
        return opened.future();
    }

    private void closeAll(List<WsLink> links) throws Exception {
        var closed = new CompletableFuture<Void>();
        context.runOnContext(ignored ->
                Future.join(links.stream().map(WsLink::close).toList()).onComplete(result -> closed.complete(null)));
        closed.get(120, TimeUnit.SECONDS);
    }

    /** One closed loop per session for {@code duration}, every reply checked; latencies of all of them. */
    private Samples chains(List<WsLink> links, String tag, Duration duration) throws Exception {
        var samples = new Samples();
        var done = new CompletableFuture<Samples>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        context.runOnContext(ignored -> {
            int[] running = {links.size()};
            for (WsLink link : links) {
                Loops.Exchange exchange = BenchRun.wsStep(link, tag, PAYLOAD);
                new Object() {
                    void next() {
                        long t0 = System.nanoTime();
                        exchange.exchange(error -> {
                            long t1 = System.nanoTime();
                            if (error == null) {
                                samples.add(t1 - t0);
                            } else {
                                samples.fail(error);
                            }
                            if (error == null && t1 < end) {
                                next();
                            } else if (--running[0] == 0) {
                                samples.wallNanos = System.nanoTime() - start;
                                done.complete(samples);
                            }
                        });
                    }
                }.next();
            }
        });
        return done.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
    }

    /** Sessions refused (CAPACITY_REACHED) while a replica had room: counted and reported, the target being 0. */
    private void missedRoom(String what, long refused) {
        if (refused > 0) {
            refusedWithRoom += refused;
            problems.add(what + ": " + refused + " refused (CAPACITY_REACHED) while a replica had room (target: 0)");
            progress("%s: %d refused while a replica had room (target: 0)", what, refused);
        }
    }

    private void count(String what, long wrong, String first) {
        if (wrong > 0) {
            errors += wrong;
            problems.add(what + ": " + wrong + " wrong or missing replies; first: " + first);
            progress("%s: %d wrong or missing replies; first: %s", what, wrong, first);
        }
    }

    private static tools.jackson.databind.JsonNode capacity(int port) throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/capacity"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return io.openenv4j.wire.WireJson.parse(response.body());
    }

    /**
     * Waits (at most 180 s) until the router counts {@code free} slots: every replica has answered its poll. A
     * router still starting (many JVMs starting at once on one CPU) may not answer in time: asked again.
     */
    private static void awaitFree(int port, int free) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                var report = capacity(port);
                if (report.path("free_sessions").asInt() >= free) {
                    return;
                }
                last = report.toString();
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the router did not see " + free + " free slots in 180 s: " + last);
    }

    /** Waits (at most 60 s) until no replica holds a session (closes are asynchronous on the server). */
    private static void awaitIdle(List<ServerProcess> used) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (ServerProcess replica : used) {
            while (capacity(replica.wsPort).path("active_sessions").asInt() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(replica.name + " still holds sessions after 60 s");
                }
                Thread.sleep(50);
            }
        }
    }

    // ---- HAProxy

    static Path haproxy() {
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/sbin"}) {
            Path candidate = Path.of(dir, "haproxy");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * HAProxy in front of {@code used}: {@code balance leastconn} (a relayed WebSocket is one connection, so the
     * fewest connections is the fewest sessions when every session is a WebSocket), a health check that takes a
     * draining replica ({@code /capacity} says {@code "draining":true}) out of new placements, one thread (as the
     * router has one event loop on one CPU).
     */
    private ServerProcess startHaproxy(List<ServerProcess> used) throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var config = new StringBuilder();
        config.append("global\n  maxconn 9500\n  nbthread 1\n\n")
                .append("defaults\n  mode http\n  timeout connect 5s\n  timeout client 1h\n  timeout server 1h\n")
                .append("  timeout tunnel 1h\n  timeout http-request 10s\n\n")
                .append("frontend scale\n  bind 127.0.0.1:")
                .append(port)
                .append("\n  default_backend replicas\n\n")
                .append("backend replicas\n  balance leastconn\n  option httpchk GET /capacity\n")
                .append("  http-check expect rstring draining.:false\n");
        for (int i = 0; i < used.size(); i++) {
            config.append("  server r")
                    .append(i + 1)
                    .append(" 127.0.0.1:")
                    .append(used.get(i).wsPort)
                    .append(" check inter 250ms\n");
        }
        Path file = Files.createTempFile("openenv4j-bench-haproxy", ".cfg");
        Files.writeString(file, config);
        ServerProcess proxy = ServerProcess.startProxy(
                "haproxy", options.serverCpus(), List.of(haproxy().toString(), "-db", "-f", file.toString()), port);
        // Every replica's check must pass: HAProxy answers /capacity (from some replica) once one is up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                capacity(port).path("max_sessions").asInt();
                break;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    proxy.close();
                    throw new IllegalStateException("HAProxy routes to no replica: " + Files.readString(proxy.log), e);
                }
                Thread.sleep(100);
            }
        }
        return proxy;
    }

    // ---- report

    private String report(String commandLine, String loadBefore, String loadAfter, double seconds) {
        var out = new StringBuilder("# Scale: the placement hop\n\nCommand: `")
                .append(commandLine)
                .append("`\n\n");
        out.append(String.format(
                "%d replicas at most, %d sessions each; replicas and proxies on CPU %s, load generator on "
                        + "CPU %s; load average %s before, %s after; %.0f s.%n%n",
                options.replicaCounts().stream()
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElse(0),
                options.perReplica(),
                blank(options.serverCpus()),
                blank(options.clientCpus()),
                loadBefore,
                loadAfter,
                seconds));
        if (rows.isEmpty()) {
            out.append("(The hop's figures were not measured in this run: part scale-target only.)\n");
        } else {
            hopReport(out);
        }
        if (!target.isEmpty()) {
            out.append(
                    String.format("%n## %,d concurrent sessions through one endpoint%n%n", options.targetSessions()));
            out.append(
                    "The reference's methodology: each session connects, resets, takes one step that waits 1 s, and "
                            + "closes, all of a batch at once; the batch doubles until it reaches the target or falls below 100%.\n\n");
            target.forEach(line -> out.append(line).append('\n'));
        }
        if (!problems.isEmpty()) {
            out.append("\nProblems:\n\n");
            problems.forEach(problem -> out.append("* ").append(problem).append('\n'));
        }
        out.append(String.format("%nWrong or missing replies: %d.%n", errors));
        out.append(String.format("Sessions refused while a replica had room: %d (target: 0).%n", refusedWithRoom));
        return out.toString();
    }

    private void hopReport(StringBuilder out) {
        out.append("Step latency, one session, closed loop (")
                .append(options.rounds())
                .append(" × ")
                .append(options.latencyTime().toMillis())
                .append(" ms per hop, interleaved), and load (")
                .append(options.loadSessions())
                .append(" sessions, closed loop, ")
                .append(options.loadTime().toMillis())
                .append(
                        " ms): hop CPU is the proxy process's CPU time over the load phase divided by its steps. Sessions "
                                + "held: a burst (128 opening at a time) of as many sessions as the replicas allow in all. Beside a "
                                + "half-full replica: replica 1 holds half its slots from elsewhere (opened on it directly), then a "
                                + "burst of the pool's remaining room through the hop.\n\n");
        out.append("| replicas | hop | p50 µs | p99 µs | added p50 | added p99 µs | steps/s | p50 under load µs "
                + "| hop CPU µs/step | replicas' CPU µs/step | sessions held | refused | failed | open time s "
                + "| beside a half-full replica: held / refused |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach((count, byHop) -> {
            Row direct = byHop.get(DIRECT);
            byHop.forEach((hop, row) -> {
                double p50 = row.latency.percentile(50) / 1e3;
                double p99 = row.latency.percentile(99) / 1e3;
                double d50 = direct.latency.percentile(50) / 1e3;
                double d99 = direct.latency.percentile(99) / 1e3;
                String added = hop.equals(DIRECT)
                        ? ""
                        : String.format("%+.1f µs (%+.0f%%)", p50 - d50, 100 * (p50 - d50) / d50);
                String added99 = hop.equals(DIRECT) ? "" : String.format("%+.1f", p99 - d99);
                out.append(String.format(
                        "| %d | %s | %.1f | %.1f | %s | %s | %.0f | %.1f | %s | %.1f | %d | %d | %d | %.1f | %s |%n",
                        count,
                        hop,
                        p50,
                        p99,
                        added,
                        added99,
                        row.stepsPerSecond,
                        row.load == null ? 0 : row.load.percentile(50) / 1e3,
                        Double.isNaN(row.hopCpuMicrosPerStep) ? "" : String.format("%.1f", row.hopCpuMicrosPerStep),
                        row.replicasCpuMicrosPerStep,
                        row.held,
                        row.refused,
                        row.failed,
                        row.heldSeconds,
                        row.unevenHeld < 0 ? "" : row.unevenHeld + " / " + row.unevenRefused));
            });
        });
        out.append("\nTargets (issue 15): the hop adds ≤ 25% to the WebSocket step p50 and ≤ 15 µs CPU per step.\n\n");
        rows.forEach((count, byHop) -> {
            Row direct = byHop.get(DIRECT);
            byHop.forEach((hop, row) -> {
                if (hop.equals(DIRECT)) {
                    return;
                }
                double d50 = direct.latency.percentile(50);
                double added = d50 == 0 ? 0 : 100.0 * (row.latency.percentile(50) - d50) / d50;
                out.append(String.format(
                        "* %d replica(s), %s: p50 %+.0f%% (%s), CPU %.1f µs/step (%s)%n",
                        count,
                        hop,
                        added,
                        added <= 25 ? "met" : "not met",
                        row.hopCpuMicrosPerStep,
                        row.hopCpuMicrosPerStep <= 15 ? "met" : "not met"));
            });
        });
    }

    private static String blank(String cpus) {
        return cpus == null || cpus.isBlank() ? "(not pinned)" : cpus;
    }
}
