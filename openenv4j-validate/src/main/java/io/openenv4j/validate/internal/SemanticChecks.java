package io.openenv4j.validate.internal;

import io.openenv4j.validate.Check;
import io.openenv4j.validate.CheckResult;
import io.openenv4j.validate.ValidationOptions;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import tools.jackson.databind.JsonNode;

/**
 * The semantic and statistical levels, in process: the oracle against no-op, random and learner
 * baselines on the same seeds, leak watching, reward range and determinism, reward distribution and a
 * learning curve.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class SemanticChecks {

    private static final int POOL_LIMIT = 32;

    private final Player episodes;
    private final LongFunction<Episodes.Chooser> oracle;
    private final ValidationOptions options;
    private final Recorder recorder;
    private final List<Object> pool = new ArrayList<>();
    private final List<Episodes.Episode> all = new ArrayList<>();
    private List<Episodes.Episode> oracleRuns = List.of();
    private List<Episodes.Episode> randomRuns = List.of();
    /** Why checks that need an oracle are skipped when there is none. */
    String noOracle = "no oracle for this environment";

    final List<Double> learnerMean = new ArrayList<>();
    final List<Double> learnerBest = new ArrayList<>();

    SemanticChecks(
            Player episodes,
            LongFunction<Episodes.Chooser> oracle,
            List<JsonNode> sampled,
            ValidationOptions options,
            Recorder recorder) {
        this.episodes = episodes;
        this.oracle = oracle;
        this.options = options;
        this.recorder = recorder;
        // The random policy draws from the oracle's actions and from samples of the action schema that the
        // environment accepts (a sample it refuses would end random episodes early, which is no play at all).
        for (JsonNode action : sampled) {
            try {
                Object decoded = episodes.decode(action);
                var probe = episodes.play(options.seed(), (last, state, index) -> index == 0 ? decoded : null, 1);
                if (probe.error() == null) {
                    pool.add(decoded);
                }
            } catch (RuntimeException e) {
                // a sample the codec refuses is no action at all
            }
        }
    }

    /** The oracle's episodes on seeds seed..seed+n-1; fills the action pool from what it played. */
    List<Episodes.Episode> playOracle() {
        if (oracle == null) {
            return List.of();
        }
        var runs = new ArrayList<Episodes.Episode>();
        var distinct = new LinkedHashMap<String, Object>();
        for (int i = 0; i < options.episodes(); i++) {
            var run = episodes.play(options.seed() + i, oracle.apply(options.seed() + i));
            runs.add(run);
            for (JsonNode action : run.actions()) {
                if (distinct.size() < POOL_LIMIT) {
                    distinct.putIfAbsent(action.toString(), episodes.decode(action));
                }
            }
        }
        pool.addAll(distinct.values());
        oracleRuns = runs;
        all.addAll(runs);
        return runs;
    }

    List<JsonNode> encodedPool() {
        return pool.stream().map(episodes::encode).map(JsonNode.class::cast).toList();
    }

    List<Double> oracleReturns() {
        return oracleRuns.stream().map(Episodes.Episode::total).toList();
    }

    List<Double> randomReturns() {
        return randomRuns.stream().map(Episodes.Episode::total).toList();
    }

    void run() {
        Recorder r = recorder;
        if (oracle == null) {
            for (Check check : List.of(Check.ORACLE_COMPLETES, Check.REWARD_DETERMINISM)) {
                r.skip(check, noOracle);
            }
        } else {
            r.run(Check.ORACLE_COMPLETES, this::oracleCompletes);
            r.run(Check.REWARD_DETERMINISM, this::rewardDeterminism);
        }
        Object noop = noopAction();
        List<Episodes.Episode> noopRuns = noop == null ? List.of() : baseline((last, state, index) -> noop);
        var random = new Random(options.seed());
        randomRuns =
                pool.isEmpty() ? List.of() : baseline((last, state, index) -> pool.get(random.nextInt(pool.size())));
        if (oracle == null) {
            r.skip(Check.NOOP_FLOOR, noOracle);
            r.skip(Check.RANDOM_FLOOR, noOracle);
        } else {
            if (noop == null) {
                r.skip(Check.NOOP_FLOOR, "neither {} nor the zero action decodes");
            } else {
                r.run(Check.NOOP_FLOOR, () -> floor(Check.NOOP_FLOOR, "no-op " + episodes.encode(noop), noopRuns));
            }
            if (randomRuns.isEmpty()) {
                r.skip(Check.RANDOM_FLOOR, "no action set to sample from");
            } else {
                r.run(
                        Check.RANDOM_FLOOR,
                        () -> floor(Check.RANDOM_FLOOR, "random over " + pool.size() + " actions", randomRuns));
            }
        }
        r.run(Check.SOLUTION_LEAKAGE, this::leakage);
        r.run(Check.REWARD_RANGE, this::rewardRange);
        if (randomRuns.isEmpty()) {
            r.skip(Check.RANDOM_REWARDS, "no action set to sample from");
            r.skip(Check.LEARNING_SIGNAL, "no action set to sample from");
        } else {
            r.run(Check.RANDOM_REWARDS, this::randomRewards);
            r.run(Check.LEARNING_SIGNAL, this::learningSignal);
        }
        if (oracle == null) {
            r.skip(Check.ORACLE_MAX_REWARD, noOracle);
        } else {
            r.run(Check.ORACLE_MAX_REWARD, this::oracleMaxReward);
        }
    }

    /**
     * The empty action {@code {}}, or when that does not decode, the zero action of the schema. An
     * environment that refuses it on its first step scores nothing with it, which is what the floor compares.
     */
    private Object noopAction() {
        JsonNode schema = episodes.actionSchema();
        for (JsonNode candidate : List.of(WireJson.object(), ActionSampler.zero(schema, schema, 0))) {
            try {
                return episodes.decode(candidate);
            } catch (RuntimeException e) {
                // not an action of this environment: try the next candidate
            }
        }
        return null;
    }

    /** Baselines may need longer than the oracle, but not forever: environments without an end exist. */
    private int baselineLimit() {
        int longest =
                oracleRuns.stream().mapToInt(Episodes.Episode::steps).max().orElse(0);
        return Math.min(options.stepLimit(), Math.max(100, 2 * longest));
    }

    private List<Episodes.Episode> baseline(Episodes.Chooser chooser) {
        var runs = new ArrayList<Episodes.Episode>();
        for (int i = 0; i < options.episodes(); i++) {
            runs.add(episodes.play(options.seed() + i, chooser, baselineLimit()));
        }
        all.addAll(runs);
        return runs;
    }

    private CheckResult oracleCompletes() {
        var bad = oracleRuns.stream()
                .filter(run -> !run.done() || run.error() != null)
                .toList();
        return CheckResult.of(
                Check.ORACLE_COMPLETES,
                bad.isEmpty(),
                (oracleRuns.size() - bad.size()) + "/" + oracleRuns.size() + " episodes finished",
                bad.isEmpty()
                        ? "mean length "
                                + mean(oracleRuns.stream()
                                        .map(run -> (double) run.steps())
                                        .toList())
                        : "seed " + bad.getFirst().seed() + ": "
                                + (bad.getFirst().error() != null
                                        ? bad.getFirst().error()
                                        : "not done after " + bad.getFirst().steps() + " steps"));
    }

    private CheckResult rewardDeterminism() {
        var a = episodes.play(options.seed(), oracle.apply(options.seed()));
        var b = episodes.play(options.seed(), oracle.apply(options.seed()));
        boolean same = a.rewards().equals(b.rewards()) && a.actions().equals(b.actions());
        return CheckResult.of(
                Check.REWARD_DETERMINISM,
                same,
                a.rewards().size() + " rewards compared",
                same
                        ? "seed " + options.seed() + " return " + a.total()
                        : "rewards " + abbreviate(a.rewards()) + " vs " + abbreviate(b.rewards()));
    }

    private CheckResult floor(Check check, String policy, List<Episodes.Episode> runs) {
        double oracleMean = mean(oracleReturns());
        double floorMean = mean(runs.stream().map(Episodes.Episode::total).toList());
        double margin = 0.01 * Math.max(1e-6, Math.max(Math.abs(oracleMean), Math.abs(floorMean)));
        boolean ok = floorMean < oracleMean - margin;
        return CheckResult.of(
                check,
                ok,
                String.format("mean %.4g vs oracle %.4g (margin %.3g)", floorMean, oracleMean, margin),
                policy + " over " + runs.size() + " seeds; returns "
                        + abbreviate(runs.stream().map(Episodes.Episode::total).toList()));
    }

    private CheckResult leakage() {
        var leaks = all.stream()
                .flatMap(run -> run.leaks().stream().map(leak -> "seed " + run.seed() + " " + leak))
                .toList();
        return CheckResult.of(
                Check.SOLUTION_LEAKAGE,
                leaks.isEmpty(),
                leaks.size() + " leak(s) in " + all.size() + " episodes",
                leaks.isEmpty()
                        ? "watched observations before done"
                        : String.join("; ", leaks.stream().limit(3).toList()));
    }

    private CheckResult rewardRange() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        var bad = new ArrayList<String>();
        double[] range = options.rewardRange();
        for (var run : all) {
            for (double reward : run.rewards()) {
                min = Math.min(min, reward);
                max = Math.max(max, reward);
                if (!Double.isFinite(reward) || (range != null && (reward < range[0] || reward > range[1]))) {
                    bad.add("seed " + run.seed() + ": " + reward);
                }
            }
        }
        String observed = min > max ? "no rewards" : "rewards in [" + min + ", " + max + "]";
        return CheckResult.of(
                Check.REWARD_RANGE,
                bad.isEmpty(),
                observed,
                (range == null ? "no declared range" : "declared [" + range[0] + ", " + range[1] + "]")
                        + (bad.isEmpty()
                                ? ""
                                : "; outside: " + bad.stream().limit(5).toList()));
    }

    private CheckResult randomRewards() {
        var returns = randomReturns();
        double mean = mean(returns);
        double variance =
                returns.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / Math.max(1, returns.size() - 1);
        long nonZero = returns.stream().filter(x -> x != 0).count();
        return CheckResult.of(
                Check.RANDOM_REWARDS,
                nonZero > 0,
                String.format("mean %.4g, variance %.4g, non-zero %d/%d", mean, variance, nonZero, returns.size()),
                "random policy over " + pool.size() + " actions; returns " + abbreviate(returns));
    }

    private CheckResult learningSignal() {
        var learner = new Learner(episodes, pool, options, oracleRuns);
        learner.train(all);
        learnerMean.addAll(learner.means());
        learnerBest.addAll(learner.bests());
        double first = learnerMean.getFirst();
        double last = learnerMean.getLast();
        return CheckResult.of(
                Check.LEARNING_SIGNAL,
                last > first + 1e-9,
                String.format("iteration mean %.4g → %.4g (best %.4g)", first, last, learnerBest.getLast()),
                "cross-entropy over open-loop sequences of " + learner.horizon() + " actions, "
                        + options.learnerIterations() + " × " + options.learnerPopulation() + " episodes on seed "
                        + options.seed() + "; curve " + abbreviate(learnerMean));
    }

    private CheckResult oracleMaxReward() {
        double best =
                oracleReturns().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        // Only finished episodes count: a truncated episode of a per-step-cost task is no better play.
        var beaten = all.stream()
                .filter(run -> !oracleRuns.contains(run))
                .filter(Episodes.Episode::done)
                .filter(run -> run.total() > best + 1e-9)
                .toList();
        return CheckResult.of(
                Check.ORACLE_MAX_REWARD,
                beaten.isEmpty(),
                "oracle best " + best,
                beaten.isEmpty()
                        ? "no baseline episode beat it (" + (all.size() - oracleRuns.size()) + " episodes)"
                        : beaten.size() + " baseline episode(s) beat it, e.g. seed "
                                + beaten.getFirst().seed() + " return "
                                + beaten.getFirst().total() + " with actions "
                                + abbreviate(beaten.getFirst().actions()));
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String abbreviate(List<?> values) {
        return values.size() <= 12 ? values.toString() : values.subList(0, 12) + "… (" + values.size() + ")";
    }
}
