package io.openenv4j.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until a deadline, instead of sleeping a fixed time. */
final class Eventually {

    private Eventually() {}

    static void until(BooleanSupplier condition, Duration within, Supplier<String> failure) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + failure.get());
            }
        }
    }

    static void until(BooleanSupplier condition, Duration within) {
        until(condition, within, () -> "condition not met within " + within);
    }
}
