package io.openenv4j.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closed-loop latency, one session per transport: in-process baselines, the raw TCP floor, WebSocket and
 * HTTP on both servers; then the payload matrix. Transports take turns within each round (the order
 * rotates from round to round), warm-up is run first and thrown away, and server CPU per step is read
 * around each measurement.
 */
final class LatencySection {

    private static final int MAX_PER_MEASUREMENT = 2_000_000;
    private final BenchRun run;
    private final BenchOptions options;

    LatencySection(BenchRun run) {
        this.run = run;
        this.options = run.options();
    }

    /** A transport under test: a name, the server whose CPU it uses (null for none) and its exchange. */
    private record Subject(String name, ServerProcess server, Loops.Exchange exchange, Runnable inline) {}

    void run() throws Exception {
        var subjects = new ArrayList<Subject>();
        var closers = new ArrayList<AutoCloseable>();
        subjects.add(new Subject(BenchRun.INPROC, null, null, inProcessStep()));
        subjects.add(new Subject(BenchRun.CODEC_TREE, null, null, BenchRun.codecPath(false, 16)));
        subjects.add(new Subject(BenchRun.CODEC, null, null, BenchRun.codecPath(true, 16)));
        addTransports(subjects, closers, 16, true);
        try {
            run.progress(
                    "latency: warming up %d transports for %d ms each",
                    subjects.size(), options.warmup().toMillis());
            for (Subject subject : subjects) {
                Results.Stat warm = measure(subject, options.warmup());
                if (warm.errors() > 0) {
                    run.progress("latency: warm-up of %s failed: %s", subject.name(), warm.firstError());
                }
            }
            for (int round = 0; round < options.rounds(); round++) {
                for (int i = 0; i < subjects.size(); i++) {
                    Subject subject = subjects.get((i + round) % subjects.size());
                    Results.Stat stat = measure(subject, options.latencyTime());
                    run.results().latency(subject.name(), stat);
                    run.progress(
                            "latency round %d/%d: %-42s p50 %7.1f µs  p99 %7.1f µs  cpu/step %6.1f µs  n=%d%s",
                            round + 1,
                            options.rounds(),
                            subject.name(),
                            stat.p50() / 1e3,
                            stat.p99() / 1e3,
                            stat.cpuPerStep() / 1e3,
                            stat.count(),
                            stat.errors() > 0 ? "  ERRORS " + stat.errors() + ": " + stat.firstError() : "");
                }
            }
        } finally {
            for (AutoCloseable closer : closers) {
                closer.close();
            }
        }
        var r = run.results();
        for (String ws : java.util.List.of(BenchRun.WS, BenchRun.WS_BLOCKING, BenchRun.WS_LOOP)) {
            run.progress(
                    "latency: %s: /TCP p50 %.2fx p99 %.2fx; reference/it p50 %.2fx; server CPU per step it/reference %.3f",
                    ws,
                    r.medianRatio(ws, BenchRun.TCP, Results.Stat::p50),
                    r.medianRatio(ws, BenchRun.TCP, Results.Stat::p99),
                    r.medianRatio(BenchRun.WS_REF, ws, Results.Stat::p50),
                    r.medianRatio(ws, BenchRun.WS_REF, Results.Stat::cpuPerStep));
        }
    }

    void payloads() throws Exception {
        Map<Integer, List<Subject>> bySize = new LinkedHashMap<>();
        var closers = new ArrayList<AutoCloseable>();
        try {
            for (int bytes : options.payloads()) {
                var subjects = new ArrayList<Subject>();
                addTransports(subjects, closers, bytes, false);
                bySize.put(bytes, subjects);
                for (Subject subject : subjects) {
                    measure(subject, options.warmup().dividedBy(4));
                }
            }
            int rounds = Math.max(2, options.rounds() - 2);
            for (int round = 0; round < rounds; round++) {
                for (var entry : bySize.entrySet()) {
                    List<Subject> subjects = entry.getValue();
                    for (int i = 0; i < subjects.size(); i++) {
                        Subject subject = subjects.get((i + round) % subjects.size());
                        Results.Stat stat = measure(subject, options.payloadTime());
                        run.results().payload(entry.getKey(), subject.name(), stat);
                        run.progress(
                                "payload %6d B round %d/%d: %-28s p50 %8.1f µs  p99 %8.1f µs%s",
                                entry.getKey(),
                                round + 1,
                                rounds,
                                subject.name(),
                                stat.p50() / 1e3,
                                stat.p99() / 1e3,
                                stat.errors() > 0 ? "  ERRORS " + stat.errors() + ": " + stat.firstError() : "");
                    }
                }
            }
        } finally {
            for (AutoCloseable closer : closers) {
                closer.close();
            }
        }
    }

    private static Runnable inProcessStep() {
        var env = new io.openenv4j.envs.bench.BenchEnvironment(
                io.openenv4j.envs.bench.BenchEnvironment.Settings.immediate());
        var action = new io.openenv4j.envs.bench.BenchEnvironment.Action("b", null);
        long[] expected = {0};
        return () -> {
            if (env.step(action).observation().step() != ++expected[0]) {
                throw new IllegalStateException("wrong step number");
            }
        };
    }

    /** The raw TCP floor, WebSocket and HTTP of both servers (HTTP only when {@code http}). */
    private void addTransports(List<Subject> subjects, List<AutoCloseable> closers, int payloadBytes, boolean all)
            throws Exception {
        ServerProcess java = run.java();
        byte[] request = BenchRun.utf8(Expect.stepFrame("b", 0));
        int replyBytes = Expect.wsStep("b", payloadBytes).length(1000);
        var tcp = new Links.Tcp(java.tcpPort, request, replyBytes);
        closers.add(tcp);
        subjects.add(new Subject(BenchRun.TCP, java, null, tcp::exchange));
        WsLink ws = run.session(java, payloadBytes);
        closers.add(() -> run.close(ws));
        subjects.add(new Subject(BenchRun.WS, java, BenchRun.wsStep(ws, "b", payloadBytes), null));
        WsLink blocking = run.session(java, java.blockingPort, payloadBytes);
        closers.add(() -> run.close(blocking));
        subjects.add(new Subject(BenchRun.WS_BLOCKING, java, BenchRun.wsStep(blocking, "b", payloadBytes), null));
        WsLink loop = run.session(run.javaLoop(), payloadBytes);
        closers.add(() -> run.close(loop));
        subjects.add(new Subject(BenchRun.WS_LOOP, run.javaLoop(), BenchRun.wsStep(loop, "b", payloadBytes), null));
        if (all && run.javaNio() != null) {
            WsLink nio = run.session(run.javaNio(), payloadBytes);
            closers.add(() -> run.close(nio));
            subjects.add(new Subject(BenchRun.WS_NIO, run.javaNio(), BenchRun.wsStep(nio, "b", payloadBytes), null));
        }
        if (all) {
            var http = new Links.Http(run.vertx(), java.wsPort, "h", payloadBytes);
            closers.add(http::close);
            subjects.add(new Subject(BenchRun.HTTP, java, http::exchange, null));
        }
        ServerProcess reference = run.reference();
        if (reference != null) {
            WsLink ref = run.session(reference, payloadBytes);
            closers.add(() -> run.close(ref));
            subjects.add(new Subject(BenchRun.WS_REF, reference, BenchRun.wsStep(ref, "b", payloadBytes), null));
            if (all) {
                var http = new Links.Http(run.vertx(), reference.wsPort, "h", payloadBytes);
                closers.add(http::close);
                subjects.add(new Subject(BenchRun.HTTP_REF, reference, http::exchange, null));
            }
        }
    }

    private Results.Stat measure(Subject subject, Duration time) throws Exception {
        if (subject.inline() != null && subject.server() == null) {
            Samples samples = Loops.inline(subject.inline(), time, MAX_PER_MEASUREMENT);
            return Results.Stat.of(samples, Double.NaN);
        }
        long cpuBefore = subject.server().cpuNanos();
        Samples samples = subject.inline() != null
                ? Loops.inline(subject.inline(), time, MAX_PER_MEASUREMENT)
                : Loops.closed(run.context(), subject.exchange(), time, MAX_PER_MEASUREMENT);
        long cpu = subject.server().cpuNanos() - cpuBefore;
        return Results.Stat.of(samples, samples.count() == 0 ? Double.NaN : (double) cpu / samples.count());
    }
}
