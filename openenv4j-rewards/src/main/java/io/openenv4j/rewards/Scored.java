package io.openenv4j.rewards;

import java.util.Objects;

/**
 * One trajectory's result from a reward provider.
 *
 * @param id the trajectory's id as the caller sent it, or {@code null}
 * @param contentHash SHA-256 (hex) of the rubric's name and version and the trajectory's canonical JSON
 *     (without its id): the cache and idempotency key
 * @param score the score
 * @param cached whether the provider answered from its cache
 */
public record Scored(String id, String contentHash, Score score, boolean cached) {

    public Scored {
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(score, "score");
    }
}
