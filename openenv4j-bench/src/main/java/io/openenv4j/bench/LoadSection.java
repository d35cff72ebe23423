package io.openenv4j.bench;

import io.openenv4j.wire.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** The many-session parts: batched stepping, open-loop throughput, idle memory, churn and capacity. */
final class LoadSection {

    /** Sessions opened and closed at a time in the churn. */
    static final int CHURN_WORKERS = Integer.getInteger("openenv4j.bench.churnWorkers", 64);
    /**
     * Sessions opened and closed at a time in the session-open rate: enough that both servers are busy, not
     * waiting for the next handshake (at 64 OpenEnv4j's servers idle between wake-ups on a loaded machine).
     */
    static final int OPENS_CONCURRENCY = Integer.getInteger("openenv4j.bench.opensConcurrency", 256);
    /** Warm-up cycles of the session-open rate per OpenEnv4j server (full run; the reference: its churn warm-up). */
    static final int OPENS_WARMUP_CYCLES = Integer.getInteger("openenv4j.bench.opensWarmupCycles", 20_000);
    /** At most this long warming up one server. */
    static final Duration OPENS_WARMUP_LIMIT = Duration.ofSeconds(90);

    private final BenchRun run;
    private final BenchOptions options;

    LoadSection(BenchRun run) {
        this.run = run;
        this.options = run.options();
    }

    private List<ServerProcess> servers() {
        var servers = new ArrayList<ServerProcess>();
        servers.add(run.java());
        servers.add(run.javaLoop());
        if (run.reference() != null) {
            servers.add(run.reference());
        }
        return servers;
    }

    /** Batched stepping on {@code /ws/batch}: frame latency and server CPU per environment step. */
    void batched() throws Exception {
        for (ServerProcess server : List.of(run.java(), run.javaLoop())) {
            for (int envs : options.batchSizes()) {
                batched(server, envs);
            }
        }
    }

    private void batched(ServerProcess server, int envs) throws Exception {
        {
            WsLink link = WsLink.open(run.clients().get(0), server.wsPort, "/ws/batch?envs=" + envs)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            long[] step = {0};
            var reset = new CompletableFuture<String>();
            run.context()
                    .runOnContext(ignored -> link.send(
                            "{\"type\":\"reset\",\"data\":{}}",
                            text -> checkBatch(text, envs, 0),
                            error -> reset.complete(error == null ? "" : error)));
            String resetError = reset.get(30, TimeUnit.SECONDS);
            if (!resetError.isEmpty()) {
                throw new IllegalStateException("batched reset failed: " + resetError);
            }
            var frame = new StringBuilder("{\"type\":\"step\",\"data\":{\"actions\":[");
            for (int i = 0; i < envs; i++) {
                frame.append(i == 0 ? "" : ",").append("{\"tag\":\"b\"}");
            }
            String stepFrame = frame.append("]}}").toString();
            Loops.Exchange exchange = reply -> {
                long n = ++step[0];
                link.send(stepFrame, text -> checkBatch(text, envs, n), reply);
            };
            Loops.closed(run.context(), exchange, options.warmup(), Integer.MAX_VALUE);
            long cpuBefore = server.cpuNanos();
            Samples samples = Loops.closed(run.context(), exchange, options.batchTime(), Integer.MAX_VALUE);
            long cpu = server.cpuNanos() - cpuBefore;
            run.close(link);
            long envSteps = (long) samples.count() * envs;
            var row = new Results.Batched(
                    server.name,
                    envs,
                    Results.Stat.of(samples, (double) cpu / Math.max(1, samples.count())),
                    envSteps / (samples.wallNanos / 1e9),
                    (double) cpu / Math.max(1, envSteps));
            run.results().batched.add(row);
            run.progress(
                    "batch %-12s %4d envs per frame: frame p50 %8.1f µs p99 %8.1f µs, %,.0f env steps/s, server CPU %.2f µs per env step%s",
                    server.name,
                    envs,
                    row.frame().p50() / 1e3,
                    row.frame().p99() / 1e3,
                    row.envStepsPerSecond(),
                    row.cpuPerEnvStep() / 1e3,
                    samples.errors > 0 ? "  ERRORS " + samples.errors + ": " + samples.firstError : "");
        }
    }

    /** Null when {@code text} is the batched reply for step {@code n} of every environment. */
    private static String checkBatch(String text, int envs, long n) {
        JsonNode node = WireJson.parse(text);
        JsonNode results = node.path("data").path("results");
        if (!node.path("type").asString("").equals("observations") || results.size() != envs) {
            return "unexpected batched reply: " + (text.length() > 160 ? text.substring(0, 160) : text);
        }
        for (JsonNode result : results) {
            if (result.path("observation").path("step").asLong(-1) != n
                    || (n > 0 && !result.path("reward").isNumber())) {
                return "unexpected batched result for step " + n + ": " + result;
            }
        }
        return null;
    }

    /** Open loop at rising fixed rates over many sessions, per server, until a rate is not sustained. */
    void throughput() throws Exception {
        for (ServerProcess server : servers()) {
            boolean java = server != run.reference();
            var load = new SessionLoad(run.context(), run.clients(), server.wsPort);
            var failures = new Samples();
            List<WsLink> links = load.hold(options.throughputSessions(), 64, failures);
            if (failures.errors > 0) {
                throw new IllegalStateException("opening the throughput sessions failed: " + failures.firstError);
            }
            try {
                String frame = Expect.stepFrame("t", 0);
                Expect expect = Expect.wsStep("t", 16);
                List<Integer> rates = java ? options.rates() : options.referenceRates();
                Loops.open(
                        run.context(),
                        links,
                        frame,
                        expect,
                        rates.get(0),
                        options.rateTime(),
                        Duration.ofSeconds(2),
                        256);
                for (int rate : rates) {
                    long cpuBefore = server.cpuNanos();
                    Samples samples = Loops.open(
                            run.context(), links, frame, expect, rate, options.rateTime(), Duration.ofSeconds(2), 256);
                    long cpu = server.cpuNanos() - cpuBefore;
                    double wall = samples.wallNanos / 1e9;
                    var row = new Results.Rate(
                            server.name,
                            links.size(),
                            rate,
                            samples.count() / wall,
                            samples.percentile(50),
                            samples.percentile(99),
                            samples.percentile(99.9),
                            cpu / 1e9 / wall,
                            samples.errors,
                            samples.dropped,
                            samples.firstError);
                    run.results().rates.add(row);
                    run.progress(
                            "throughput %-9s %,8d/s offered: %,9.0f/s achieved, p50 %8.1f µs p99 %9.1f µs, server %.2f cores "
                                    + "(%,.0f steps/s per core)%s",
                            server.name,
                            rate,
                            row.achieved(),
                            row.p50() / 1e3,
                            row.p99() / 1e3,
                            row.serverCores(),
                            row.perServerCore(),
                            row.sustained()
                                    ? ""
                                    : "  NOT SUSTAINED (dropped " + row.dropped() + ", errors " + row.errors() + ")");
                    if (!row.sustained()) {
                        break;
                    }
                }
            } finally {
                load.release(links);
            }
            // Replies still in flight after an unsustained rate must not reach the next part.
            Thread.sleep(options.smoke() ? 200 : 2_000);
        }
    }

    /** Heap (OpenEnv4j), resident memory and threads with N idle sessions open. */
    void idle() throws Exception {
        for (ServerProcess server : servers()) {
            int count = server != run.reference() ? options.idleSessions() : options.referenceIdleSessions();
            var load = new SessionLoad(run.context(), run.clients(), server.wsPort);
            long heapBefore = server.heapAfterGc();
            long rssBefore = server.rssBytes();
            long threadsBefore = server.threads();
            var failures = new Samples();
            List<WsLink> links = load.hold(count, 256, failures);
            Thread.sleep(options.smoke() ? 100 : 1_000);
            long heapWith = server.heapAfterGc();
            long rssWith = server.rssBytes();
            long threadsWith = server.threads();
            load.release(links);
            Thread.sleep(options.smoke() ? 200 : 2_000);
            long heapAfter = server.heapAfterGc();
            long rssAfter = server.rssBytes();
            var row = new Results.Idle(
                    server.name,
                    links.size(),
                    heapBefore,
                    heapWith,
                    heapAfter,
                    rssBefore,
                    rssWith,
                    rssAfter,
                    threadsBefore,
                    threadsWith,
                    failures.errors);
            run.results().idle.add(row);
            run.progress(
                    "idle %-9s %,d sessions: heap %s per session, RSS %.1f KB per session, threads %d -> %d%s",
                    server.name,
                    links.size(),
                    row.heapPerSession() < 0 ? "n/a" : String.format("%.1f KB", row.heapPerSession() / 1024),
                    row.rssPerSession() / 1024,
                    threadsBefore,
                    threadsWith,
                    failures.errors > 0 ? "  ERRORS " + failures.errors + ": " + failures.firstError : "");
        }
    }

    /** Open/close cycles in segments; open rate, open latency and server memory per segment (drift). */
    void churn() throws Exception {
        for (ServerProcess server : servers()) {
            boolean java = server != run.reference();
            int cycles = java ? options.churnCycles() : options.referenceChurnCycles();
            int segments = java ? options.churnSegments() : 2;
            var load = new SessionLoad(run.context(), run.clients(), server.wsPort);
            // Warm-up (JIT, pools) excluded: two segments' worth of cycles.
            load.churn(Math.max(10, 2 * cycles / segments), CHURN_WORKERS, Duration.ofSeconds(60));
            for (int segment = 0; segment < segments; segment++) {
                long cpuBefore = server.cpuNanos();
                SessionLoad.Churn churn =
                        load.churn(cycles / segments, CHURN_WORKERS, Duration.ofSeconds(java ? 120 : 60));
                long cpu = server.cpuNanos() - cpuBefore;
                long heap = server.heapAfterGc();
                var row = new Results.Segment(
                        server.name,
                        churn.cycles(),
                        churn.rate(),
                        churn.open().percentile(50),
                        churn.open().percentile(99),
                        (double) cpu / Math.max(1, churn.cycles()),
                        heap,
                        server.rssBytes(),
                        server.threads(),
                        churn.open().errors,
                        churn.open().firstError);
                run.results().churn.add(row);
                run.progress(
                        "churn %-9s segment %d/%d: %,d cycles at %,.0f opens/s, open p50 %.0f µs p99 %.0f µs, server CPU %.0f µs/cycle, heap %s, RSS %.0f MB, %d threads%s",
                        server.name,
                        segment + 1,
                        segments,
                        row.cycles(),
                        row.rate(),
                        row.p50() / 1e3,
                        row.p99() / 1e3,
                        row.cpuPerCycle() / 1e3,
                        heap < 0 ? "n/a" : String.format("%.1f MB", heap / 1048576.0),
                        row.rssAfter() / 1048576.0,
                        row.threadsAfter(),
                        row.errors() > 0 ? "  ERRORS " + row.errors() + ": " + row.firstError() : "");
            }
        }
    }

    /**
     * The session-open rate: open (connect + reset) and close cycles, {@link #OPENS_CONCURRENCY} at a time, for
     * {@code rateTime} per server and round, driven by the multi-process load generator so that the rate is
     * the server's and not one driver process's; servers interleaved, their order rotating each round, so a
     * ratio is taken within a round. Warm-up thrown away: {@link #OPENS_WARMUP_CYCLES} cycles per OpenEnv4j
     * server (a fresh JVM's JIT, the server's and the workers', needs about as many as the churn's warm-up),
     * the reference's churn warm-up for the reference; a moment in a smoke run.
     */
    void opens() throws Exception {
        CapacityWorkers workers = run.workers();
        List<ServerProcess> servers = servers();
        for (ServerProcess server : servers) {
            // As many warm-up cycles as the churn's (a fresh JVM's JIT needs about that many), time-bounded.
            int target = options.smoke()
                    ? 1
                    : server != run.reference() ? OPENS_WARMUP_CYCLES : options.referenceChurnCycles();
            long deadline = System.nanoTime() + OPENS_WARMUP_LIMIT.toNanos();
            int warmed = 0;
            while (warmed < target && System.nanoTime() < deadline) {
                SessionLoad.Churn warm = workers.churn(
                        server.wsPort, OPENS_CONCURRENCY, options.smoke() ? options.warmup() : Duration.ofSeconds(5));
                if (warm.open().errors > 0) {
                    throw new IllegalStateException(
                            "warming up the session opens on " + server.name + " failed: " + warm.open().firstError);
                }
                warmed += warm.cycles();
            }
            run.progress("opens warm-up %-9s %,d cycles (thrown away)", server.name, warmed);
        }
        for (int round = 0; round < options.rounds(); round++) {
            for (int i = 0; i < servers.size(); i++) {
                ServerProcess server = servers.get((i + round) % servers.size());
                long cpuBefore = server.cpuNanos();
                long generatorBefore = workers.cpuNanos();
                SessionLoad.Churn churn = workers.churn(server.wsPort, OPENS_CONCURRENCY, options.rateTime());
                long cpu = server.cpuNanos() - cpuBefore;
                long generator = workers.cpuNanos() - generatorBefore;
                var row = new Results.Opens(
                        server.name,
                        round,
                        OPENS_CONCURRENCY,
                        churn.cycles(),
                        churn.rate(),
                        churn.open().percentile(50),
                        churn.open().percentile(99),
                        (double) cpu / Math.max(1, churn.cycles()),
                        generator / 1e9 / churn.seconds(),
                        churn.open().errors,
                        churn.open().firstError);
                run.results().opens.add(row);
                run.progress(
                        "opens round %d %-9s %,d cycles at %,.0f opens/s (%d processes, %d at a time), open p50 %.0f µs p99 %.0f µs, "
                                + "server CPU %.0f µs/cycle, load generator %.2f cores busy%s",
                        round + 1,
                        server.name,
                        row.cycles(),
                        row.rate(),
                        CapacityWorkers.WORKERS,
                        OPENS_CONCURRENCY,
                        row.p50() / 1e3,
                        row.p99() / 1e3,
                        row.cpuPerCycle() / 1e3,
                        row.generatorCores(),
                        row.errors() > 0 ? "  ERRORS " + row.errors() + ": " + row.firstError() : "");
                // Let the server finish closing the cycle's last sessions before the next server's turn.
                Thread.sleep(options.smoke() ? 100 : 1_000);
            }
        }
    }

    /** The published capacity methodology, batch sizes doubling until success drops below 95%. */
    void capacity() throws Exception {
        CapacityWorkers workers = run.workers();
        // A first small batch, thrown away: every worker's first connections pay its JVM's warm-up.
        workers.capacity(servers().get(0).blockingPort, 8 * CapacityWorkers.WORKERS, 0, 64, 60);
        capacity(workers);
    }

    private void capacity(CapacityWorkers workers) throws Exception {
        for (ServerProcess server : servers()) {
            boolean java = server != run.reference();
            for (int size : options.capacitySizes()) {
                if (!java && size > options.referenceCapacityMax()) {
                    break;
                }
                // The step waits 1 s: the blocking environment's port (its calls on virtual threads).
                SessionLoad.Batch batch = workers.capacity(
                        server.blockingPort, size, options.capacityStepMs(), 1024, options.smoke() ? 30 : 180);
                run.results().capacity.add(new Results.Capacity(server.name, batch));
                run.progress(
                        "capacity %-9s %,6d sessions: %.1f%% ok, total p50 %.0f ms p99 %.0f ms (connect p99 %.0f ms, reset p99 %.0f ms, "
                                + "step p99 %.0f ms), %.1f s%s",
                        server.name,
                        size,
                        batch.successRate() * 100,
                        batch.total().percentile(50) / 1e6,
                        batch.total().percentile(99) / 1e6,
                        batch.connect().percentile(99) / 1e6,
                        batch.reset().percentile(99) / 1e6,
                        batch.step().percentile(99) / 1e6,
                        batch.seconds(),
                        batch.firstError() == null ? "" : "  first failure: " + batch.firstError());
                // Let the server finish closing the batch's sessions before the next one.
                Thread.sleep(options.smoke() ? 200 : 2_000);
                if (batch.successRate() < 0.95) {
                    break;
                }
            }
        }
    }
}
