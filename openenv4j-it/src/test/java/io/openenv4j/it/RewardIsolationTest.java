package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.client.EnvClient;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.wordle.WordleEnvironment;
import io.openenv4j.rewards.RewardServer;
import io.openenv4j.rewards.RewardServerConfig;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 007 isolation: the reward surface and the ground truth are out of the agent's reach. The reward
 * provider listens on its own port; the environment server has no reward routes; an agent-side client
 * sees no answer and no outcome in observations, state or MCP replies while the episode runs.
 */
class RewardIsolationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ANSWER = "crane";

    @Test
    void theEnvironmentServerDoesNotServeTheRewardRoutes() throws Exception {
        try (EnvServer env = EnvServer.create(WordleEnvironment.spec(), ServerConfig.ephemeral())
                        .start();
                RewardServer rewards =
                        RewardServer.create(WordleEnvironment.rubric("binary"), RewardServerConfig.defaults())) {
            assertThat(rewards.port()).isNotEqualTo(env.port());
            for (String path : List.of("/v1/score", "/v1/score/batch", "/v1/score/group")) {
                var reply = HTTP.send(
                        HttpRequest.newBuilder(URI.create(env.baseUrl() + path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"trajectories\":[]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).as(path).isIn(404, 405);
            }
            var info = HTTP.send(
                    HttpRequest.newBuilder(URI.create(env.baseUrl() + "/v1/info"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).isIn(404, 405);
            assertThat(info.body()).doesNotContain("wordle-solved");
        }
    }

    @Test
    void anAgentSideClientSeesNoGroundTruthWhileTheEpisodeRuns() throws Exception {
        try (EnvServer env = EnvServer.create(WordleEnvironment.spec(), ServerConfig.ephemeral())
                        .start();
                var client = EnvClient.generic(env.baseUrl())) {
            var seen = new StringBuilder();
            var step = client.reset(new ResetRequest(3L, "iso", Map.of("answer", ANSWER, "reward_mode", "shaped")));
            seen.append(WireJson.write(step.observation()));
            for (String guess : List.of("slate", "crate", "trace")) {
                step = client.step(Map.of("guess", guess));
                seen.append(WireJson.write(step.observation()));
                seen.append(WireJson.write(client.state()));
            }
            assertThat(step.done()).isFalse();
            assertThat(seen.toString())
                    .doesNotContain(ANSWER)
                    .doesNotContain("final_state")
                    .doesNotContain("green_positions")
                    .doesNotContain("wordle-solved")
                    .doesNotContain("provenance");
            var tools = client.mcp(
                    WireJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}"));
            assertThat(WireJson.write(tools))
                    .doesNotContain(ANSWER)
                    .doesNotContain("score")
                    .doesNotContain("outcome");
        }
    }

    @Test
    void theOutcomeHoldsTheAnswerInProcessOnly() {
        try (var env = new WordleEnvironment()) {
            env.reset(new ResetRequest(3L, "iso", Map.of("answer", ANSWER)));
            var step = env.step(new WordleEnvironment.Action("slate"));
            assertThat(WireJson.write(step.observation())).doesNotContain(ANSWER);
            assertThat(env.outcome()).hasValueSatisfying(outcome -> {
                assertThat(outcome.fact("answer")).isEqualTo(ANSWER);
                assertThat(outcome.done()).isFalse();
            });
        }
    }
}
