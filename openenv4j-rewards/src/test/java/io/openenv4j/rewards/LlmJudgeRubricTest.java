package io.openenv4j.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.Outcome;
import io.openenv4j.wire.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LlmJudgeRubricTest {

    private static final Trajectory EPISODE = Trajectory.of(
            List.of(Transition.of(Map.of("guess", "crane"), Map.of("status", "won"), 1.0, true)),
            Outcome.of("t", 1L, true, Map.of("answer", "crane")));

    private static LlmJudgeRubric judge(StandIn server, int attempts, Duration timeout) {
        var config = JudgeConfig.of(server.url(), "judge-model-7b", "Grade this: {{trajectory}} truth: {{outcome}}")
                .withRetries(attempts, timeout, Duration.ofMillis(10))
                .withApiKey("secret-key");
        return LlmJudgeRubric.create("helpfulness", "2", config);
    }

    @Test
    void scoresFromTheLastScoreLineAndPinsModelAndParameters() throws Exception {
        try (var server = new StandIn(n -> StandIn.Reply.ok(StandIn.chat("Good work. Score: 3\nSCORE: 7")))) {
            Score score = judge(server, 3, Duration.ofSeconds(5)).score(EPISODE);
            assertThat(score.value()).isEqualTo(0.7);
            assertThat(score.components()).containsEntry("judge_raw", 7.0);
            assertThat(score.provenance().model()).isEqualTo("judge-model-7b");
            assertThat(score.provenance().version()).isEqualTo("2");
            assertThat(score.provenance().parameters())
                    .containsEntry("temperature", 0.0)
                    .containsEntry("max_tokens", 512)
                    .containsKey("prompt_sha256")
                    .doesNotContainValue("secret-key");
            JsonNode request = WireJson.parse(server.requests.get(0));
            assertThat(request.path("model").asString()).isEqualTo("judge-model-7b");
            assertThat(request.path("temperature").asDouble()).isZero();
            assertThat(request.path("messages").path(1).path("content").asString())
                    .contains("crane")
                    .contains("\"answer\"");
        }
    }

    @Test
    void acceptsAJsonAnswer() throws Exception {
        try (var server = new StandIn(n -> StandIn.Reply.ok(StandIn.chat("{\"score\": 10}")))) {
            assertThat(judge(server, 1, Duration.ofSeconds(5)).score(EPISODE).value())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void retriesMalformedRepliesAndServerErrorsThenSucceeds() throws Exception {
        try (var server = new StandIn(n -> switch (n) {
            case 1 -> StandIn.Reply.ok("this is not json");
            case 2 -> new StandIn.Reply(503, "{\"error\":\"overloaded\"}", 0);
            case 3 -> StandIn.Reply.ok("{\"choices\":[]}");
            default -> StandIn.Reply.ok(StandIn.chat("SCORE: 5"));
        })) {
            assertThat(judge(server, 4, Duration.ofSeconds(5)).score(EPISODE).value())
                    .isEqualTo(0.5);
            assertThat(server.requests).hasSize(4);
        }
    }

    @Test
    void givesUpWithAClearErrorNeverAZero() throws Exception {
        try (var server = new StandIn(n -> StandIn.Reply.ok(StandIn.chat("I refuse to grade.")))) {
            assertThatThrownBy(() -> judge(server, 3, Duration.ofSeconds(5)).score(EPISODE))
                    .isInstanceOf(RubricException.class)
                    .hasMessageContaining("attempt 1: no score")
                    .hasMessageContaining("attempt 3: no score")
                    .hasMessageContaining("judge-model-7b");
        }
    }

    @Test
    void rejectsAScoreOutsideTheScale() throws Exception {
        try (var server = new StandIn(n -> StandIn.Reply.ok(StandIn.chat("SCORE: 11")))) {
            assertThatThrownBy(() -> judge(server, 1, Duration.ofSeconds(5)).score(EPISODE))
                    .isInstanceOf(RubricException.class)
                    .hasMessageContaining("outside [0, 10.0]");
        }
    }

    @Test
    void aSlowJudgeTimesOutAndIsRetried() throws Exception {
        try (var server = new StandIn(n -> n == 1
                ? new StandIn.Reply(200, StandIn.chat("SCORE: 9"), 2_000)
                : StandIn.Reply.ok(StandIn.chat("SCORE: 4")))) {
            assertThat(judge(server, 2, Duration.ofMillis(300)).score(EPISODE).value())
                    .isEqualTo(0.4);
        }
        try (var server = new StandIn(n -> new StandIn.Reply(200, StandIn.chat("SCORE: 9"), 2_000))) {
            assertThatThrownBy(() -> judge(server, 2, Duration.ofMillis(300)).score(EPISODE))
                    .isInstanceOf(RubricException.class)
                    .hasMessageContaining("timed out after 300 ms");
        }
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        try (var server = new StandIn(n -> new StandIn.Reply(401, "{\"error\":\"bad key\"}", 0))) {
            assertThatThrownBy(() -> judge(server, 3, Duration.ofSeconds(5)).score(EPISODE))
                    .isInstanceOf(RubricException.class)
                    .hasMessageContaining("HTTP 401");
            assertThat(server.requests).hasSize(1);
        }
    }

    @Test
    void declaresUnknownDeterminismByDefault() throws Exception {
        try (var server = new StandIn(n -> StandIn.Reply.ok(StandIn.chat("SCORE: 1")))) {
            assertThat(judge(server, 1, Duration.ofSeconds(1)).determinism()).isEqualTo(Determinism.unknown());
        }
    }
}
