package io.openenv4j.bench;

import static io.openenv4j.bench.Reports.n;
import static io.openenv4j.bench.Reports.us;
import static io.openenv4j.bench.Reports.x;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's tables, from the targets down to each part's figures. */
final class Tables {

    private Tables() {}

    static List<Reports.Table> all(Results r) {
        var tables = new ArrayList<Reports.Table>();
        tables.add(targets(r));
        if (!r.latency.isEmpty()) {
            var rows = new ArrayList<List<String>>();
            for (String t : r.latency.keySet()) {
                rows.add(List.of(
                        t,
                        us(r.median(t, Results.Stat::p50)),
                        us(r.median(t, Results.Stat::p90)),
                        us(r.median(t, Results.Stat::p99)),
                        us(r.median(t, Results.Stat::p999)),
                        us(r.median(t, Results.Stat::cpuPerStep)),
                        x(r.medianRatio(t, BenchRun.TCP, Results.Stat::p50)),
                        x(r.medianRatio(t, BenchRun.TCP, Results.Stat::p99)),
                        n(r.latency.get(t).stream()
                                .mapToLong(Results.Stat::count)
                                .sum())));
            }
            tables.add(new Reports.Table(
                    "Closed-loop step latency, one session (µs, median over rounds)",
                    List.of(
                            "transport",
                            "p50",
                            "p90",
                            "p99",
                            "p99.9",
                            "server CPU/step",
                            "p50 / floor",
                            "p99 / floor",
                            "steps"),
                    rows,
                    "Ratios are per round, then the median over rounds. Server CPU per step is the server process's "
                            + "user+system time (/proc/<pid>/stat) over the measurement divided by the steps."));
        }
        if (!r.payload.isEmpty()) {
            var rows = new ArrayList<List<String>>();
            for (var bySize : r.payload.entrySet()) {
                var tcp = bySize.getValue().get(BenchRun.TCP);
                for (var entry : bySize.getValue().entrySet()) {
                    var stats = entry.getValue();
                    rows.add(List.of(
                            n(bySize.getKey()),
                            entry.getKey(),
                            us(Results.median(
                                    stats.stream().map(s -> (double) s.p50()).toList())),
                            us(Results.median(
                                    stats.stream().map(s -> (double) s.p99()).toList())),
                            x(Results.medianRatio(stats, tcp, Results.Stat::p50)),
                            x(Results.medianRatio(stats, bySize.getValue().get(BenchRun.WS), Results.Stat::p50))));
                }
            }
            tables.add(new Reports.Table(
                    "Payload matrix: WebSocket step by observation payload (µs)",
                    List.of("payload bytes", "transport", "p50", "p99", "p50 / floor", "p50 / OpenEnv4j"),
                    rows,
                    null));
        }
        if (!r.batched.isEmpty()) {
            var rows = new ArrayList<List<String>>();
            for (Results.Batched b : r.batched) {
                double single = r.median(
                        b.server().equals(BenchRun.JAVA) ? BenchRun.WS : BenchRun.WS_LOOP, Results.Stat::cpuPerStep);
                rows.add(List.of(
                        b.server(),
                        String.valueOf(b.envs()),
                        us(b.frame().p50()),
                        us(b.frame().p99()),
                        n(b.envStepsPerSecond()),
                        String.format(Locale.ROOT, "%.2f", b.cpuPerEnvStep() / 1e3),
                        x(b.cpuPerEnvStep() / single)));
            }
            tables.add(new Reports.Table(
                    "Batched stepping on /ws/batch (one frame steps N environments)",
                    List.of(
                            "server",
                            "envs per frame",
                            "frame p50 µs",
                            "frame p99 µs",
                            "env steps/s",
                            "server CPU µs per env step",
                            "CPU vs one step per frame"),
                    rows,
                    null));
        }
        if (!r.rates.isEmpty()) {
            var rows = new ArrayList<List<String>>();
            for (Results.Rate rate : r.rates) {
                rows.add(List.of(
                        rate.server(),
                        String.valueOf(rate.sessions()),
                        n(rate.offered()),
                        n(rate.achieved()),
                        us(rate.p50()),
                        us(rate.p99()),
                        us(rate.p999()),
                        String.format(Locale.ROOT, "%.2f", rate.serverCores()),
                        n(rate.perServerCore()),
                        rate.sustained() ? "yes" : "no (dropped " + rate.dropped() + ")"));
            }
            tables.add(new Reports.Table(
                    "Open-loop throughput (latency from the intended send time, µs)",
                    List.of(
                            "server",
                            "sessions",
                            "offered/s",
                            "achieved/s",
                            "p50",
                            "p99",
                            "p99.9",
                            "server cores busy",
                            "steps/s per server core",
                            "sustained"),
                    rows,
                    null));
        }
        if (!r.idle.isEmpty()) {
            var rows = new ArrayList<List<String>>();
            for (Results.Idle idle : r.idle) {
                rows.add(List.of(
                        idle.server(),
                        n(idle.sessions()),
                        idle.heapPerSession() < 0
                                ? "–"
                                : String.format(Locale.ROOT, "%.1f", idle.heapPerSession() / 1024),
                        String.format(Locale.ROOT, "%.1f", idle.rssPerSession() / 1024),
                        idle.threadsBefore() + " → " + idle.threadsWith(),
                        idle.heapBefore() < 0
                                ? "–"
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f → %.1f",
                                        idle.heapBefore() / 1048576.0,
                                        idle.heapAfter() / 1048576.0)));
            }
            tables.add(new Reports.Table(
                    "Idle sessions",
                    List.of(
                            "server",
                            "sessions",
                            "heap KB/session",
                            "RSS KB/session",
                            "OS threads",
                            "heap MB before → after closing"),
                    rows,
                    null));
        }
        if (!r.churn.isEmpty()) {
            var rows = new ArrayList<List<String>>();
            for (Results.Segment s : r.churn) {
                rows.add(List.of(
                        s.server(),
                        n(s.cycles()),
                        n(s.rate()),
                        us(s.p50()),
                        us(s.p99()),
                        us(s.cpuPerCycle()),
                        s.heapAfter() < 0 ? "–" : String.format(Locale.ROOT, "%.1f", s.heapAfter() / 1048576.0),
                        String.format(Locale.ROOT, "%.0f", s.rssAfter() / 1048576.0),
                        String.valueOf(s.threadsAfter())));
            }
            tables.add(new Reports.Table(
                    "Session churn: open (connect + reset) and close, " + LoadSection.CHURN_WORKERS + " at a time",
                    List.of(
                            "server",
                            "cycles",
                            "opens/s",
                            "open p50 µs",
                            "open p99 µs",
                            "server CPU µs/cycle",
                            "heap MB after GC",
                            "RSS MB",
                            "threads"),
                    rows,
                    null));
        }
        if (!r.opens.isEmpty()) {
            var rows = new ArrayList<List<String>>();
            for (Results.Opens o : r.opens) {
                double ratio = r.opens.stream()
                        .filter(ref -> ref.server().equals(BenchRun.REFERENCE) && ref.round() == o.round())
                        .mapToDouble(ref -> o.rate() / ref.rate())
                        .findFirst()
                        .orElse(Double.NaN);
                rows.add(List.of(
                        String.valueOf(o.round() + 1),
                        o.server(),
                        n(o.cycles()),
                        n(o.rate()),
                        us(o.p50()),
                        us(o.p99()),
                        us(o.cpuPerCycle()),
                        String.format(Locale.ROOT, "%.2f", o.generatorCores()),
                        Reports.x(ratio)));
            }
            tables.add(new Reports.Table(
                    "Session opens: open (connect + reset) and close, " + LoadSection.OPENS_CONCURRENCY
                            + " at a time from " + CapacityWorkers.WORKERS + " load-generator processes",
                    List.of(
                            "round",
                            "server",
                            "cycles",
                            "opens/s",
                            "open p50 µs",
                            "open p99 µs",
                            "server CPU µs/cycle",
                            "load generator cores busy",
                            "opens / reference's, same round"),
                    rows,
                    null));
        }
        if (!r.capacity.isEmpty()) {
            var rows = new ArrayList<List<String>>();
            for (Results.Capacity c : r.capacity) {
                var b = c.batch();
                rows.add(List.of(
                        c.server(),
                        n(b.size()),
                        String.format(Locale.ROOT, "%.1f%%", b.successRate() * 100),
                        ms(b.total().percentile(50)),
                        ms(b.total().percentile(99)),
                        ms(b.connect().percentile(99)),
                        ms(b.reset().percentile(99)),
                        ms(b.step().percentile(99)),
                        ms(b.close().percentile(99)),
                        b.firstError() == null
                                ? ""
                                : b.firstError().length() > 80 ? b.firstError().substring(0, 80) : b.firstError()));
            }
            tables.add(new Reports.Table(
                    "Capacity (published methodology: connect, reset, a step that waits, close; ms)",
                    List.of(
                            "server",
                            "sessions",
                            "success",
                            "session p50",
                            "session p99",
                            "connect p99",
                            "reset p99",
                            "step p99",
                            "close p99",
                            "first failure"),
                    rows,
                    null));
        }
        if (!r.rollouts.isEmpty()) {
            var rows = new ArrayList<List<String>>();
            for (Results.Rollout o : r.rollouts) {
                rows.add(List.of(
                        o.env(),
                        o.mode(),
                        String.valueOf(o.envs()),
                        n(o.stepsPerSecond()),
                        String.format(Locale.ROOT, "%.2f", o.clientCpuMicros()),
                        Double.isNaN(o.serverCpuMicros())
                                ? "–"
                                : String.format(Locale.ROOT, "%.2f", o.serverCpuMicros()),
                        n(o.episodes())));
            }
            String note =
                    "batch: our server over /ws/batch through openenv4j.vector.VectorEnv; ws: our server over N plain /ws "
                            + "sessions; sync and async: Gymnasium's SyncVectorEnv and AsyncVectorEnv in the trainer's process (async: "
                            + "one worker process per environment). Trainer CPU includes the worker processes."
                            + (r.rolloutsSkipped.isEmpty()
                                    ? ""
                                    : " Not run: " + String.join("; ", r.rolloutsSkipped) + ".");
            tables.add(new Reports.Table(
                    "Rollouts: a Python trainer loop with random actions, N environments",
                    List.of("env", "way", "N", "env steps/s", "trainer CPU µs/step", "server CPU µs/step", "episodes"),
                    rows,
                    note));
            double batch = rolloutRate(r, "batch");
            double sync = rolloutRate(r, "sync");
            double async = rolloutRate(r, "async");
            tables.add(new Reports.Table(
                    "Targets (issue 20): CartPole, 256 environments, from Python",
                    List.of("target", "goal", "measured", "met"),
                    List.of(
                            List.of(
                                    "/ws/batch steps/s vs SyncVectorEnv",
                                    "≥ 1×",
                                    Reports.x(batch / sync),
                                    Double.isNaN(batch / sync) ? "–" : batch >= sync ? "yes" : "no"),
                            List.of(
                                    "/ws/batch steps/s vs AsyncVectorEnv",
                                    "≥ 5×",
                                    Reports.x(batch / async),
                                    Double.isNaN(batch / async) ? "–" : batch >= 5 * async ? "yes" : "no")),
                    null));
        }
        return tables;
    }

    /** CartPole with 256 environments, one way; NaN when not measured. */
    private static double rolloutRate(Results r, String mode) {
        return r.rollouts.stream()
                .filter(o -> o.env().equals("cartpole")
                        && o.envs() == 256
                        && o.mode().equals(mode))
                .mapToDouble(Results.Rollout::stepsPerSecond)
                .findFirst()
                .orElse(Double.NaN);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.0f", nanos / 1e6);
    }

    private static Reports.Table targets(Results r) {
        var rows = new ArrayList<List<String>>();
        String[] servers = {BenchRun.JAVA, BenchRun.JAVA_LOOP};
        String[] sockets = {BenchRun.WS, BenchRun.WS_LOOP};
        rows.add(row(
                "WebSocket step p50 / raw TCP RTT (one session)",
                "≤ 1.30×",
                v -> r.medianRatio(sockets[v], BenchRun.TCP, Results.Stat::p50),
                Reports::x,
                value -> value <= 1.3));
        rows.add(row(
                "WebSocket step p99 / raw TCP p99",
                "≤ 2.00×",
                v -> r.medianRatio(sockets[v], BenchRun.TCP, Results.Stat::p99),
                Reports::x,
                value -> value <= 2.0));
        rows.add(row(
                "server CPU per step / reference's (one session, closed loop)",
                "≤ 0.125×",
                v -> r.medianRatio(sockets[v], BenchRun.WS_REF, Results.Stat::cpuPerStep),
                Reports::x,
                value -> value <= 0.125));
        double blockingP50 = r.medianRatio(BenchRun.WS_BLOCKING, BenchRun.TCP, Results.Stat::p50);
        double blockingCpu = r.medianRatio(BenchRun.WS_BLOCKING, BenchRun.WS_REF, Results.Stat::cpuPerStep);
        rows.add(List.of(
                "context: an environment declared BLOCKING (default path, virtual threads): p50 / raw TCP; CPU per step / reference's",
                "–",
                Reports.x(blockingP50) + "; " + Reports.x(blockingCpu),
                "–",
                "–"));
        double floorCpu = r.medianRatio(BenchRun.TCP, BenchRun.WS_REF, Results.Stat::cpuPerStep);
        rows.add(List.of(
                "context: the raw TCP floor's own server CPU per round trip / reference's per step",
                "–",
                Reports.x(floorCpu),
                Reports.x(floorCpu),
                "–"));
        double refLoaded = r.rates.stream()
                .filter(rate -> rate.server().equals(BenchRun.REFERENCE) && rate.sustained())
                .mapToDouble(rate -> rate.serverCores() / rate.achieved() * 1e9)
                .min()
                .orElse(Double.NaN);
        rows.add(row(
                "server CPU per step / reference's (many sessions, best sustained rate)",
                "≤ 0.125×",
                v -> r.rates.stream()
                                .filter(rate -> rate.server().equals(servers[v]) && rate.sustained())
                                .mapToDouble(rate -> rate.serverCores() / rate.achieved() * 1e9)
                                .min()
                                .orElse(Double.NaN)
                        / refLoaded,
                Reports::x,
                value -> value <= 0.125));
        rows.add(row(
                "steps/s per server core, many sessions",
                "≥ 100,000",
                v -> r.rates.stream()
                        .filter(rate -> rate.server().equals(servers[v]) && rate.sustained())
                        .mapToDouble(Results.Rate::perServerCore)
                        .max()
                        .orElse(Double.NaN),
                Reports::n,
                value -> value >= 100_000));
        rows.add(row(
                "batched stepping, server CPU per env step",
                "≤ 1 µs",
                v -> r.batched.stream()
                        .filter(b -> b.server().equals(servers[v]))
                        .mapToDouble(Results.Batched::cpuPerEnvStep)
                        .min()
                        .orElse(Double.NaN),
                value -> us(value) + " µs",
                value -> value <= 1_000));
        rows.add(row(
                "concurrent sessions at 100% success (1 s step)",
                "≥ 16,384",
                v -> r.capacity.stream()
                        .filter(c -> c.server().equals(servers[v]) && c.batch().successRate() == 1.0)
                        .mapToDouble(c -> c.batch().size())
                        .max()
                        .orElse(Double.NaN),
                Reports::n,
                value -> value >= 16_384));
        rows.add(row(
                "heap per idle session",
                "≤ 25 KB",
                v -> r.idle.stream()
                        .filter(i -> i.server().equals(servers[v]))
                        .mapToDouble(Results.Idle::heapPerSession)
                        .findFirst()
                        .orElse(Double.NaN),
                value -> String.format(Locale.ROOT, "%.1f KB", value / 1024),
                value -> value <= 25 * 1024));
        rows.add(row(
                "OS threads added per 100 idle sessions",
                "0 (no thread per session)",
                v -> r.idle.stream()
                        .filter(i -> i.server().equals(servers[v]))
                        .mapToDouble(i -> 100.0 * (i.threadsWith() - i.threadsBefore()) / i.sessions())
                        .findFirst()
                        .orElse(Double.NaN),
                value -> String.format(Locale.ROOT, "%.2f", value),
                value -> value < 1));
        if (!r.opens.isEmpty()) {
            double refOpens = r.medianOpens(BenchRun.REFERENCE, Results.Opens::rate);
            rows.add(row(
                    "session opens / reference's (" + n(refOpens) + "/s; " + CapacityWorkers.WORKERS
                            + "-process load generator, median of per-round ratios)",
                    "≥ 20×",
                    v -> r.medianOpensRatio(servers[v]),
                    Reports::x,
                    value -> value >= 20));
        } else {
            double refOpens = r.churn.stream()
                    .filter(s -> s.server().equals(BenchRun.REFERENCE))
                    .mapToDouble(Results.Segment::rate)
                    .average()
                    .orElse(Double.NaN);
            rows.add(row(
                    "session opens / reference's (" + n(refOpens) + "/s; churn, driver process)",
                    "≥ 20×",
                    v -> r.churn.stream()
                                    .filter(s -> s.server().equals(servers[v]))
                                    .mapToDouble(Results.Segment::rate)
                                    .average()
                                    .orElse(Double.NaN)
                            / refOpens,
                    Reports::x,
                    value -> value >= 20));
        }
        double refOpenCpu = r.churn.stream()
                .filter(s -> s.server().equals(BenchRun.REFERENCE))
                .mapToDouble(Results.Segment::cpuPerCycle)
                .average()
                .orElse(Double.NaN);
        rows.add(row(
                "server CPU per session open+close / reference's (" + us(refOpenCpu) + " µs)",
                "≤ 0.05× (20×)",
                v -> r.churn.stream()
                                .filter(s -> s.server().equals(servers[v]))
                                .mapToDouble(Results.Segment::cpuPerCycle)
                                .average()
                                .orElse(Double.NaN)
                        / refOpenCpu,
                Reports::x,
                value -> value <= 0.05));
        rows.add(row(
                "drift over the churn: heap, last − first segment",
                "none (< 8 MB)",
                v -> drift(r, servers[v], Results.Segment::heapAfter, true) / 1048576.0,
                value -> String.format(Locale.ROOT, "%+.1f MB", value),
                value -> Math.abs(value) < 8));
        rows.add(row(
                "drift over the churn: open p50, last / first segment",
                "none (< 1.5×)",
                v -> drift(r, servers[v], Results.Segment::p50, false),
                Reports::x,
                value -> value < 1.5));
        int cycles = r.churn.stream()
                .filter(s -> s.server().equals(BenchRun.JAVA))
                .mapToInt(Results.Segment::cycles)
                .sum();
        return new Reports.Table(
                "Targets (issue 9)",
                List.of(
                        "target",
                        "goal",
                        "OpenEnv4j (defaults)",
                        "OpenEnv4j (blocking env, event-loop carriers)",
                        "met (defaults / event-loop)"),
                rows,
                "Defaults: the bench environment declared NON_BLOCKING (answered on the event loop), except capacity, whose "
                        + "1 s step runs on the same environment declared BLOCKING (virtual threads). Event-loop carriers (opt-in) serve "
                        + "the environment declared BLOCKING throughout. "
                        + "Ratios are medians of per-round ratios from this run; a run with any wrong or missing reply does not count. "
                        + "Churn: " + n(cycles) + " open/close cycles per OpenEnv4j server.");
    }

    private static double drift(
            Results r, String server, java.util.function.ToLongFunction<Results.Segment> value, boolean difference) {
        var segments = r.churn.stream().filter(s -> s.server().equals(server)).toList();
        if (segments.size() < 2) {
            return Double.NaN;
        }
        double first = value.applyAsLong(segments.get(0));
        double last = value.applyAsLong(segments.get(segments.size() - 1));
        return difference ? last - first : last / first;
    }

    private static List<String> row(
            String what,
            String goal,
            java.util.function.IntToDoubleFunction measure,
            java.util.function.DoubleFunction<String> format,
            java.util.function.DoublePredicate met) {
        double a = measure.applyAsDouble(0);
        double b = measure.applyAsDouble(1);
        String verdict = (Double.isNaN(a) ? "–" : met.test(a) ? "yes" : "**no**") + " / "
                + (Double.isNaN(b) ? "–" : met.test(b) ? "yes" : "**no**");
        return List.of(what, goal, format.apply(a), format.apply(b), verdict);
    }
}
