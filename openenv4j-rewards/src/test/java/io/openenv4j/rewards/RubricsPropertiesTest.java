package io.openenv4j.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class RubricsPropertiesTest {

    private static final Trajectory EMPTY = Trajectory.of(List.of(), null);

    private static Rubric constant(String name, double value) {
        return Rubric.of(name, t -> value);
    }

    /** A per-step rubric scoring the last step's action, a number. */
    private static final Rubric ACTION_VALUE =
            Rubric.of("action", t -> ((Number) t.last().action()).doubleValue());

    private static Trajectory steps(List<Double> values) {
        var steps = new ArrayList<Transition>();
        values.forEach(v -> steps.add(Transition.of(v, Map.of(), null, false)));
        return Trajectory.of(steps, null);
    }

    @Property
    void normalisedScoresStayWithinZeroAndOne(
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double value,
            @ForAll @DoubleRange(min = -100, max = 100) double low,
            @ForAll @DoubleRange(min = 0.01, max = 100) double width) {
        double score = Rubrics.normalise("n", constant("c", value), low, low + width)
                .score(EMPTY)
                .value();
        assertThat(score).isBetween(0.0, 1.0);
    }

    @Property
    void weightedSumOfZeroOneRubricsStaysWithinTheWeightBounds(
            @ForAll @Size(min = 1, max = 6) List<Boolean> passes,
            @ForAll @Size(min = 6, max = 6) List<@DoubleRange(min = -10, max = 10) Double> weights) {
        var parts = new ArrayList<Rubric>();
        for (int i = 0; i < passes.size(); i++) {
            parts.add(constant("p" + i, passes.get(i) ? 1 : 0));
        }
        var used = weights.subList(0, parts.size());
        double score = Rubrics.weightedSum("w", parts, used).score(EMPTY).value();
        double low = used.stream().mapToDouble(w -> Math.min(w, 0)).sum();
        double high = used.stream().mapToDouble(w -> Math.max(w, 0)).sum();
        assertThat(score).isBetween(low - 1e-9, high + 1e-9);
    }

    @Property
    void gateCountsTheSecondRubricOnlyOnceTheFirstPasses(
            @ForAll @DoubleRange(min = 0, max = 1) double a,
            @ForAll @DoubleRange(min = -5, max = 5) double b,
            @ForAll @DoubleRange(min = 0, max = 1) double threshold) {
        Score score =
                Rubrics.gate("g", constant("a", a), threshold, constant("b", b)).score(EMPTY);
        assertThat(score.value()).isEqualTo(a >= threshold ? b : 0.0);
        assertThat(score.components()).containsKeys("a", "b");
    }

    @Property
    void gateIsMonotoneInItsCondition(
            @ForAll @DoubleRange(min = 0, max = 1) double a1,
            @ForAll @DoubleRange(min = 0, max = 1) double a2,
            @ForAll @DoubleRange(min = 0, max = 5) double b) {
        double lo = Math.min(a1, a2);
        double hi = Math.max(a1, a2);
        double low = Rubrics.gate("g", constant("a", lo), 0.5, constant("b", b))
                .score(EMPTY)
                .value();
        double high = Rubrics.gate("g", constant("a", hi), 0.5, constant("b", b))
                .score(EMPTY)
                .value();
        assertThat(high).isGreaterThanOrEqualTo(low);
    }

    @Property
    void sequenceIsMonotoneInEachStage(
            @ForAll @Size(min = 1, max = 5) List<@DoubleRange(min = 0, max = 1) Double> values,
            @ForAll @DoubleRange(min = 0, max = 1) double raise,
            @ForAll int which) {
        int index = Math.floorMod(which, values.size());
        var raised = new ArrayList<>(values);
        raised.set(index, Math.min(1.0, values.get(index) + raise));
        double before = sequence(values).score(EMPTY).value();
        double after = sequence(raised).score(EMPTY).value();
        assertThat(after).isGreaterThanOrEqualTo(before - 1e-12);
        assertThat(after).isBetween(0.0, (double) values.size());
    }

    private static Rubric sequence(List<Double> values) {
        var stages = new ArrayList<Rubric>();
        for (int i = 0; i < values.size(); i++) {
            stages.add(constant("s" + i, values.get(i)));
        }
        return Rubrics.sequence("seq", 0.5, stages);
    }

    @Property
    void minAndMaxBracketEveryPart(
            @ForAll @Size(min = 1, max = 8) List<@DoubleRange(min = -100, max = 100) Double> values) {
        var parts = new ArrayList<Rubric>();
        for (int i = 0; i < values.size(); i++) {
            parts.add(constant("p" + i, values.get(i)));
        }
        double min = Rubrics.min("min", parts).score(EMPTY).value();
        double max = Rubrics.max("max", parts).score(EMPTY).value();
        values.forEach(v -> assertThat(v).isBetween(min, max));
    }

    @Property
    void discountedReturnStaysWithinItsBoundsAndGammaZeroKeepsTheFirstStep(
            @ForAll @Size(min = 1, max = 20) List<@DoubleRange(min = 0, max = 1) Double> values,
            @ForAll @DoubleRange(min = 0, max = 1) double gamma) {
        double total = Rubrics.discounted("d", ACTION_VALUE, gamma)
                .score(steps(values))
                .value();
        assertThat(total).isBetween(0.0, values.size() + 1e-9);
        assertThat(Rubrics.discounted("d", ACTION_VALUE, 0).score(steps(values)).value())
                .isEqualTo(values.get(0));
        double undiscounted = values.stream().mapToDouble(Double::doubleValue).sum();
        assertThat(Rubrics.discounted("d", ACTION_VALUE, 1).score(steps(values)).value())
                .isCloseTo(undiscounted, within(1e-9));
    }

    @Property
    void scoringIsDeterministic(@ForAll @Size(min = 1, max = 10) List<@DoubleRange(min = -3, max = 3) Double> values) {
        Rubric rubric = Rubrics.weightedSum(
                "w",
                List.of(
                        Rubrics.discounted("d", ACTION_VALUE, 0.9),
                        Rubrics.gate("g", Rubrics.max("m", List.of(ACTION_VALUE)), 0, ACTION_VALUE)),
                List.of(0.5, 2.0));
        assertThat(rubric.score(steps(values))).isEqualTo(rubric.score(steps(values)));
        assertThat(rubric.determinism().isExact()).isTrue();
    }

    @Property
    void rewardStreamReturnsSumToTheFinalScore(
            @ForAll @Size(min = 1, max = 15) List<@DoubleRange(min = -1, max = 1) Double> values) {
        Rubric sum = Rubrics.discounted("sum", ACTION_VALUE, 1);
        var stream = RewardStream.of(sum);
        stream.reset();
        double total = 0;
        for (double v : values) {
            total += stream.next(v, Map.of(), false, () -> null);
        }
        assertThat(total).isCloseTo(stream.lastScore().value(), within(1e-9));
        assertThat(stream.steps()).hasSize(values.size());
    }
}
