package io.openenv4j.tasks;

import io.openenv4j.tasks.internal.Permutation;
import java.util.Objects;

/**
 * The order in which one worker visits the tasks of a split of {@code count} tasks under a {@link Sampling}:
 * position {@code p} (0, 1, 2, … across epochs) maps to a row index.
 *
 * <p>Epochs: an epoch is {@link #shardSize()} positions; position {@code p} lies in epoch {@code p /
 * shardSize()}. Without replacement, each epoch first permutes the whole split with a seeded permutation of
 * its own (a function of seed and epoch), then the shard takes every {@code worldSize}-th element from
 * {@code rank}: within an epoch a worker never repeats a task, and the workers' shards are disjoint and
 * together complete. With replacement, each draw is uniform over the shard's tasks (fixed by the seed's
 * epoch-0 permutation, so shards stay disjoint), independent of the others.
 *
 * <p>Immutable and thread-safe; computing an index takes constant time and memory.
 */
public final class TaskOrder {

    private final long count;
    private final Sampling sampling;
    private final long shardSize;
    private final Permutation partition;

    private TaskOrder(long count, Sampling sampling) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        this.count = count;
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        this.shardSize = sampling.shard().sizeOf(count);
        this.partition = new Permutation(count, sampling.seed(), 0);
    }

    /** The order of a split of {@code count} tasks. */
    public static TaskOrder of(long count, Sampling sampling) {
        return new TaskOrder(count, sampling);
    }

    /** How many tasks the shard holds: the length of one epoch. */
    public long shardSize() {
        return shardSize;
    }

    /** The epoch position {@code position} lies in. */
    public long epochOf(long position) {
        requireUsable(position);
        return position / shardSize;
    }

    /** The row index of the task at {@code position}. */
    public long index(long position) {
        requireUsable(position);
        long epoch = position / shardSize;
        long offset = position % shardSize;
        Shard shard = sampling.shard();
        return switch (sampling.replacement()) {
            case WITHOUT ->
                new Permutation(count, sampling.seed(), epoch).apply(shard.rank() + offset * shard.worldSize());
            case WITH -> {
                long draw = Permutation.mix(
                        Permutation.mix(sampling.seed() ^ 0x5DEECE66DL) + position * 0x9E3779B97F4A7C15L);
                long pick = Math.unsignedMultiplyHigh(draw, shardSize);
                yield partition.apply(shard.rank() + pick * shard.worldSize());
            }
        };
    }

    /** The row index of the task at {@code offset} within {@code epoch}. */
    public long index(long epoch, long offset) {
        if (epoch < 0 || offset < 0 || (shardSize > 0 && offset >= shardSize)) {
            throw new TaskLookupException(
                    "offset " + offset + " is outside epoch " + epoch + " of " + shardSize + " tasks");
        }
        requireUsable(0);
        return index(Math.multiplyExact(epoch, shardSize) + offset);
    }

    private void requireUsable(long position) {
        if (position < 0) {
            throw new TaskLookupException("task position must not be negative, got " + position);
        }
        if (shardSize == 0) {
            Shard shard = sampling.shard();
            throw new TaskLookupException(
                    count == 0
                            ? "the split holds no tasks"
                            : "shard " + shard.rank() + " of " + shard.worldSize()
                                    + " holds no tasks: the split has only " + count);
        }
    }
}
