package io.openenv4j.rewards;

import java.util.List;

/**
 * A group's results (GRPO-style): each trajectory's score and its group-relative advantage {@code (rᵢ -
 * mean) / (std + 1e-6)}, with the population standard deviation; all advantages are 0 when every score is
 * equal.
 */
public record GroupScores(List<Scored> results, List<Double> advantages, double mean, double std) {

    public GroupScores {
        results = List.copyOf(results);
        advantages = List.copyOf(advantages);
        if (results.size() != advantages.size()) {
            throw new IllegalArgumentException("one advantage per result");
        }
    }

    /** The group statistics of {@code results}. */
    public static GroupScores of(List<Scored> results) {
        double mean =
                results.stream().mapToDouble(r -> r.score().value()).average().orElse(0);
        double variance = results.stream()
                .mapToDouble(r -> Math.pow(r.score().value() - mean, 2))
                .average()
                .orElse(0);
        double std = Math.sqrt(variance);
        List<Double> advantages = results.stream()
                .map(r -> std == 0 ? 0.0 : (r.score().value() - mean) / (std + 1e-6))
                .toList();
        return new GroupScores(results, advantages, mean, std);
    }
}
