package io.openenv4j.server;

import static io.openenv4j.server.TrainerChannelTest.TOKEN;
import static io.openenv4j.server.TrainerChannelTest.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.rewards.RewardServer;
import io.openenv4j.rewards.RewardServerConfig;
import io.openenv4j.rewards.Rubric;
import io.openenv4j.rewards.RubricException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An environment server that takes its rewards from a reward provider, over loopback with real sockets:
 * the provider's score arrives in the step's reward, its details in the trainer channel, and a failing or
 * slow provider fails the step with {@code REWARD_ERROR}, never a zero or a null.
 */
class ProviderRewardsTest {

    private static EnvServer quiz(RewardServer provider, RewardTiming timing) throws Exception {
        return quiz(ProviderRewards.of(URI.create(provider.url()))
                .withTiming(timing)
                .withTimeout(Duration.ofSeconds(5)));
    }

    private static EnvServer quiz(ProviderRewards rewards) throws Exception {
        return EnvServer.create(
                        QuizEnvironment.spec(),
                        ServerConfig.ephemeral()
                                .withTrainer(TrainerChannel.of(TOKEN))
                                .withRewards(rewards))
                .start();
    }

    private static JsonNode record(EnvServer server, String episode) throws Exception {
        var reply = HttpPeer.getWithToken(server, "/trainer/episodes/" + episode, TOKEN);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void atEpisodeEndTheProvidersScoreIsTheReward() throws Exception {
        try (var provider = RewardServer.create(QuizEnvironment.RUBRIC, RewardServerConfig.defaults());
                EnvServer server = quiz(provider, RewardTiming.EPISODE);
                var socket = SocketPeer.open(server, "/ws")) {
            JsonNode reset = socket.call("{\"type\":\"reset\",\"data\":{\"seed\":1,\"episode_id\":\"ep-1\"}}");
            assertThat(reset.path("data").path("reward").asDouble()).isZero();
            JsonNode first = socket.call(answer("piano"));
            assertThat(first.path("data").path("reward").isNull())
                    .as("no reward before the end")
                    .isTrue();
            JsonNode last = socket.call(answer(QuizEnvironment.SECRET));
            assertThat(last.path("data").path("done").asBoolean()).isTrue();
            assertThat(last.path("data").path("reward").asDouble())
                    .as("the environment's own reward is 0")
                    .isEqualTo(1.0);
            assertThat(last.toString()).doesNotContain("provenance").doesNotContain(QuizEnvironment.SECRET);

            JsonNode rewards = record(server, "ep-1").path("rewards");
            assertThat(rewards.size()).isEqualTo(1);
            assertThat(rewards.get(0).path("step").asInt()).isEqualTo(2);
            assertThat(rewards.get(0).path("reward").asDouble()).isEqualTo(1.0);
            JsonNode scored = rewards.get(0).path("scored");
            assertThat(scored.path("content_hash").asString()).hasSize(64);
            assertThat(scored.path("cached").asBoolean()).isFalse();
            assertThat(scored.path("score").path("provenance").path("rubric").asString())
                    .isEqualTo("quiz-correct");
        }
    }

    @Test
    void everyStepCanBeScoredOrPaidTheChangeOfTheScore() throws Exception {
        Rubric answers = Rubric.of("answers", t -> (double) t.steps().size());
        try (var provider = RewardServer.create(answers, RewardServerConfig.defaults())) {
            try (EnvServer server = quiz(provider, RewardTiming.STEP);
                    var socket = SocketPeer.open(server, "/ws")) {
                socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"s\"}}");
                assertThat(socket.call(answer("a")).path("data").path("reward").asDouble())
                        .isEqualTo(1.0);
                assertThat(socket.call(answer("b")).path("data").path("reward").asDouble())
                        .isEqualTo(2.0);
                assertThat(record(server, "s").path("rewards").size()).isEqualTo(2);
            }
            try (EnvServer server = quiz(provider, RewardTiming.DELTA);
                    var socket = SocketPeer.open(server, "/ws")) {
                socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"d\"}}");
                assertThat(socket.call(answer("a")).path("data").path("reward").asDouble())
                        .isEqualTo(1.0);
                assertThat(socket.call(answer("b")).path("data").path("reward").asDouble())
                        .isEqualTo(1.0);
                socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"d2\"}}");
                assertThat(socket.call(answer("a")).path("data").path("reward").asDouble())
                        .as("a reset starts from 0")
                        .isEqualTo(1.0);
            }
        }
    }

    @Test
    void aFailingProviderFailsTheStepWithARewardErrorAndTheSessionGoesOn() throws Exception {
        Rubric broken = Rubric.of("broken", t -> {
            throw new RubricException("the judge is down (expected " + QuizEnvironment.SECRET + ")");
        });
        try (var provider = RewardServer.create(broken, RewardServerConfig.defaults());
                EnvServer server = quiz(provider, RewardTiming.STEP);
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"f\"}}");
            JsonNode error = socket.call(answer("piano"));
            assertThat(error.path("type").asString()).isEqualTo("error");
            JsonNode data = error.path("data");
            assertThat(data.path("code").asString()).isEqualTo("REWARD_ERROR");
            assertThat(data.path("provider_error").asString()).isEqualTo("PROVIDER_ERROR");
            assertThat(data.path("provider_status").asInt()).isEqualTo(502);
            assertThat(data.path("provider_code").asString()).isEqualTo("RUBRIC_FAILED");
            assertThat(data.path("episode_id").asString()).isEqualTo("f");
            assertThat(data.path("step").asInt()).isEqualTo(1);
            assertThat(error.toString())
                    .as("the provider's message stays on the trainer side")
                    .doesNotContain(QuizEnvironment.SECRET)
                    .doesNotContain("judge is down");

            JsonNode state = socket.call("{\"type\":\"state\"}");
            assertThat(state.path("data").path("step_count").asInt())
                    .as("the step was taken")
                    .isEqualTo(1);
            JsonNode failure = record(server, "f").path("rewards").get(0);
            assertThat(failure.path("reward").isNull()).isTrue();
            assertThat(failure.path("error").path("code").asString()).isEqualTo("RUBRIC_FAILED");
            assertThat(failure.path("error").path("message").asString()).contains("the judge is down");
        }
    }

    @Test
    void aSlowProviderIsATimeoutNotAZero() throws Exception {
        Rubric slow = Rubric.of("slow", t -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1.0;
        });
        try (var provider = RewardServer.create(slow, RewardServerConfig.defaults());
                EnvServer server =
                        quiz(ProviderRewards.of(URI.create(provider.url())).withTimeout(Duration.ofMillis(300)));
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"t\"}}");
            socket.call(answer("a"));
            socket.call(answer("b"));
            JsonNode error = socket.call(answer("c"));
            assertThat(error.path("data").path("code").asString()).isEqualTo("REWARD_ERROR");
            assertThat(error.path("data").path("provider_error").asString()).isEqualTo("TIMEOUT");
            assertThat(record(server, "t")
                            .path("rewards")
                            .get(0)
                            .path("error")
                            .path("message")
                            .asString())
                    .contains("300 ms");
        }
    }

    @Test
    void aNonBlockingEnvironmentWithAProviderStepsOffTheEventLoopSoASlowProviderHoldsUpNoOtherSession()
            throws Exception {
        Rubric slow = Rubric.of("slow", t -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1.0;
        });
        var lifecycle = new Lifecycle();
        var spec = CounterEnvironment.spec(lifecycle).withExecution(io.openenv4j.core.Execution.NON_BLOCKING);
        try (var provider = RewardServer.create(slow, RewardServerConfig.defaults());
                EnvServer server = EnvServer.create(
                                spec,
                                ServerConfig.ephemeral()
                                        .withRewards(ProviderRewards.of(URI.create(provider.url()))
                                                .withTiming(RewardTiming.STEP)
                                                .withTimeout(Duration.ofSeconds(10))))
                        .start();
                var waiting = SocketPeer.open(server, "/ws");
                var other = SocketPeer.open(server, "/ws")) {
            waiting.call("{\"type\":\"reset\"}");
            other.call("{\"type\":\"reset\"}");
            long start = System.nanoTime();
            waiting.send("{\"type\":\"step\",\"data\":{\"delta\":1}}");
            Thread.sleep(100);
            JsonNode state = other.call("{\"type\":\"state\"}");
            long otherMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(state.path("type").asString()).isEqualTo("state");
            assertThat(otherMillis)
                    .as("the other session was answered while the provider was still scoring")
                    .isLessThan(1_400);
            JsonNode scored = waiting.next(Duration.ofSeconds(10));
            assertThat(scored.path("data").path("reward").asDouble()).isEqualTo(1.0);
            assertThat(lifecycle.stepThreads)
                    .as("provider round trips never run on the event loop")
                    .containsOnly("virtual");
        }
    }

    @Test
    void anUnreachableProviderIsAConnectFailure() throws Exception {
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (EnvServer server = quiz(ProviderRewards.of(URI.create("http://127.0.0.1:" + port))
                        .withTiming(RewardTiming.STEP));
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"u\"}}");
            JsonNode error = socket.call(answer("a"));
            assertThat(error.path("data").path("code").asString()).isEqualTo("REWARD_ERROR");
            assertThat(error.path("data").path("provider_error").asString()).isEqualTo("CONNECT_FAILED");
        }
    }

    @Test
    void aProviderScoringWithAnotherRubricIsRefused() throws Exception {
        try (var provider = RewardServer.create(QuizEnvironment.RUBRIC, RewardServerConfig.defaults());
                EnvServer server = quiz(ProviderRewards.of(URI.create(provider.url()))
                        .withTiming(RewardTiming.STEP)
                        .withRubric("wordle-shaped"));
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"m\"}}");
            JsonNode error = socket.call(answer("a"));
            assertThat(error.path("data").path("code").asString()).isEqualTo("REWARD_ERROR");
            assertThat(error.path("data").path("provider_code").asString()).isEqualTo("RUBRIC_MISMATCH");
        }
    }

    @Test
    void aRepeatedEpisodeIsScoredFromTheProvidersCache() throws Exception {
        var calls = new AtomicInteger();
        Rubric counted = Rubric.of("counted", t -> {
            calls.incrementAndGet();
            return QuizEnvironment.RUBRIC.score(t).value();
        });
        try (var provider = RewardServer.create(counted, RewardServerConfig.defaults());
                EnvServer server = quiz(provider, RewardTiming.EPISODE)) {
            var cached = new ArrayList<Boolean>();
            var rewards = new ArrayList<Double>();
            for (int i = 0; i < 3; i++) {
                try (var socket = SocketPeer.open(server, "/ws")) {
                    socket.call("{\"type\":\"reset\",\"data\":{\"seed\":9,\"episode_id\":\"rep-" + i + "\"}}");
                    socket.call(answer("piano"));
                    rewards.add(socket.call(answer(QuizEnvironment.SECRET))
                            .path("data")
                            .path("reward")
                            .asDouble());
                }
                cached.add(record(server, "rep-" + i)
                        .path("rewards")
                        .get(0)
                        .path("scored")
                        .path("cached")
                        .asBoolean());
            }
            assertThat(rewards).containsExactly(1.0, 1.0, 1.0);
            assertThat(cached).containsExactly(false, true, true);
            assertThat(calls.get()).isEqualTo(1);
        }
    }

    @Test
    void theHttpStepRouteAnswers502WithTheRewardErrorCode() throws Exception {
        Rubric broken = Rubric.of("broken", t -> {
            throw new RubricException("down");
        });
        try (var provider = RewardServer.create(broken, RewardServerConfig.defaults());
                EnvServer server = quiz(provider, RewardTiming.STEP)) {
            var reply = HttpPeer.post(
                    server,
                    "/step",
                    "{\"action\":{\"type\":\"call_tool\",\"tool_name\":\"answer\",\"arguments\":{\"text\":\"x\"}}}");
            assertThat(reply.status()).isEqualTo(502);
            assertThat(reply.json().path("code").asString()).isEqualTo("REWARD_ERROR");
            assertThat(reply.json().path("detail").asString()).contains("reward provider");
        }
        try (var provider = RewardServer.create(Rubric.of("one", t -> 1.0), RewardServerConfig.defaults());
                EnvServer server = quiz(provider, RewardTiming.STEP)) {
            var reply = HttpPeer.post(
                    server,
                    "/step",
                    "{\"action\":{\"type\":\"call_tool\",\"tool_name\":\"answer\",\"arguments\":{\"text\":\"x\"}}}");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("reward").asDouble()).isEqualTo(1.0);
        }
    }

    @Test
    void batchedSteppingTakesEachMembersRewardFromTheProvider() throws Exception {
        String right = "{\"type\":\"call_tool\",\"tool_name\":\"answer\",\"arguments\":{\"text\":\""
                + QuizEnvironment.SECRET + "\"}}";
        String wrong = "{\"type\":\"call_tool\",\"tool_name\":\"answer\",\"arguments\":{\"text\":\"piano\"}}";
        try (var provider = RewardServer.create(QuizEnvironment.RUBRIC, RewardServerConfig.defaults());
                EnvServer server = quiz(provider, RewardTiming.EPISODE);
                var batch = SocketPeer.open(server, "/ws/batch?envs=2")) {
            batch.call(
                    "{\"type\":\"reset\",\"data\":{\"requests\":[{\"episode_id\":\"b0\"},{\"episode_id\":\"b1\"}]}}");
            JsonNode results = batch.call("{\"type\":\"step\",\"data\":{\"actions\":[" + right + "," + wrong + "]}}")
                    .path("data")
                    .path("results");
            assertThat(results.get(0).path("done").asBoolean()).isTrue();
            assertThat(results.get(0).path("reward").asDouble()).isEqualTo(1.0);
            assertThat(results.get(1).path("reward").isNull()).isTrue();
            assertThat(results.toString())
                    .doesNotContain(QuizEnvironment.SECRET)
                    .doesNotContain("provenance");
            assertThat(record(server, "b0")
                            .path("rewards")
                            .get(0)
                            .path("scored")
                            .path("score")
                            .path("value")
                            .asDouble())
                    .isEqualTo(1.0);
            assertThat(record(server, "b1").path("step_count").asInt()).isEqualTo(1);
        }
        Rubric broken = Rubric.of("broken", t -> {
            throw new RubricException("down");
        });
        try (var provider = RewardServer.create(broken, RewardServerConfig.defaults());
                EnvServer server = quiz(provider, RewardTiming.STEP);
                var batch = SocketPeer.open(server, "/ws/batch?envs=2")) {
            batch.call("{\"type\":\"reset\",\"data\":{\"requests\":[{\"episode_id\":\"c0\"},null]}}");
            JsonNode results = batch.call("{\"type\":\"step\",\"data\":{\"actions\":[" + wrong + ",null]}}")
                    .path("data")
                    .path("results");
            assertThat(results.get(0).path("error").path("code").asString()).isEqualTo("REWARD_ERROR");
            assertThat(results.get(0).path("error").path("provider_code").asString())
                    .isEqualTo("RUBRIC_FAILED");
            assertThat(results.get(1).isNull()).isTrue();
        }
    }

    @Test
    void theProviderIsConfiguredFromTheEnvironment() {
        var config = ServerConfig.fromEnvironment(Map.of(
                "OPENENV_REWARD_PROVIDER_URL",
                "http://127.0.0.1:9000",
                "OPENENV_REWARD_RUBRIC",
                "quiz-correct",
                "OPENENV_REWARD_TIMEOUT_MS",
                "1500",
                "OPENENV_REWARD_TIMING",
                "delta"));
        assertThat(config.rewards())
                .isEqualTo(new ProviderRewards(
                        URI.create("http://127.0.0.1:9000"),
                        "quiz-correct",
                        Duration.ofMillis(1500),
                        RewardTiming.DELTA));
        assertThat(ServerConfig.fromEnvironment(Map.of()).rewards()).isNull();
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("OPENENV_REWARD_PROVIDER_URL", "ftp://x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OPENENV_REWARD_");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(
                        Map.of("OPENENV_REWARD_PROVIDER_URL", "http://h:1", "OPENENV_REWARD_TIMING", "sometimes")))
                .hasMessageContaining("episode, step or delta");
    }
}
