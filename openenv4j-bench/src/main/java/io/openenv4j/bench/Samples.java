package io.openenv4j.bench;

import java.util.Arrays;

/**
 * Latency samples of one measurement (nanoseconds), with the count of failed exchanges. Not thread-safe:
 * filled on one thread, read after.
 */
final class Samples {

    private long[] nanos = new long[1024];
    private int count;
    private boolean sorted;
    long errors;
    /** Requests never sent or never answered in time because the server fell behind (open loop only). */
    long dropped;

    String firstError;
    /** Wall time the measurement took, for rates. */
    long wallNanos;

    void add(long value) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = value;
        sorted = false;
    }

    void fail(String why) {
        errors++;
        if (firstError == null) {
            firstError = why;
        }
    }

    void addAll(Samples other) {
        for (int i = 0; i < other.count; i++) {
            add(other.nanos[i]);
        }
        errors += other.errors;
        if (firstError == null) {
            firstError = other.firstError;
        }
    }

    int count() {
        return count;
    }

    /** The {@code i}-th sample in the order added (or sorted, once a percentile was asked for). */
    long at(int i) {
        return nanos[i];
    }

    /** The p-th percentile (0..100), in nanoseconds; 0 when empty. Nearest-rank. */
    long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        if (!sorted) {
            Arrays.sort(nanos, 0, count);
            sorted = true;
        }
        int rank = (int) Math.ceil(p / 100.0 * count);
        return nanos[Math.min(count - 1, Math.max(0, rank - 1))];
    }

    double meanNanos() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += nanos[i];
        }
        return count == 0 ? 0 : (double) sum / count;
    }
}
