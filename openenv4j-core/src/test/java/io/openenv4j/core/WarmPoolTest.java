package io.openenv4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmPoolTest {

    /** A resource that knows whether it was closed. */
    static final class Item implements AutoCloseable {
        final int number;
        volatile boolean closed;

        Item(int number) {
            this.number = number;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final AtomicInteger made = new AtomicInteger();
    private final ConcurrentLinkedQueue<Item> all = new ConcurrentLinkedQueue<>();

    private Item make() {
        Item item = new Item(made.incrementAndGet());
        all.add(item);
        return item;
    }

    @Test
    void aTakeFromAFullPoolIsAHitAndTheRefillMakesAnother() throws Exception {
        try (var pool = WarmPool.start("test_hit", 3, this::make)) {
            assertThat(pool.awaitReady(3, 60_000)).isTrue();
            long hits = WarmPool.stats().get("test_hit").hits();
            Item item = pool.take();
            assertThat(item.closed).isFalse();
            assertThat(WarmPool.stats().get("test_hit").hits()).isEqualTo(hits + 1);
            assertThat(pool.awaitReady(3, 60_000)).isTrue();
            assertThat(made.get()).isEqualTo(4);
        }
    }

    @Test
    void aPoolOfNoneMakesEveryItemOnTheSpotAndCountsAMiss() {
        try (var pool = WarmPool.start("test_miss", 0, this::make)) {
            long misses = WarmPool.stats().get("test_miss").misses();
            Item first = pool.take();
            Item second = pool.take();
            assertThat(first).isNotSameAs(second);
            assertThat(WarmPool.stats().get("test_miss").misses()).isEqualTo(misses + 2);
            assertThat(pool.ready()).isZero();
        }
    }

    @Test
    void noItemIsEverHandedOutTwice() throws Exception {
        var taken = new ArrayList<Item>();
        try (var pool = WarmPool.start("test_once", 4, this::make)) {
            for (int i = 0; i < 40; i++) {
                taken.add(pool.take());
            }
        }
        Set<Integer> numbers = new HashSet<>();
        taken.forEach(item -> numbers.add(item.number));
        assertThat(numbers).hasSize(40);
    }

    @Test
    void theRefillStopsWhileThereIsNoRoomAndNeverKeepsMoreThanTheCapacity() throws Exception {
        var room = new AtomicBoolean(false);
        try (var pool = WarmPool.start("test_room", 2, this::make, room::get, item -> true)) {
            assertThat(pool.awaitReady(1, 300)).isFalse();
            assertThat(made.get()).isZero();
            room.set(true);
            assertThat(pool.awaitReady(2, 60_000)).isTrue();
            assertThat(pool.awaitReady(3, 300)).isFalse();
            assertThat(pool.ready()).isEqualTo(2);
            assertThat(made.get()).isEqualTo(2);
        }
    }

    @Test
    void closingClosesTheItemsWaitingAndLaterTakesAreRefused() throws Exception {
        var pool = WarmPool.start("test_close", 3, this::make);
        assertThat(pool.awaitReady(3, 60_000)).isTrue();
        Item taken = pool.take();
        pool.close();
        List<Item> waiting = all.stream().filter(item -> item != taken).toList();
        assertThat(waiting)
                .isNotEmpty()
                .allSatisfy(item -> assertThat(item.closed).isTrue());
        assertThat(taken.closed).isFalse();
        assertThat(WarmPool.stats().get("test_close").ready()).isZero();
        assertThatThrownBy(pool::take).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        pool.close();
    }

    @Test
    void anItemThatIsNoLongerUsableIsClosedAndPassedOver() throws Exception {
        try (var pool = WarmPool.start("test_usable", 1, this::make, () -> true, item -> item.number != 1)) {
            assertThat(pool.awaitReady(1, 60_000)).isTrue();
            Item first = all.peek();
            Item taken = pool.take();
            assertThat(first.number).isEqualTo(1);
            assertThat(taken).isNotSameAs(first);
            assertThat(first.closed).isTrue();
        }
    }

    @Test
    void afterATakeTheRefillWaitsForAQuietMoment() throws Exception {
        try (var pool =
                WarmPool.start("test_quiet", 2, this::make, () -> true, item -> true, java.time.Duration.ofHours(1))) {
            assertThat(pool.awaitReady(2, 60_000))
                    .as("a pool nothing was taken from fills at once")
                    .isTrue();
            pool.take();
            assertThat(pool.awaitReady(2, 500))
                    .as("no refill within the quiet hour")
                    .isFalse();
            assertThat(made.get()).isEqualTo(2);
        }
    }

    @Test
    void aFailingFactoryIsTheCallersErrorOnAMissAndTheRefillKeepsTrying() throws Exception {
        var failing = new AtomicBoolean(true);
        try (var pool = WarmPool.start("test_fail", 1, () -> {
            if (failing.get()) {
                throw new IllegalStateException("no resources today");
            }
            return make();
        })) {
            assertThatThrownBy(pool::take).hasMessage("no resources today");
            failing.set(false);
            assertThat(pool.awaitReady(1, 60_000)).isTrue();
        }
    }

    @Test
    void badNamesAndCapacitiesAreRefused() {
        assertThatThrownBy(() -> WarmPool.start("Bad Name", 1, this::make))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WarmPool.start("neg", -1, this::make))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 or more");
    }
}
