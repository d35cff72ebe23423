package io.openenv4j.rewards;

/**
 * What {@code GET /v1/info} of a reward provider declares.
 *
 * @param rubric the rubric's name
 * @param version the rubric's version
 * @param determinism how far repeated scores may differ
 * @param latencyBudgetMs the longest a request may take before the provider answers 504
 * @param maxBatch the most trajectories one batch or group may hold
 */
public record ProviderInfo(
        String rubric, String version, Determinism determinism, long latencyBudgetMs, int maxBatch) {}
