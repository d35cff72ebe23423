package io.openenv4j.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.Outcome;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RubricsTest {

    record Guess(String guess) {}

    private static Trajectory answered(Object action, Map<String, Object> facts) {
        return Trajectory.of(
                List.of(Transition.of(action, Map.of("status", "done"), 0.0, true)),
                Outcome.of("task-1", 7L, true, facts));
    }

    @Test
    void exactMatchReadsRecordsAndPlainJsonAlike() {
        Rubric solved = Rubrics.exactMatch(
                "solved",
                Selector.path("last.action.guess"),
                Selector.path("outcome.final_state.answer"),
                Matching.TRIMMED_IGNORE_CASE);
        assertThat(solved.score(answered(new Guess(" CRANE"), Map.of("answer", "crane")))
                        .value())
                .isEqualTo(1.0);
        assertThat(solved.score(answered(Map.of("guess", "crane"), Map.of("answer", "crane")))
                        .value())
                .isEqualTo(1.0);
        assertThat(solved.score(answered(Map.of("guess", "crate"), Map.of("answer", "crane")))
                        .value())
                .isZero();
        assertThat(solved.score(answered(Map.of(), Map.of("answer", "crane"))).value())
                .isZero();
    }

    @Test
    void selectorPathsReachStepsOutcomeFieldsAndNegativeIndexes() {
        var trajectory = new Trajectory(
                "t",
                List.of(
                        Transition.of(new Guess("slate"), Map.of("status", "playing"), 0.0, false),
                        Transition.of(new Guess("crane"), Map.of("status", "won"), 1.0, true)),
                new Outcome(
                        "task-9",
                        3L,
                        true,
                        Map.of("answer", "crane"),
                        Map.of("unit", true),
                        List.of(Map.of("tool", "x")),
                        Map.of()));
        assertThat(Selector.path("steps.-2.action.guess").select(trajectory)).isEqualTo("slate");
        assertThat(Selector.path("steps.0.observation.status").select(trajectory))
                .isEqualTo("playing");
        assertThat(Selector.path("last.reward").select(trajectory)).isEqualTo(1.0);
        assertThat(Selector.path("outcome.task_id").select(trajectory)).isEqualTo("task-9");
        assertThat(Selector.path("outcome.test_results.unit").select(trajectory))
                .isEqualTo(true);
        assertThat(Selector.path("outcome.tool_trace.0.tool").select(trajectory))
                .isEqualTo("x");
        assertThat(Selector.path("steps.5.action").select(trajectory)).isNull();
        assertThat(Selector.path("id").select(trajectory)).isEqualTo("t");
    }

    @Test
    void exactMatchWithoutNormalisationIsCaseSensitive() {
        Rubric exact =
                Rubrics.exactMatch("e", Selector.path("last.action.guess"), Selector.constant("crane"), Matching.EXACT);
        assertThat(exact.score(answered(Map.of("guess", "CRANE"), Map.of())).value())
                .isZero();
    }

    @Test
    void numericToleranceAcceptsNumbersAndNumericTextWithinTolerance() {
        Rubric close = Rubrics.numericTolerance(
                "close", Selector.path("last.action.answer"), Selector.path("outcome.final_state.truth"), 0.01, 0.0);
        assertThat(close.score(answered(Map.of("answer", 3.145), Map.of("truth", 3.14159)))
                        .value())
                .isEqualTo(1.0);
        assertThat(close.score(answered(Map.of("answer", " 3.14 "), Map.of("truth", 3.14159)))
                        .value())
                .isEqualTo(1.0);
        assertThat(close.score(answered(Map.of("answer", 3.2), Map.of("truth", 3.14159)))
                        .value())
                .isZero();
        assertThat(close.score(answered(Map.of("answer", "pi"), Map.of("truth", 3.14159)))
                        .value())
                .isZero();
        Rubric relative =
                Rubrics.numericTolerance("rel", Selector.path("last.action.answer"), Selector.constant(1000), 0, 0.01);
        assertThat(relative.score(answered(Map.of("answer", 1009), Map.of())).value())
                .isEqualTo(1.0);
    }

    @Test
    void regexMustMatchTheWholeText() {
        Rubric boxed = Rubrics.regex("boxed", Selector.path("last.action.text"), Pattern.compile("\\\\boxed\\{\\d+}"));
        assertThat(boxed.score(answered(Map.of("text", "\\boxed{42}"), Map.of()))
                        .value())
                .isEqualTo(1.0);
        assertThat(boxed.score(answered(Map.of("text", "so \\boxed{42}"), Map.of()))
                        .value())
                .isZero();
    }

    @Test
    void jsonSchemaChecksTypesRequiredPropertiesEnumsAndRanges() {
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "required",
                List.of("name", "age"),
                "properties",
                Map.of(
                        "name",
                        Map.of("type", "string", "minLength", 1),
                        "age",
                        Map.of("type", "integer", "minimum", 0, "maximum", 150),
                        "tags",
                        Map.of("type", "array", "items", Map.of("enum", List.of("a", "b")))));
        Rubric valid = Rubrics.jsonSchema("schema", Selector.path("last.action.reply"), schema);
        assertThat(valid.score(answered(Map.of("reply", "{\"name\":\"x\",\"age\":3,\"tags\":[\"a\"]}"), Map.of()))
                        .value())
                .isEqualTo(1.0);
        assertThat(valid.score(answered(Map.of("reply", Map.of("name", "x", "age", 3)), Map.of()))
                        .value())
                .isEqualTo(1.0);
        Score bad = valid.score(
                answered(Map.of("reply", Map.of("name", "", "age", 200.5, "tags", List.of("c"))), Map.of()));
        assertThat(bad.value()).isZero();
        assertThat(bad.components()).containsEntry("violations", 3.0);
        assertThat(JsonSchemaRubric.violations(Map.of("age", 1), schema, "$")).containsExactly("$: missing name");
        assertThat(valid.score(answered(Map.of("reply", "not json"), Map.of())).value())
                .isZero();
    }

    @Test
    void combinedScoresNameTheirComponentsAndCarryProvenance() {
        Rubric a = Rubric.of("a", t -> 1);
        Rubric b = Rubric.of("b", t -> 0.5);
        Score score =
                Rubrics.weightedSum("total", List.of(a, b), List.of(0.25, 2.0)).score(Trajectory.of(List.of(), null));
        assertThat(score.value()).isEqualTo(1.25);
        assertThat(score.components()).containsExactly(Map.entry("a", 1.0), Map.entry("b", 0.5));
        assertThat(score.provenance().rubric()).isEqualTo("total");
        assertThat(score.provenance().parameters()).containsEntry("weights", List.of(0.25, 2.0));
        assertThat(score.provenance().parts()).extracting(Provenance::rubric).containsExactly("a", "b");
    }

    @Test
    void aShutGateDoesNotAskItsSecondRubric() {
        Rubric exploding = Rubric.of("never", t -> {
            throw new AssertionError("asked");
        });
        Score score =
                Rubrics.gate("g", Rubric.of("fails", t -> 0), 1, exploding).score(Trajectory.of(List.of(), null));
        assertThat(score.value()).isZero();
        assertThat(score.components()).containsEntry("never", 0.0);
    }

    @Test
    void weightedSumOfBoundedPartsDeclaresABoundedVariance() {
        Rubric noisy = new Rubric() {
            public String name() {
                return "noisy";
            }

            public Determinism determinism() {
                return Determinism.varianceAtMost(0.04);
            }

            public Score score(Trajectory t) {
                return Score.of(0, Provenance.of(this));
            }
        };
        Rubric sum = Rubrics.weightedSum("s", List.of(noisy, Rubric.of("exact", t -> 1)), List.of(2.0, 1.0));
        assertThat(sum.determinism().kind()).isEqualTo(Determinism.Kind.BOUNDED);
        assertThat(sum.determinism().variance()).isCloseTo(0.16, org.assertj.core.data.Offset.offset(1e-12));
    }
}
