package io.openenv4j.rewards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Combinators and matching rubrics. Every rubric made here is immutable and thread-safe, names its parts
 * in {@link Score#components()} and records its parameters and parts in {@link Provenance}; a combinator
 * is exact when all its parts are.
 */
public final class Rubrics {

    private Rubrics() {}

    /** {@code Σ wᵢ·partᵢ}: weights pair with parts in order. */
    public static Rubric weightedSum(String name, List<Rubric> parts, List<Double> weights) {
        if (parts.isEmpty() || parts.size() != weights.size()) {
            throw new IllegalArgumentException("weightedSum needs one weight per part and at least one part");
        }
        weights.forEach(w -> finite(w, "weight"));
        double sigma = 0;
        boolean exact = true;
        boolean known = true;
        for (int i = 0; i < parts.size(); i++) {
            Determinism d = parts.get(i).determinism();
            exact &= d.isExact();
            known &= d.kind() != Determinism.Kind.UNKNOWN;
            sigma += Math.abs(weights.get(i)) * (d.variance() == null ? 0 : Math.sqrt(d.variance()));
        }
        Determinism determinism =
                exact ? Determinism.exact() : known ? Determinism.varianceAtMost(sigma * sigma) : Determinism.unknown();
        return new Combined(name, determinism, Map.of("weights", List.copyOf(weights)), parts, scores -> {
            double total = 0;
            for (int i = 0; i < scores.size(); i++) {
                total += weights.get(i) * scores.get(i).value();
            }
            return total;
        });
    }

    /** The smallest of the parts' scores. */
    public static Rubric min(String name, List<Rubric> parts) {
        nonEmpty(parts);
        return new Combined(
                name,
                combined(parts),
                Map.of("op", "min"),
                parts,
                scores -> scores.stream().mapToDouble(Score::value).min().orElseThrow());
    }

    /** The largest of the parts' scores. */
    public static Rubric max(String name, List<Rubric> parts) {
        nonEmpty(parts);
        return new Combined(
                name,
                combined(parts),
                Map.of("op", "max"),
                parts,
                scores -> scores.stream().mapToDouble(Score::value).max().orElseThrow());
    }

    /**
     * {@code then} counts only once {@code must} passes: the score is {@code then}'s when {@code must} scores
     * at least {@code threshold}, else {@code 0}. {@code then} is not asked when the gate is shut.
     */
    public static Rubric gate(String name, Rubric must, double threshold, Rubric then) {
        return sequence(name, threshold, List.of(must, then), Stage.LAST_ONLY);
    }

    /**
     * Stages in order, each counting only when every earlier stage scored at least {@code threshold}
     * ("must pass A before B counts"): the sum of the scores of the stages reached. Later stages are not
     * asked once one fails.
     */
    public static Rubric sequence(String name, double threshold, List<Rubric> stages) {
        return sequence(name, threshold, stages, Stage.SUM);
    }

    /** {@code part} mapped linearly from {@code [low, high]} to {@code [0, 1]} and clamped there. */
    public static Rubric normalise(String name, Rubric part, double low, double high) {
        if (!(finite(low, "low") < finite(high, "high"))) {
            throw new IllegalArgumentException("normalise needs low < high, got " + low + ", " + high);
        }
        return new Combined(
                name,
                part.determinism(),
                Map.of("low", low, "high", high),
                List.of(part),
                scores -> Math.clamp((scores.get(0).value() - low) / (high - low), 0.0, 1.0));
    }

    /** {@code factor·part}. */
    public static Rubric scale(String name, Rubric part, double factor) {
        finite(factor, "factor");
        Determinism d = part.determinism();
        return new Combined(
                name,
                d.kind() == Determinism.Kind.BOUNDED ? Determinism.varianceAtMost(d.variance() * factor * factor) : d,
                Map.of("factor", factor),
                List.of(part),
                scores -> factor * scores.get(0).value());
    }

    /**
     * A trajectory rubric from a per-step one: {@code Σₜ γᵗ·step(prefix up to and including step t)}. The
     * components are the per-step scores, named {@code step_0}, {@code step_1}, ….
     */
    public static Rubric discounted(String name, Rubric step, double gamma) {
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be within [0, 1], got " + gamma);
        }
        return new DiscountedRubric(name, step, gamma);
    }

    /** 1 when the selected values match, else 0. */
    public static Rubric exactMatch(String name, Selector actual, Selector expected, Matching matching) {
        Objects.requireNonNull(matching, "matching");
        return new MatchRubric(
                name, Map.of("matching", matching.name()), t -> matching.matches(actual.select(t), expected.select(t)));
    }

    /**
     * 1 when the selected numbers differ by at most {@code max(absolute, relative·|expected|)}, else 0; a
     * value that is not a number (or numeric text) does not match.
     */
    public static Rubric numericTolerance(
            String name, Selector actual, Selector expected, double absolute, double relative) {
        if (!(absolute >= 0) || !(relative >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0");
        }
        return new MatchRubric(name, Map.of("absolute", absolute, "relative", relative), t -> {
            Double a = number(actual.select(t));
            Double e = number(expected.select(t));
            return a != null && e != null && Math.abs(a - e) <= Math.max(absolute, relative * Math.abs(e));
        });
    }

    /** 1 when the selected value's text matches {@code pattern} entirely, else 0 ({@code null} never matches). */
    public static Rubric regex(String name, Selector actual, Pattern pattern) {
        return new MatchRubric(name, Map.of("pattern", pattern.pattern()), t -> {
            Object value = actual.select(t);
            return value != null && pattern.matcher(value.toString()).matches();
        });
    }

    /**
     * 1 when the selected value (plain JSON, or JSON text) satisfies {@code schema}, else 0; the violations
     * are reported in the provenance-free components as {@code violations}. Supported keywords: {@code type},
     * {@code required}, {@code properties}, {@code items}, {@code enum}, {@code minimum}, {@code maximum},
     * {@code minLength}, {@code maxLength}.
     */
    public static Rubric jsonSchema(String name, Selector actual, Map<String, Object> schema) {
        return new JsonSchemaRubric(name, actual, schema);
    }

    enum Stage {
        SUM,
        LAST_ONLY
    }

    private static Rubric sequence(String name, double threshold, List<Rubric> stages, Stage mode) {
        nonEmpty(stages);
        finite(threshold, "threshold");
        return new Rubric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Determinism determinism() {
                return combined(stages);
            }

            @Override
            public Score score(Trajectory trajectory) {
                var components = new LinkedHashMap<String, Double>();
                var parts = new ArrayList<Provenance>();
                double total = 0;
                boolean open = true;
                for (int i = 0; i < stages.size(); i++) {
                    Rubric stage = stages.get(i);
                    if (!open) {
                        components.put(stage.name(), 0.0);
                        continue;
                    }
                    Score score = stage.score(trajectory);
                    components.put(stage.name(), score.value());
                    parts.add(score.provenance());
                    boolean counts = mode == Stage.SUM || i == stages.size() - 1;
                    total += counts ? score.value() : 0;
                    open = score.value() >= threshold;
                }
                return new Score(
                        total,
                        components,
                        Provenance.of(
                                this,
                                Map.of("threshold", threshold, "mode", mode == Stage.SUM ? "sequence" : "gate"),
                                parts));
            }
        };
    }

    static Determinism combined(List<Rubric> parts) {
        return parts.stream().allMatch(p -> p.determinism().isExact()) ? Determinism.exact() : Determinism.unknown();
    }

    private static void nonEmpty(List<Rubric> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("needs at least one part");
        }
    }

    private static double finite(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be finite, got " + value);
        }
        return value;
    }

    static Double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A combinator over all its parts' scores. */
    private record Combined(
            String name,
            Determinism determinism,
            Map<String, Object> parameters,
            List<Rubric> parts,
            Function<List<Score>, Double> combine)
            implements Rubric {

        Combined {
            Objects.requireNonNull(name, "name");
            parts = List.copyOf(parts);
        }

        @Override
        public Score score(Trajectory trajectory) {
            var scores = parts.stream().map(p -> p.score(trajectory)).toList();
            var components = new LinkedHashMap<String, Double>();
            for (Score s : scores) {
                components.merge(s.provenance().rubric(), s.value(), Double::sum);
            }
            return new Score(
                    combine.apply(scores),
                    components,
                    Provenance.of(
                            this,
                            parameters,
                            scores.stream().map(Score::provenance).toList()));
        }
    }
}
