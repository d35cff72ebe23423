package io.openenv4j.tasks;

import java.util.Objects;

/**
 * How to order a split's tasks: the seed of the order, with or without replacement, and this worker's
 * shard. Everything about the order follows from these values and the split's size: no hash-map order,
 * identity hash or clock is involved, so it is the same in every process and on every machine.
 *
 * @param seed the seed of the order
 * @param replacement whether draws may repeat within an epoch
 * @param shard this worker's part of the split
 */
public record Sampling(long seed, Replacement replacement, Shard shard) {

    public Sampling {
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(shard, "shard");
    }

    /** Without replacement over the whole split. */
    public static Sampling of(long seed) {
        return new Sampling(seed, Replacement.WITHOUT, Shard.whole());
    }

    public Sampling withShard(Shard newShard) {
        return new Sampling(seed, replacement, newShard);
    }

    public Sampling withReplacement(Replacement newReplacement) {
        return new Sampling(seed, newReplacement, shard);
    }
}
