package io.openenv4j.validate;

import java.util.List;

/**
 * The series behind the report's plots; empty lists when a phase did not run.
 *
 * @param randomReturns episode returns under the random policy (reward histogram)
 * @param oracleReturns episode returns of the oracle
 * @param learnerMean mean return of each learner iteration (learning curve)
 * @param learnerBest best return found up to each learner iteration
 * @param latenciesMs WS step round trips in milliseconds, in order
 */
public record Plots(
        List<Double> randomReturns,
        List<Double> oracleReturns,
        List<Double> learnerMean,
        List<Double> learnerBest,
        List<Double> latenciesMs) {

    public Plots {
        randomReturns = List.copyOf(randomReturns);
        oracleReturns = List.copyOf(oracleReturns);
        learnerMean = List.copyOf(learnerMean);
        learnerBest = List.copyOf(learnerBest);
        latenciesMs = List.copyOf(latenciesMs);
    }

    public static Plots empty() {
        return new Plots(List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
