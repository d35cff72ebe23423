package io.openenv4j.tasks;

/**
 * One worker's part of a split when {@code worldSize} workers roll out in parallel: within each epoch the
 * workers' parts are disjoint and together hold every task exactly once (their sizes differ by at most one).
 *
 * @param rank this worker, {@code 0 <= rank < worldSize}
 * @param worldSize how many workers share the split
 */
public record Shard(int rank, int worldSize) {

    private static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (worldSize < 1) {
            throw new IllegalArgumentException("world size must be at least 1, got " + worldSize);
        }
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank must be within 0.." + (worldSize - 1) + ", got " + rank);
        }
    }

    /** The whole split: one worker. */
    public static Shard whole() {
        return WHOLE;
    }

    public static Shard of(int rank, int worldSize) {
        return new Shard(rank, worldSize);
    }

    /** How many of {@code count} tasks fall to this shard: positions {@code rank, rank + worldSize, …}. */
    public long sizeOf(long count) {
        return count <= rank ? 0 : (count - rank + worldSize - 1) / worldSize;
    }
}
