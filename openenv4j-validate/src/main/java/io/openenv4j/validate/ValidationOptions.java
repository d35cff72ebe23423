package io.openenv4j.validate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

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
        Consumer<String> progress) {

    public ValidationOptions {
        Objects.requireNonNull(latencyBudget, "latencyBudget");
        Objects.requireNonNull(progress, "progress");
        if (episodes < 2 || stepLimit < 1 || learnerIterations < 2 || learnerPopulation < 2) {
            throw new IllegalArgumentException("episodes, learner iterations and population must be >= 2");
        }
        if (rewardRange != null && (rewardRange.length != 2 || rewardRange[0] > rewardRange[1])) {
            throw new IllegalArgumentException("rewardRange must be [min, max]");
        }
    }

    public static ValidationOptions defaults() {
        return new ValidationOptions(7, 40, 5000, 8, 16, Duration.ofSeconds(1), null, null, null, line -> {});
    }

    public ValidationOptions withSeed(long newSeed) {
        return new ValidationOptions(newSeed, episodes, stepLimit, learnerIterations, learnerPopulation, latencyBudget,
                maxSessions, rewardRange, leakProbe, progress);
    }

    public ValidationOptions withEpisodes(int newEpisodes) {
        return new ValidationOptions(seed, newEpisodes, stepLimit, learnerIterations, learnerPopulation, latencyBudget,
                maxSessions, rewardRange, leakProbe, progress);
    }

    public ValidationOptions withLearner(int iterations, int population) {
        return new ValidationOptions(seed, episodes, stepLimit, iterations, population, latencyBudget,
                maxSessions, rewardRange, leakProbe, progress);
    }

    public ValidationOptions withMaxSessions(Integer newMax) {
        return new ValidationOptions(seed, episodes, stepLimit, learnerIterations, learnerPopulation, latencyBudget,
                newMax, rewardRange, leakProbe, progress);
    }

    public ValidationOptions withRewardRange(double min, double max) {
        return new ValidationOptions(seed, episodes, stepLimit, learnerIterations, learnerPopulation, latencyBudget,
                maxSessions, new double[] {min, max}, leakProbe, progress);
    }

    public ValidationOptions withLeakProbe(Function<Object, List<String>> newProbe) {
        return new ValidationOptions(seed, episodes, stepLimit, learnerIterations, learnerPopulation, latencyBudget,
                maxSessions, rewardRange, newProbe, progress);
    }

    public ValidationOptions withProgress(Consumer<String> newProgress) {
        return new ValidationOptions(seed, episodes, stepLimit, learnerIterations, learnerPopulation, latencyBudget,
                maxSessions, rewardRange, leakProbe, newProgress);
    }
}
