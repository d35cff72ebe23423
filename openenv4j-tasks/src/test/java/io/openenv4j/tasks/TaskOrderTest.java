package io.openenv4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TaskOrderTest {

    private static List<Long> epoch(long count, Sampling sampling, long epoch) {
        var order = TaskOrder.of(count, sampling);
        return LongStream.range(0, order.shardSize())
                .mapToObj(offset -> order.index(epoch, offset))
                .toList();
    }

    @Property(tries = 300)
    void shardsOfAnEpochAreDisjointAndTogetherComplete(
            @ForAll @LongRange(min = 1, max = 3000) long count,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 17) int worldSize,
            @ForAll @LongRange(min = 0, max = 5) long epoch) {
        var seen = new ArrayList<Long>();
        for (int rank = 0; rank < worldSize; rank++) {
            var sampling = new Sampling(seed, Replacement.WITHOUT, Shard.of(rank, worldSize));
            if (TaskOrder.of(count, sampling).shardSize() > 0) {
                seen.addAll(epoch(count, sampling, epoch));
            }
        }
        assertThat(seen).hasSize((int) count);
        assertThat(new HashSet<>(seen)).hasSize((int) count);
        assertThat(seen).allMatch(index -> index >= 0 && index < count);
    }

    @Property(tries = 200)
    void shardSizesDifferByAtMostOne(
            @ForAll @LongRange(min = 0, max = 100_000) long count, @ForAll @IntRange(min = 1, max = 64) int worldSize) {
        long min = Long.MAX_VALUE;
        long max = 0;
        long total = 0;
        for (int rank = 0; rank < worldSize; rank++) {
            long size = Shard.of(rank, worldSize).sizeOf(count);
            min = Math.min(min, size);
            max = Math.max(max, size);
            total += size;
        }
        assertThat(total).isEqualTo(count);
        assertThat(max - min).isLessThanOrEqualTo(1);
    }

    @Property(tries = 200)
    void theSameSeedGivesTheSameOrderAndPositionsRunOnIntoLaterEpochs(
            @ForAll @LongRange(min = 1, max = 500) long count, @ForAll long seed) {
        var sampling = Sampling.of(seed);
        var order = TaskOrder.of(count, sampling);
        var again = TaskOrder.of(count, sampling);
        for (long position = 0; position < 3 * count; position++) {
            assertThat(order.index(position)).isEqualTo(again.index(position));
            assertThat(order.epochOf(position)).isEqualTo(position / count);
            assertThat(order.index(position)).isEqualTo(order.index(position / count, position % count));
        }
    }

    @Test
    void eachEpochIsItsOwnPermutation() {
        var sampling = Sampling.of(7);
        List<Long> first = epoch(1000, sampling, 0);
        List<Long> second = epoch(1000, sampling, 1);
        assertThat(new HashSet<>(first)).hasSize(1000).isEqualTo(new HashSet<>(second));
        assertThat(first).isNotEqualTo(second);
        assertThat(epoch(1000, sampling, 0)).isEqualTo(first);
        assertThat(epoch(1000, Sampling.of(8), 0)).isNotEqualTo(first);
    }

    @Test
    void theOrderIsShuffledNotSequential() {
        List<Long> order = epoch(10_000, Sampling.of(1), 0);
        long fixedPoints = 0;
        long ascending = 0;
        for (int i = 0; i < order.size(); i++) {
            fixedPoints += order.get(i) == i ? 1 : 0;
            ascending += i > 0 && order.get(i) > order.get(i - 1) ? 1 : 0;
        }
        // a uniform permutation has about 1 fixed point and about half its neighbours ascending
        assertThat(fixedPoints).isLessThan(20);
        assertThat(ascending).isBetween(4_500L, 5_500L);
    }

    @Test
    void withReplacementDrawsRepeatAndStayInTheShard() {
        var whole = TaskOrder.of(50, Sampling.of(3).withReplacement(Replacement.WITH));
        var draws = LongStream.range(0, 500).map(whole::index).boxed().toList();
        assertThat(draws).allMatch(index -> index >= 0 && index < 50);
        assertThat(new HashSet<>(draws).size()).isLessThan(500).isGreaterThan(40);
        long[] counts = new long[50];
        draws.forEach(index -> counts[index.intValue()]++);
        assertThat(LongStream.of(counts).max().orElseThrow()).isLessThan(30);

        Set<Long> shardTasks = new HashSet<>(epoch(50, new Sampling(3, Replacement.WITHOUT, Shard.of(1, 3)), 0));
        var shard = TaskOrder.of(50, new Sampling(3, Replacement.WITH, Shard.of(1, 3)));
        assertThat(LongStream.range(0, 300).map(shard::index).boxed().toList()).allMatch(shardTasks::contains);
    }

    @Test
    void withoutReplacementNeverRepeatsWithinAnEpoch() {
        var order = TaskOrder.of(200, new Sampling(11, Replacement.WITHOUT, Shard.of(2, 4)));
        var seen = new HashSet<Long>();
        for (long position = 0; position < order.shardSize(); position++) {
            assertThat(seen.add(order.index(position))).isTrue();
        }
    }

    @Test
    void aShardWithNoTasksAndNegativePositionsAreClearErrors() {
        assertThatThrownBy(() -> TaskOrder.of(3, Sampling.of(0).withShard(Shard.of(5, 8)))
                        .index(0))
                .isInstanceOf(TaskLookupException.class)
                .hasMessageContaining("shard 5 of 8 holds no tasks");
        assertThatThrownBy(() -> TaskOrder.of(3, Sampling.of(0)).index(-1))
                .isInstanceOf(TaskLookupException.class)
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Shard.of(4, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
