package io.openenv4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The session-open target is the median of ratios taken within a round, never across rounds. */
class OpenRateRatioTest {

    private static Results.Opens opens(String server, int round, double rate, long errors) {
        return new Results.Opens(
                server,
                round,
                256,
                (int) rate,
                rate,
                1_000,
                2_000,
                100_000,
                0.5,
                errors,
                errors > 0 ? "reset: wrong reply" : null);
    }

    @Test
    void theRatioIsTheMedianOfSameRoundRatios() {
        var results = new Results();
        // Same-round ratios 10x, 30x, 20x: median 20x (the ratio of the averages over rounds would be 17.1x).
        results.opens.add(opens(BenchRun.JAVA, 0, 1_000, 0));
        results.opens.add(opens(BenchRun.REFERENCE, 0, 100, 0));
        results.opens.add(opens(BenchRun.REFERENCE, 1, 10, 0));
        results.opens.add(opens(BenchRun.JAVA, 1, 300, 0));
        results.opens.add(opens(BenchRun.JAVA, 2, 4_000, 0));
        results.opens.add(opens(BenchRun.REFERENCE, 2, 200, 0));

        assertThat(results.medianOpensRatio(BenchRun.JAVA)).isEqualTo(20.0);
        assertThat(results.medianOpens(BenchRun.REFERENCE, Results.Opens::rate)).isEqualTo(100.0);
        assertThat(results.medianOpensRatio(BenchRun.JAVA_LOOP)).isNaN();
    }

    @Test
    void aRoundWithAFailedCycleMakesTheRunInvalid() {
        var results = new Results();
        results.opens.add(opens(BenchRun.JAVA, 0, 1_000, 0));
        results.opens.add(opens(BenchRun.REFERENCE, 0, 100, 3));

        assertThat(results.errors()).isEqualTo(3);
    }
}
