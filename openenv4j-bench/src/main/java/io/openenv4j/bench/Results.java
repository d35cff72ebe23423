package io.openenv4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured, for the reports. Filled by {@link BenchRun} on one thread. */
final class Results {

    /** One closed-loop measurement of one transport in one round. */
    record Stat(
            long count,
            long p50,
            long p90,
            long p99,
            long p999,
            double mean,
            double cpuPerStep,
            long errors,
            String firstError) {
        static Stat of(Samples samples, double cpuPerStep) {
            return new Stat(
                    samples.count(),
                    samples.percentile(50),
                    samples.percentile(90),
                    samples.percentile(99),
                    samples.percentile(99.9),
                    samples.meanNanos(),
                    cpuPerStep,
                    samples.errors + samples.dropped,
                    samples.firstError);
        }
    }

    /** One open-loop rate step. */
    record Rate(
            String server,
            int sessions,
            double offered,
            double achieved,
            long p50,
            long p99,
            long p999,
            double serverCores,
            long errors,
            long dropped,
            String firstError) {
        double perServerCore() {
            return serverCores <= 0 ? 0 : achieved / serverCores;
        }

        boolean sustained() {
            return errors == 0 && dropped == 0 && achieved >= 0.95 * offered;
        }
    }

    /** One capacity batch of one server. */
    record Capacity(String server, SessionLoad.Batch batch) {}

    /** One churn segment: open latency and server memory after it. */
    record Segment(
            String server,
            int cycles,
            double rate,
            long p50,
            long p99,
            double cpuPerCycle,
            long heapAfter,
            long rssAfter,
            long threadsAfter,
            long errors,
            String firstError) {}

    /** One round of the session-open rate of one server, driven by the multi-process load generator. */
    record Opens(
            String server,
            int round,
            int concurrency,
            int cycles,
            double rate,
            long p50,
            long p99,
            double cpuPerCycle,
            double generatorCores,
            long errors,
            String firstError) {}

    /** Memory held by idle sessions. */
    record Idle(
            String server,
            int sessions,
            long heapBefore,
            long heapWith,
            long heapAfter,
            long rssBefore,
            long rssWith,
            long rssAfter,
            long threadsBefore,
            long threadsWith,
            long errors) {
        double heapPerSession() {
            return heapBefore < 0 ? -1 : (double) (heapWith - heapBefore) / sessions;
        }

        double rssPerSession() {
            return (double) (rssWith - rssBefore) / sessions;
        }
    }

    /** One batched-stepping group size. */
    record Batched(String server, int envs, Stat frame, double envStepsPerSecond, double cpuPerEnvStep) {}

    /** One rollouts measurement: a Python trainer loop over N environments of one kind, one way. */
    record Rollout(
            String env,
            String mode,
            int envs,
            long steps,
            double stepsPerSecond,
            double trainerCpuMicros,
            double workersCpuMicros,
            double serverCpuMicros,
            long episodes) {
        /** CPU per environment step on the trainer's side: the trainer process and its worker processes. */
        double clientCpuMicros() {
            return trainerCpuMicros + workersCpuMicros;
        }
    }

    String machine = "";
    String command = "";
    String notes = "";
    /** Transport name → one Stat per round, in round order. */
    final Map<String, List<Stat>> latency = new LinkedHashMap<>();
    /** Payload bytes → transport → one Stat per round. */
    final Map<Integer, Map<String, List<Stat>>> payload = new LinkedHashMap<>();

    final List<Rate> rates = new ArrayList<>();
    final List<Capacity> capacity = new ArrayList<>();
    final List<Segment> churn = new ArrayList<>();
    final List<Opens> opens = new ArrayList<>();
    final List<Idle> idle = new ArrayList<>();
    final List<Batched> batched = new ArrayList<>();
    final List<Rollout> rollouts = new ArrayList<>();
    final List<String> rolloutsSkipped = new ArrayList<>();
    /** 1 when rollouts.py failed. */
    long rolloutErrors;

    final List<String> problems = new ArrayList<>();
    double seconds;

    void latency(String transport, Stat stat) {
        latency.computeIfAbsent(transport, key -> new ArrayList<>()).add(stat);
    }

    void payload(int bytes, String transport, Stat stat) {
        payload.computeIfAbsent(bytes, key -> new LinkedHashMap<>())
                .computeIfAbsent(transport, key -> new ArrayList<>())
                .add(stat);
    }

    /** Total errors over every measurement that must be error-free (capacity failures are outcomes, not errors). */
    long errors() {
        long errors = 0;
        for (var stats : latency.values()) {
            errors += stats.stream().mapToLong(Stat::errors).sum();
        }
        for (var byTransport : payload.values()) {
            for (var stats : byTransport.values()) {
                errors += stats.stream().mapToLong(Stat::errors).sum();
            }
        }
        errors += rates.stream().mapToLong(Rate::errors).sum();
        errors += churn.stream().mapToLong(Segment::errors).sum();
        errors += opens.stream().mapToLong(Opens::errors).sum();
        errors += idle.stream().mapToLong(Idle::errors).sum();
        errors += batched.stream().mapToLong(batch -> batch.frame().errors()).sum();
        errors += rolloutErrors;
        return errors;
    }

    /** Median over rounds of a per-round ratio {@code a/b} of two transports' values; NaN when either is missing. */
    double medianRatio(String a, String b, java.util.function.ToDoubleFunction<Stat> value) {
        return medianRatio(latency.get(a), latency.get(b), value);
    }

    static double medianRatio(List<Stat> as, List<Stat> bs, java.util.function.ToDoubleFunction<Stat> value) {
        if (as == null || bs == null || as.isEmpty() || bs.isEmpty()) {
            return Double.NaN;
        }
        var ratios = new ArrayList<Double>();
        for (int i = 0; i < Math.min(as.size(), bs.size()); i++) {
            double denominator = value.applyAsDouble(bs.get(i));
            if (denominator > 0) {
                ratios.add(value.applyAsDouble(as.get(i)) / denominator);
            }
        }
        return median(ratios);
    }

    /** Median over rounds of {@code server}'s open rate / the reference's in the same round; NaN when missing. */
    double medianOpensRatio(String server) {
        var ratios = new ArrayList<Double>();
        for (Opens mine : opens) {
            if (mine.server().equals(server)) {
                opens.stream()
                        .filter(o -> o.server().equals(BenchRun.REFERENCE) && o.round() == mine.round() && o.rate() > 0)
                        .findFirst()
                        .ifPresent(ref -> ratios.add(mine.rate() / ref.rate()));
            }
        }
        return median(ratios);
    }

    /** Median over rounds of one value of {@code server}'s open-rate rounds; NaN when none. */
    double medianOpens(String server, java.util.function.ToDoubleFunction<Opens> value) {
        return median(opens.stream()
                .filter(o -> o.server().equals(server))
                .map(value::applyAsDouble)
                .toList());
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        var sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Median over rounds of one value of one transport. */
    double median(String transport, java.util.function.ToDoubleFunction<Stat> value) {
        List<Stat> stats = latency.get(transport);
        if (stats == null) {
            return Double.NaN;
        }
        return median(stats.stream().map(value::applyAsDouble).toList());
    }
}
