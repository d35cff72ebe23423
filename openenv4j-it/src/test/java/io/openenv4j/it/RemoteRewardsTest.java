package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.client.EnvClient;
import io.openenv4j.client.ServerErrorException;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.wordle.WordleEnvironment;
import io.openenv4j.rewards.RewardServer;
import io.openenv4j.rewards.RewardServerConfig;
import io.openenv4j.rewards.Rubric;
import io.openenv4j.rewards.RubricException;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ProviderRewards;
import io.openenv4j.server.RewardTiming;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.server.TrainerChannel;
import io.openenv4j.wire.ErrorCode;
import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * RFC 007 end to end over loopback: a remote Wordle server takes its rewards from a Java reward provider; a
 * Java client plays as the agent's driver and, as the trainer, reads outcomes and reward details from the
 * token-protected trainer channel. The agent's frames never carry the answer while the episode runs.
 */
class RemoteRewardsTest {

    private static final String TOKEN = "it-trainer-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> OPENERS = List.of("slate", "round", "pinch");

    private static EnvServer wordle(RewardServer provider, RewardTiming timing, Duration timeout) throws Exception {
        return EnvServer.create(WordleEnvironment.spec(), ServerConfig.ephemeral()
                .withTrainer(TrainerChannel.of(TOKEN))
                .withRewards(new ProviderRewards(URI.create(provider.url()), provider.info().rubric(), timeout, timing))).start();
    }

    private static JsonNode trainer(EnvServer server, String episode) throws Exception {
        var reply = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/trainer/episodes/" + episode))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return WireJson.parse(reply.body());
    }

    /** Plays openers the answer is not among, then the answer the trainer read from the channel. */
    private static List<Double> play(EnvClient<Map<String, Object>, Map<String, Object>, Map<String, Object>> client,
            EnvServer server, long seed, String episode, StringBuilder seenWhileRunning) throws Exception {
        var rewards = new ArrayList<Double>();
        var reset = client.reset(new ResetRequest(seed, episode, Map.of("reward_mode", "binary")));
        seenWhileRunning.append(WireJson.write(reset.observation()));
        String answer = trainer(server, episode).path("trajectory").path("outcome").path("final_state").path("answer").asString();
        assertThat(answer).hasSize(5);
        for (String guess : OPENERS) {
            if (guess.equals(answer)) {
                continue;
            }
            var step = client.step(Map.of("guess", guess));
            rewards.add(step.reward());
            seenWhileRunning.append(WireJson.write(step.observation())).append(step.reward());
            seenWhileRunning.append(WireJson.write(client.state()));
            seenWhileRunning.append(WireJson.write(client.mcp(WireJson.parse(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}"))));
            assertThat(seenWhileRunning.toString()).as("nothing the agent saw holds the answer").doesNotContain(answer);
        }
        var last = client.step(Map.of("guess", answer));
        assertThat(last.done()).isTrue();
        assertThat(WireJson.write(last.observation())).doesNotContain("final_state").doesNotContain("provenance")
                .doesNotContain("content_hash");
        rewards.add(last.reward());
        return rewards;
    }

    @Test
    void aRemoteEpisodeIsRewardedByTheProviderAndRepeatsComeFromItsCache() throws Exception {
        try (var provider = RewardServer.create(WordleEnvironment.rubric("binary"), RewardServerConfig.defaults());
                EnvServer server = wordle(provider, RewardTiming.EPISODE, Duration.ofSeconds(10))) {
            var cached = new ArrayList<Boolean>();
            for (int i = 0; i < 3; i++) {
                try (var client = EnvClient.generic(server.baseUrl())) {
                    List<Double> rewards = play(client, server, 17, "rr-" + i, new StringBuilder());
                    assertThat(rewards.subList(0, rewards.size() - 1)).as("no reward before the end").containsOnlyNulls();
                    assertThat(rewards.getLast()).isEqualTo(1.0);
                }
                JsonNode record = trainer(server, "rr-" + i);
                JsonNode scored = record.path("rewards").get(0).path("scored");
                assertThat(scored.path("score").path("provenance").path("rubric").asString()).isEqualTo("wordle-solved");
                assertThat(record.path("trajectory").path("outcome").path("done").asBoolean()).isTrue();
                cached.add(scored.path("cached").asBoolean());
            }
            assertThat(cached).containsExactly(false, true, true);
        }
    }

    @Test
    void aFailingProviderReachesTheJavaTrainerAsARewardError() throws Exception {
        Rubric broken = Rubric.of("wordle-broken", t -> {
            throw new RubricException("judge unavailable");
        });
        try (var provider = RewardServer.create(broken, RewardServerConfig.defaults());
                EnvServer server = wordle(provider, RewardTiming.STEP, Duration.ofSeconds(10));
                var client = EnvClient.generic(server.baseUrl())) {
            client.reset(new ResetRequest(3L, "broken-1", Map.of()));
            assertThatThrownBy(() -> client.step(Map.of("guess", "slate")))
                    .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REWARD_ERROR);
                        assertThat(e.endsSession()).isFalse();
                        assertThat(e.details()).containsEntry("provider_code", "RUBRIC_FAILED");
                    });
            assertThat(client.state().get("step_count")).as("the session lives on").isEqualTo(1);
            JsonNode failure = trainer(server, "broken-1").path("rewards").get(0);
            assertThat(failure.path("error").path("message").asString()).contains("judge unavailable");
        }
    }

    @Test
    void aSlowProviderReachesTheJavaTrainerAsATimeout() throws Exception {
        Rubric slow = Rubric.of("wordle-slow", t -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        });
        try (var provider = RewardServer.create(slow, RewardServerConfig.defaults());
                EnvServer server = wordle(provider, RewardTiming.DELTA, Duration.ofMillis(250));
                var client = EnvClient.generic(server.baseUrl())) {
            client.reset(new ResetRequest(3L, "slow-1", Map.of()));
            assertThatThrownBy(() -> client.step(Map.of("guess", "slate")))
                    .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REWARD_ERROR);
                        assertThat(e.details()).containsEntry("provider_error", "TIMEOUT");
                    });
        }
    }
}
