package io.openenv4j.validate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * How much work a validation does, and where its progress goes.
 *
 * @param seed the first seed; episodes use {@code seed, seed+1, …}
 * @param episodes episodes per baseline (oracle, no-op, random), on the same seeds
 * @param stepLimit steps after which an episode counts as unfinished
 * @param learnerIterations iterations of the cross-entropy learner
 * @param learnerPopulation action sequences per learner iteration
 * @param latencyBudget the p95 step round trip that {@code runtime.latency} accepts
 * @param maxSessions the target's session limit, to probe {@code protocol.capacity}; null to skip it (URL
 *     targets) — an in-process validation serves a second server with one session for it
 * @param rewardRange the declared reward range {@code [min, max]} per step, or null
 * @param leakProbe returns the secret strings of a state (its JSON form as a map), or null to rely on the
 *     field-name heuristic only
 * @param progress receives one line per check and per phase
 * @param replyTimeout how long the validator waits for any reply (the declared step timeout); past it the
 *     request counts as unanswered ({@code runtime.reply_timeout}) and the check goes on
 * @param idleTimeout URL targets: the idle timeout the server declares (null: not declared, the check is
 *     skipped); in process: the idle timeout of the server the validator starts to probe it
 * @param resources how many cycles {@code runtime.resources.*} run and what growth they accept
 * @param pid URL targets: the process id of a local server, whose {@code /proc/<pid>} the resource check
 *     reads; null when unknown
 * @param wireOracle URL targets: makes the oracle for the episode of a seed (see {@link WireOracles}); null
 *     when the target declares none (checks that need one are skipped)
 */
public record ValidationOptions(
        long seed,
        int episodes,
        int stepLimit,
        int learnerIterations,
        int learnerPopulation,
        Duration latencyBudget,
        Integer maxSessions,
        double[] rewardRange,
        Function<Object, List<String>> leakProbe,
        Consumer<String> progress,
        Duration replyTimeout,
        Duration idleTimeout,
        ResourceLimits resources,
        Long pid,
        LongFunction<WireOracle> wireOracle) {

    /**
     * The resource checks' budget.
     *
     * @param episodes reset/step/close cycles measured (after {@code episodes / 4} warm-up cycles)
     * @param heapBytesPerEpisode in process: accepted growth of the heap after GC, per episode
     * @param threadGrowth accepted growth of live threads over all cycles
     * @param rssBytesPerEpisode with a pid: accepted growth of the resident set, per episode
     * @param latencyDrift accepted ratio of the last quarter's median episode time to the first quarter's
     */
    public record ResourceLimits(
            int episodes, long heapBytesPerEpisode, int threadGrowth, long rssBytesPerEpisode, double latencyDrift) {
        public ResourceLimits {
            if (episodes < 4
                    || heapBytesPerEpisode < 0
                    || threadGrowth < 0
                    || rssBytesPerEpisode < 0
                    || latencyDrift < 1) {
                throw new IllegalArgumentException("resource limits: episodes >= 4, growths >= 0, drift >= 1");
            }
        }

        /** 40 cycles; 128 KiB heap and 1 MiB RSS per episode; 4 threads in all; drift 2. */
        public static ResourceLimits defaults() {
            return new ResourceLimits(40, 128 * 1024, 4, 1024 * 1024, 2.0);
        }
    }

    public ValidationOptions {
        Objects.requireNonNull(latencyBudget, "latencyBudget");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(replyTimeout, "replyTimeout");
        Objects.requireNonNull(resources, "resources");
        if (episodes < 2 || stepLimit < 1 || learnerIterations < 2 || learnerPopulation < 2) {
            throw new IllegalArgumentException("episodes, learner iterations and population must be >= 2");
        }
        if (rewardRange != null && (rewardRange.length != 2 || rewardRange[0] > rewardRange[1])) {
            throw new IllegalArgumentException("rewardRange must be [min, max]");
        }
        if (replyTimeout.isNegative()
                || replyTimeout.isZero()
                || (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero()))) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public static ValidationOptions defaults() {
        return new ValidationOptions(
                7,
                40,
                5000,
                8,
                16,
                Duration.ofSeconds(1),
                null,
                null,
                null,
                line -> {},
                Duration.ofSeconds(30),
                null,
                ResourceLimits.defaults(),
                null,
                null);
    }

    public ValidationOptions withSeed(long newSeed) {
        return new ValidationOptions(
                newSeed,
                episodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                maxSessions,
                rewardRange,
                leakProbe,
                progress,
                replyTimeout,
                idleTimeout,
                resources,
                pid,
                wireOracle);
    }

    public ValidationOptions withEpisodes(int newEpisodes) {
        return new ValidationOptions(
                seed,
                newEpisodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                maxSessions,
                rewardRange,
                leakProbe,
                progress,
                replyTimeout,
                idleTimeout,
                resources,
                pid,
                wireOracle);
    }

    public ValidationOptions withLearner(int iterations, int population) {
        return new ValidationOptions(
                seed,
                episodes,
                stepLimit,
                iterations,
                population,
                latencyBudget,
                maxSessions,
                rewardRange,
                leakProbe,
                progress,
                replyTimeout,
                idleTimeout,
                resources,
                pid,
                wireOracle);
    }

    public ValidationOptions withMaxSessions(Integer newMax) {
        return new ValidationOptions(
                seed,
                episodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                newMax,
                rewardRange,
                leakProbe,
                progress,
                replyTimeout,
                idleTimeout,
                resources,
                pid,
                wireOracle);
    }

    public ValidationOptions withRewardRange(double min, double max) {
        return new ValidationOptions(
                seed,
                episodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                maxSessions,
                new double[] {min, max},
                leakProbe,
                progress,
                replyTimeout,
                idleTimeout,
                resources,
                pid,
                wireOracle);
    }

    public ValidationOptions withLeakProbe(Function<Object, List<String>> newProbe) {
        return new ValidationOptions(
                seed,
                episodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                maxSessions,
                rewardRange,
                newProbe,
                progress,
                replyTimeout,
                idleTimeout,
                resources,
                pid,
                wireOracle);
    }

    public ValidationOptions withProgress(Consumer<String> newProgress) {
        return new ValidationOptions(
                seed,
                episodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                maxSessions,
                rewardRange,
                leakProbe,
                newProgress,
                replyTimeout,
                idleTimeout,
                resources,
                pid,
                wireOracle);
    }

    /** The declared step timeout: how long any reply may take. */
    public ValidationOptions withReplyTimeout(Duration newTimeout) {
        return new ValidationOptions(
                seed,
                episodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                maxSessions,
                rewardRange,
                leakProbe,
                progress,
                newTimeout,
                idleTimeout,
                resources,
                pid,
                wireOracle);
    }

    /** URL targets: the idle timeout the server declares; in process: the one to probe with. */
    public ValidationOptions withIdleTimeout(Duration newTimeout) {
        return new ValidationOptions(
                seed,
                episodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                maxSessions,
                rewardRange,
                leakProbe,
                progress,
                replyTimeout,
                newTimeout,
                resources,
                pid,
                wireOracle);
    }

    public ValidationOptions withResources(ResourceLimits newLimits) {
        return new ValidationOptions(
                seed,
                episodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                maxSessions,
                rewardRange,
                leakProbe,
                progress,
                replyTimeout,
                idleTimeout,
                newLimits,
                pid,
                wireOracle);
    }

    /** URL targets: the local server process to measure. */
    public ValidationOptions withPid(Long newPid) {
        return new ValidationOptions(
                seed,
                episodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                maxSessions,
                rewardRange,
                leakProbe,
                progress,
                replyTimeout,
                idleTimeout,
                resources,
                newPid,
                wireOracle);
    }

    /** URL targets: the oracle the target declares (a script or a built-in's policy, see {@link WireOracles}). */
    public ValidationOptions withWireOracle(LongFunction<WireOracle> newOracle) {
        return new ValidationOptions(
                seed,
                episodes,
                stepLimit,
                learnerIterations,
                learnerPopulation,
                latencyBudget,
                maxSessions,
                rewardRange,
                leakProbe,
                progress,
                replyTimeout,
                idleTimeout,
                resources,
                pid,
                newOracle);
    }
}
