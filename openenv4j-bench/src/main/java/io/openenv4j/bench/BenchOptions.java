package io.openenv4j.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What one bench run measures and how long each part takes. {@link #full()} is the documented run (about
 * ten minutes on a 2-core machine); {@link #smoke()} runs every part for a moment, for CI.
 *
 * @param out the folder the reports are written to
 * @param sections which parts to run (see {@link #SECTIONS})
 * @param referencePython the Python reference's interpreter (null or missing: the reference is left out)
 * @param referenceScript {@code ref_bench_server.py}
 * @param serverCpus the CPUs the servers are pinned to (taskset list), blank for none
 * @param clientCpus the CPUs the load generator is pinned to, blank for none
 */
public record BenchOptions(
        Path out,
        Set<String> sections,
        Path referencePython,
        Path referenceScript,
        String serverCpus,
        String clientCpus,
        int rounds,
        Duration warmup,
        Duration latencyTime,
        List<Integer> payloads,
        Duration payloadTime,
        int throughputSessions,
        List<Integer> rates,
        List<Integer> referenceRates,
        Duration rateTime,
        List<Integer> capacitySizes,
        int referenceCapacityMax,
        long capacityStepMs,
        int churnCycles,
        int churnSegments,
        int referenceChurnCycles,
        int idleSessions,
        int referenceIdleSessions,
        List<Integer> batchSizes,
        Duration batchTime,
        boolean smoke) {

    public static final List<String> SECTIONS =
            List.of("latency", "payload", "throughput", "batch", "opens", "capacity", "churn", "idle", "rollouts");

    public BenchOptions {
        sections = Set.copyOf(sections);
        payloads = List.copyOf(payloads);
        rates = List.copyOf(rates);
        referenceRates = List.copyOf(referenceRates);
        capacitySizes = List.copyOf(capacitySizes);
        batchSizes = List.copyOf(batchSizes);
        for (String section : sections) {
            if (!SECTIONS.contains(section)) {
                throw new IllegalArgumentException("unknown section '" + section + "'; sections: " + SECTIONS);
            }
        }
    }

    private static List<Integer> doubling(int from, int to) {
        var sizes = new java.util.ArrayList<Integer>();
        for (int size = from; size <= to; size *= 2) {
            sizes.add(size);
        }
        return sizes;
    }

    /** The documented full run. */
    public static BenchOptions full(Path out, Path python, Path script) {
        return new BenchOptions(
                out,
                Set.copyOf(SECTIONS),
                python,
                script,
                "1",
                "0",
                5,
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                List.of(100, 1024, 16 * 1024, 256 * 1024),
                Duration.ofSeconds(1),
                64,
                List.of(10_000, 20_000, 40_000, 60_000, 80_000, 100_000, 130_000, 160_000, 200_000),
                List.of(1_000, 2_000, 4_000, 6_000, 8_000, 11_000, 15_000),
                Duration.ofSeconds(3),
                doubling(1, 16_384),
                2_048,
                1_000,
                100_000,
                10,
                3_000,
                10_000,
                1_000,
                List.of(1, 16, 256),
                Duration.ofSeconds(2),
                false);
    }

    /** Every part for a moment: checks that the machinery works, not how fast it is. */
    public static BenchOptions smoke(Path out, Path python, Path script) {
        return new BenchOptions(
                out,
                Set.copyOf(SECTIONS),
                python,
                script,
                "1",
                "0",
                2,
                Duration.ofMillis(300),
                Duration.ofMillis(300),
                List.of(100, 16 * 1024),
                Duration.ofMillis(200),
                8,
                List.of(2_000, 4_000),
                List.of(500),
                Duration.ofMillis(500),
                List.of(1, 4, 16),
                4,
                100,
                400,
                2,
                40,
                50,
                10,
                List.of(1, 16),
                Duration.ofMillis(300),
                true);
    }

    public BenchOptions withSections(Set<String> newSections) {
        return new BenchOptions(
                out,
                newSections,
                referencePython,
                referenceScript,
                serverCpus,
                clientCpus,
                rounds,
                warmup,
                latencyTime,
                payloads,
                payloadTime,
                throughputSessions,
                rates,
                referenceRates,
                rateTime,
                capacitySizes,
                referenceCapacityMax,
                capacityStepMs,
                churnCycles,
                churnSegments,
                referenceChurnCycles,
                idleSessions,
                referenceIdleSessions,
                batchSizes,
                batchTime,
                smoke);
    }

    public BenchOptions withCpus(String newServerCpus, String newClientCpus) {
        return new BenchOptions(
                out,
                sections,
                referencePython,
                referenceScript,
                newServerCpus,
                newClientCpus,
                rounds,
                warmup,
                latencyTime,
                payloads,
                payloadTime,
                throughputSessions,
                rates,
                referenceRates,
                rateTime,
                capacitySizes,
                referenceCapacityMax,
                capacityStepMs,
                churnCycles,
                churnSegments,
                referenceChurnCycles,
                idleSessions,
                referenceIdleSessions,
                batchSizes,
                batchTime,
                smoke);
    }

    public BenchOptions withRounds(int newRounds) {
        return new BenchOptions(
                out,
                sections,
                referencePython,
                referenceScript,
                serverCpus,
                clientCpus,
                newRounds,
                warmup,
                latencyTime,
                payloads,
                payloadTime,
                throughputSessions,
                rates,
                referenceRates,
                rateTime,
                capacitySizes,
                referenceCapacityMax,
                capacityStepMs,
                churnCycles,
                churnSegments,
                referenceChurnCycles,
                idleSessions,
                referenceIdleSessions,
                batchSizes,
                batchTime,
                smoke);
    }

    boolean runs(String section) {
        return sections.contains(section);
    }

    boolean hasReference() {
        return referencePython != null
                && referenceScript != null
                && java.nio.file.Files.isExecutable(referencePython)
                && java.nio.file.Files.isRegularFile(referenceScript);
    }
}
