package io.openenv4j.validate.internal;

import io.openenv4j.validate.ValidationOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A cross-entropy learner over open-loop action sequences: one categorical distribution per time step over
 * the action pool, sampled, scored on one seed, and refitted to the best quarter. Iteration 0 samples
 * uniformly, so it is the random policy on that seed.
 */
final class Learner {

    private static final int MAX_HORIZON = 60;

    private final Player episodes;
    private final List<Object> pool;
    private final ValidationOptions options;
    private final int horizon;
    private final List<Double> means = new ArrayList<>();
    private final List<Double> bests = new ArrayList<>();

    Learner(Player episodes, List<Object> pool, ValidationOptions options, List<Episodes.Episode> oracleRuns) {
        this.episodes = episodes;
        this.pool = pool;
        this.options = options;
        int longest =
                oracleRuns.stream().mapToInt(Episodes.Episode::steps).max().orElse(20);
        this.horizon = Math.max(1, Math.min(MAX_HORIZON, Math.min(options.stepLimit(), longest)));
    }

    int horizon() {
        return horizon;
    }

    List<Double> means() {
        return means;
    }

    List<Double> bests() {
        return bests;
    }

    /** Trains; every episode played is added to {@code played}. */
    void train(List<Episodes.Episode> played) {
        var random = new Random(options.seed() ^ 0x5DEECE66DL);
        double[][] probabilities = new double[horizon][pool.size()];
        for (double[] row : probabilities) {
            Arrays.fill(row, 1.0 / pool.size());
        }
        double best = Double.NEGATIVE_INFINITY;
        int elite = Math.max(1, options.learnerPopulation() / 4);
        for (int iteration = 0; iteration < options.learnerIterations(); iteration++) {
            var scored = new ArrayList<int[]>();
            var returns = new ArrayList<Double>();
            for (int member = 0; member < options.learnerPopulation(); member++) {
                int[] sequence = new int[horizon];
                for (int t = 0; t < horizon; t++) {
                    sequence[t] = draw(probabilities[t], random);
                }
                var run = episodes.play(
                        options.seed(), (last, state, index) -> index < horizon ? pool.get(sequence[index]) : null);
                played.add(run);
                scored.add(sequence);
                returns.add(run.total());
            }
            means.add(SemanticChecks.mean(returns));
            best = Math.max(
                    best,
                    returns.stream().mapToDouble(Double::doubleValue).max().orElse(best));
            bests.add(best);
            var order = new ArrayList<Integer>();
            for (int i = 0; i < returns.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble(returns::get).reversed());
            for (int t = 0; t < horizon; t++) {
                double[] counts = new double[pool.size()];
                for (int e = 0; e < elite; e++) {
                    counts[scored.get(order.get(e))[t]] += 1.0 / elite;
                }
                for (int a = 0; a < pool.size(); a++) {
                    // smoothing keeps every action possible
                    probabilities[t][a] = 0.3 * probabilities[t][a] + 0.7 * counts[a];
                }
            }
        }
    }

    private static int draw(double[] probabilities, Random random) {
        double u = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            sum += probabilities[i];
            if (u < sum) {
                return i;
            }
        }
        return probabilities.length - 1;
    }
}
