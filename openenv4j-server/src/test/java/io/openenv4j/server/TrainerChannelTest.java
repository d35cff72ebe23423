package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.rewards.RewardServer;
import io.openenv4j.rewards.RewardServerConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The trainer channel over loopback: outcomes of remote episodes reach a trainer holding the token, and
 * nothing else; the agent's surfaces never carry them.
 */
class TrainerChannelTest {

    static final String TOKEN = "trainer-token-0123456789";

    static String answer(String text) {
        return "{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"answer\",\"arguments\":{\"text\":\""
                + text + "\"}}}";
    }

    private static EnvServer quiz(ServerConfig config) throws Exception {
        return EnvServer.create(QuizEnvironment.spec(), config).start();
    }

    @Test
    void withoutATokenTheTrainerRoutesDoNotExist() throws Exception {
        try (EnvServer server = quiz(ServerConfig.ephemeral())) {
            assertThat(HttpPeer.getWithToken(server, "/trainer/episodes", TOKEN).status())
                    .isEqualTo(404);
            assertThat(HttpPeer.getWithToken(server, "/trainer/episodes/ep-1", TOKEN)
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aMissingOrWrongTokenIsRefusedWithoutSayingWhetherTheEpisodeExists() throws Exception {
        try (EnvServer server = quiz(ServerConfig.ephemeral().withTrainer(TrainerChannel.of(TOKEN)));
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"ep-1\"}}");
            socket.call(answer("piano"));
            for (String token : new String[] {null, "wrong-token-0123456789", TOKEN + "x"}) {
                for (String path : List.of("/trainer/episodes", "/trainer/episodes/ep-1", "/trainer/episodes/nope")) {
                    var reply = HttpPeer.getWithToken(server, path, token);
                    assertThat(reply.status()).as(path + " with " + token).isEqualTo(401);
                    assertThat(reply.header("www-authenticate")).startsWith("Bearer");
                    assertThat(reply.body())
                            .doesNotContain(QuizEnvironment.SECRET)
                            .doesNotContain(TOKEN);
                }
            }
        }
    }

    @Test
    void aTrainerGetsTheTrajectoryAndOutcomeOfARemoteEpisode() throws Exception {
        try (EnvServer server = quiz(ServerConfig.ephemeral().withTrainer(TrainerChannel.of(TOKEN)));
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\",\"data\":{\"seed\":4,\"episode_id\":\"ep-1\"}}");
            socket.call(answer("piano"));
            JsonNode last = socket.call(answer(QuizEnvironment.SECRET));
            assertThat(last.path("data").path("done").asBoolean()).isTrue();
            assertThat(last.path("data").path("reward").asDouble())
                    .as("no provider: the environment's own reward")
                    .isZero();

            var reply = HttpPeer.getWithToken(server, "/trainer/episodes/ep-1", TOKEN);
            assertThat(reply.status()).isEqualTo(200);
            JsonNode record = reply.json();
            assertThat(record.path("episode_id").asString()).isEqualTo("ep-1");
            assertThat(record.path("done").asBoolean()).isTrue();
            assertThat(record.path("step_count").asInt()).isEqualTo(2);
            JsonNode trajectory = record.path("trajectory");
            assertThat(trajectory.path("id").asString()).isEqualTo("ep-1");
            assertThat(trajectory
                            .path("steps")
                            .get(0)
                            .path("action")
                            .path("arguments")
                            .path("text")
                            .asString())
                    .isEqualTo("piano");
            assertThat(trajectory
                            .path("steps")
                            .get(1)
                            .path("observation")
                            .path("result")
                            .toString())
                    .contains("right");
            assertThat(trajectory
                            .path("outcome")
                            .path("final_state")
                            .path("answer")
                            .asString())
                    .isEqualTo(QuizEnvironment.SECRET);
            assertThat(trajectory.path("outcome").path("seed").asLong()).isEqualTo(4);
            assertThat(trajectory.path("outcome").path("done").asBoolean()).isTrue();
            assertThat(record.path("rewards").isEmpty()).isTrue();

            JsonNode list =
                    HttpPeer.getWithToken(server, "/trainer/episodes", TOKEN).json();
            assertThat(list.path("episodes").get(0).path("episode_id").asString())
                    .isEqualTo("ep-1");
            assertThat(HttpPeer.getWithToken(server, "/trainer/episodes/unknown", TOKEN)
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void theChannelKeepsOnlyTheMostRecentEpisodes() throws Exception {
        try (EnvServer server = quiz(ServerConfig.ephemeral().withTrainer(new TrainerChannel(TOKEN, 2)));
                var socket = SocketPeer.open(server, "/ws")) {
            for (String id : List.of("a", "b", "c")) {
                socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"" + id + "\"}}");
                socket.call(answer("piano"));
            }
            JsonNode list =
                    HttpPeer.getWithToken(server, "/trainer/episodes", TOKEN).json();
            assertThat(list.path("episodes").findValuesAsString("episode_id")).containsExactly("c", "b");
            assertThat(HttpPeer.getWithToken(server, "/trainer/episodes/a", TOKEN)
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void noAgentFacingFrameCarriesTheOutcomeOrTheScoreDetails() throws Exception {
        try (var provider = RewardServer.create(QuizEnvironment.RUBRIC, RewardServerConfig.defaults());
                EnvServer server = quiz(ServerConfig.ephemeral()
                        .withTrainer(TrainerChannel.of(TOKEN))
                        .withRewards(
                                ProviderRewards.of(URI.create(provider.url())).withTiming(RewardTiming.STEP)));
                var socket = SocketPeer.open(server, "/ws");
                var mcp = SocketPeer.open(server, "/mcp")) {
            var seen = new ArrayList<String>();
            seen.add(socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"ep-2\"}}")
                    .toString());
            seen.add(socket.call("{\"type\":\"step\",\"data\":{\"type\":\"list_tools\"}}")
                    .toString());
            seen.add(socket.call(
                            "{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"hint\",\"arguments\":{}}}")
                    .toString());
            seen.add(socket.call(answer("piano")).toString());
            seen.add(socket.call("{\"type\":\"state\"}").toString());
            seen.add(socket.call("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}}")
                    .toString());
            seen.add(mcp.call(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"answer\",\"arguments\":{\"text\":\"drum\"}}}")
                    .toString());
            seen.add(
                    HttpPeer.post(server, "/reset", "{\"episode_id\":\"ep-3\"}").body());
            seen.add(HttpPeer.post(
                            server,
                            "/step",
                            "{\"action\":{\"type\":\"call_tool\",\"tool_name\":\"answer\",\"arguments\":{\"text\":\"x\"}}}")
                    .body());
            seen.add(HttpPeer.get(server, "/state").body());
            seen.add(HttpPeer.post(
                            server,
                            "/mcp",
                            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"hint\",\"arguments\":{}}}")
                    .body());
            for (String frame : seen) {
                assertThat(frame)
                        .doesNotContain(QuizEnvironment.SECRET)
                        .doesNotContain("final_state")
                        .doesNotContain("outcome")
                        .doesNotContain("trajectory")
                        .doesNotContain("provenance")
                        .doesNotContain("content_hash")
                        .doesNotContain("quiz-correct");
            }
            assertThat(seen.get(3)).as("the provider's reward did arrive").contains("\"reward\":0.0");
            String record = HttpPeer.getWithToken(server, "/trainer/episodes/ep-2", TOKEN)
                    .body();
            assertThat(record)
                    .contains(QuizEnvironment.SECRET)
                    .contains("quiz-correct")
                    .contains("content_hash");
        }
    }

    @Test
    void theTokenComesFromTheEnvironmentAndMustBeLongEnough() {
        var config =
                ServerConfig.fromEnvironment(Map.of("OPENENV_TRAINER_TOKEN", TOKEN, "OPENENV_TRAINER_EPISODES", "7"));
        assertThat(config.trainer()).isEqualTo(new TrainerChannel(TOKEN, 7));
        assertThat(config.trainer().toString()).doesNotContain(TOKEN);
        assertThat(ServerConfig.fromEnvironment(Map.of()).trainer()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ServerConfig.fromEnvironment(Map.of("OPENENV_TRAINER_TOKEN", "short")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OPENENV_TRAINER_TOKEN")
                .hasMessageContaining("16 characters");
    }
}
