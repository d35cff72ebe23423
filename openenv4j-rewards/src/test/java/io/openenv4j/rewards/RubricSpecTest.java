package io.openenv4j.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.Outcome;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RubricSpecTest {

    private static final Trajectory SOLVED = Trajectory.of(
            List.of(Transition.of(
                    Map.of("guess", "Crane ", "reply", "{\"answer\": 3.1}", "message", "please"),
                    Map.of("status", "won"),
                    1.0,
                    true)),
            Outcome.of("t", 1L, true, Map.of("answer", "crane", "pi", 3.14159)));

    private static Rubric parse(String json) {
        return RubricSpec.parseJson(json, Map.<String, String>of()::get);
    }

    @Test
    void buildsNestedCombinatorsOfTheBuiltInRubrics() {
        Rubric total = parse("""
                {"type": "gate", "name": "total", "threshold": 1,
                 "must": {"type": "regex", "name": "polite", "actual": "last.action.message", "pattern": "(?i)please"},
                 "then": {"type": "weighted_sum", "name": "quality", "parts": [
                   {"weight": 0.5, "rubric": {"type": "exact_match", "name": "solved", "actual": "last.action.guess",
                                              "expected": "outcome.final_state.answer", "matching": "trimmed_ignore_case"}},
                   {"weight": 0.25, "rubric": {"type": "numeric_tolerance", "name": "pi", "actual": "outcome.final_state.pi",
                                               "expected_value": 3.14, "absolute": 0.01}},
                   {"weight": 0.25, "rubric": {"type": "max", "name": "either", "parts": [
                      {"type": "json_schema", "name": "format", "actual": "last.action.guess", "schema": {"type": "object"}},
                      {"type": "scale", "name": "half", "factor": 0.5,
                       "part": {"type": "exact_match", "name": "won", "actual": "last.observation.status", "expected_value": "won"}}]}}]}}
                """);
        Score score = total.score(SOLVED);
        assertThat(score.value()).isEqualTo(0.5 + 0.25 + 0.25 * 0.5);
        assertThat(score.provenance().rubric()).isEqualTo("total");
        assertThat(WireJson.write(score.provenance()))
                .contains("solved")
                .contains("polite")
                .contains("half");
    }

    @Test
    void aValueRubricReadsANumberAndRefusesAnythingElse() {
        Rubric pi = parse("{\"type\":\"value\",\"name\":\"pi\",\"actual\":\"outcome.final_state.pi\"}");
        assertThat(pi.score(SOLVED).value()).isEqualTo(3.14159);
        Rubric answer = parse("{\"type\":\"value\",\"name\":\"a\",\"actual\":\"outcome.final_state.answer\"}");
        assertThatThrownBy(() -> answer.score(SOLVED))
                .isInstanceOf(RubricException.class)
                .hasMessageContaining("not a number");
    }

    @Test
    void refusesTyposWithTheirLocation() {
        assertThatThrownBy(() -> parse("{\"type\":\"exact\",\"name\":\"x\"}"))
                .hasMessageContaining("rubric.type")
                .hasMessageContaining("unknown rubric type 'exact'");
        assertThatThrownBy(() -> parse("""
                {"type":"weighted_sum","name":"w","parts":[{"weight":1,"rubric":
                  {"type":"regex","name":"r","actual":"last.action.x","patern":"a"}}]}""")).hasMessageContaining("rubric.parts[0].rubric.patern: unknown key");
        assertThatThrownBy(() -> parse("{\"type\":\"regex\",\"name\":\"r\",\"actual\":\"action.x\",\"pattern\":\"a\"}"))
                .hasMessageContaining("rubric.actual")
                .hasMessageContaining("starts with outcome");
        assertThatThrownBy(() -> parse("{\"type\":\"exact_match\",\"name\":\"e\",\"actual\":\"last.a\"}"))
                .hasMessageContaining("expected_value");
        assertThatThrownBy(() -> parse("{\"type\":\"scale\",\"name\":\"s\",\"factor\":\"2\",\"part\":{}}"))
                .hasMessageContaining("rubric.part.type: is required");
        assertThatThrownBy(() -> parse("""
                {"type":"scale","name":"s","factor":"2","part":{"type":"regex","name":"r","actual":"id","pattern":"a"}}""")).hasMessageContaining("rubric.factor: must be a number");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("rubric: must be an object");
        assertThatThrownBy(() -> parse("{nope")).hasMessageContaining("not valid JSON");
    }

    @Test
    void anLlmJudgeTakesItsKeyFromTheEnvironmentOnly() throws Exception {
        String spec = """
                {"type": "llm_judge", "name": "helpful", "version": "3", "endpoint": "%s", "model": "judge-7b",
                 "prompt": "Grade {{trajectory}}", "temperature": 0.2, "max_tokens": 64, "seed": 11, "attempts": 1,
                 "timeout_ms": 2000, "max_score": 5, "api_key_env": "JUDGE_KEY"}""";
        try (var server = new StandIn(n -> StandIn.Reply.ok(StandIn.chat("SCORE: 4")))) {
            Rubric judge = RubricSpec.parseJson(spec.formatted(server.url()), Map.of("JUDGE_KEY", "k-123")::get);
            Score score = judge.score(SOLVED);
            assertThat(score.value()).isEqualTo(0.8);
            assertThat(score.provenance().model()).isEqualTo("judge-7b");
            assertThat(score.provenance().version()).isEqualTo("3");
            var request = WireJson.parse(server.requests.get(0));
            assertThat(request.path("seed").asLong()).isEqualTo(11);
            assertThat(request.path("max_tokens").asInt()).isEqualTo(64);
            assertThatThrownBy(() -> RubricSpec.parseJson(spec.formatted(server.url()), Map.<String, String>of()::get))
                    .hasMessageContaining("JUDGE_KEY, which is not set");
        }
    }
}
