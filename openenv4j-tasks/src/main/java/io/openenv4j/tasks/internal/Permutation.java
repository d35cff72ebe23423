package io.openenv4j.tasks.internal;

/**
 * A seeded bijection of {@code [0, n)} computed per element in constant memory, so a split of any size can
 * be shuffled without holding it: a balanced Feistel network over the smallest even number of bits that
 * covers {@code n}, with cycle walking for values that fall outside {@code [0, n)} (on average fewer than
 * four rounds trips). Keys derive from the seed and a tweak with SplitMix64 only. Immutable, thread-safe.
 */
public final class Permutation {

    private static final int ROUNDS = 6;
    private final long n;
    private final int halfBits;
    private final long mask;
    private final long[] keys = new long[ROUNDS];

    /** The permutation of {@code [0, n)} for {@code seed} and {@code tweak} (an epoch, a purpose). */
    public Permutation(long n, long seed, long tweak) {
        if (n < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + n);
        }
        this.n = n;
        int bits = n <= 1 ? 1 : 64 - Long.numberOfLeadingZeros(n - 1);
        this.halfBits = Math.max(1, (bits + 1) / 2);
        this.mask = (1L << halfBits) - 1;
        long state = mix(seed ^ 0x9E3779B97F4A7C15L) ^ mix(tweak + 0x632BE59BD9B4E019L);
        for (int i = 0; i < ROUNDS; i++) {
            state += 0x9E3779B97F4A7C15L;
            keys[i] = mix(state);
        }
    }

    /** The image of {@code x}, within {@code [0, n)}. */
    public long apply(long x) {
        if (x < 0 || x >= n) {
            throw new IndexOutOfBoundsException("position " + x + " outside 0.." + (n - 1));
        }
        if (n == 1) {
            return 0;
        }
        long y = x;
        do {
            y = encrypt(y);
        } while (y >= n);
        return y;
    }

    private long encrypt(long x) {
        long left = x >>> halfBits;
        long right = x & mask;
        for (long key : keys) {
            long next = left ^ (mix(right ^ key) & mask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mix. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
