package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.client.EnvClient;
import io.openenv4j.client.HttpStatusException;
import io.openenv4j.client.ServerErrorException;
import io.openenv4j.client.TrainerClient;
import io.openenv4j.client.TrainerEpisode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 007 end to end over loopback: a remote Wordle server takes its rewards from a Java reward provider; a
 * Java client plays as the agent's driver and, as the trainer, reads outcomes and reward details from the
 * token-protected trainer channel. The agent's frames never carry the answer while the episode runs.
 */
class RemoteRewardsTest {

    private static final String TOKEN = "it-trainer-token-0123456789";
    private static final List<String> OPENERS = List.of("slate", "round", "pinch");

    private static EnvServer wordle(RewardServer provider, RewardTiming timing, Duration timeout) throws Exception {
        return EnvServer.create(
                        WordleEnvironment.spec(),
                        ServerConfig.ephemeral()
                                .withTrainer(TrainerChannel.of(TOKEN))
                                .withRewards(new ProviderRewards(
                                        URI.create(provider.url()),
                                        provider.info().rubric(),
                                        timeout,
                                        timing)))
                .start();
    }

    private static TrainerEpisode trainer(EnvServer server, String episode) {
        return TrainerClient.create(server.baseUrl(), TOKEN).episode(episode);
    }

    /** Plays openers the answer is not among, then the answer the trainer read from the channel. */
    private static List<Double> play(
            EnvClient<Map<String, Object>, Map<String, Object>, Map<String, Object>> client,
            EnvServer server,
            long seed,
            String episode,
            StringBuilder seenWhileRunning)
            throws Exception {
        var rewards = new ArrayList<Double>();
        var reset = client.reset(new ResetRequest(seed, episode, Map.of("reward_mode", "binary")));
        seenWhileRunning.append(WireJson.write(reset.observation()));
        String answer = (String) trainer(server, episode).trajectory().outcome().fact("answer");
        assertThat(answer).hasSize(5);
        for (String guess : OPENERS) {
            if (guess.equals(answer)) {
                continue;
            }
            var step = client.step(Map.of("guess", guess));
            rewards.add(step.reward());
            seenWhileRunning.append(WireJson.write(step.observation())).append(step.reward());
            seenWhileRunning.append(WireJson.write(client.state()));
            seenWhileRunning.append(WireJson.write(client.mcp(
                    WireJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}"))));
            assertThat(seenWhileRunning.toString())
                    .as("nothing the agent saw holds the answer")
                    .doesNotContain(answer);
        }
        var last = client.step(Map.of("guess", answer));
        assertThat(last.done()).isTrue();
        assertThat(WireJson.write(last.observation()))
                .doesNotContain("final_state")
                .doesNotContain("provenance")
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
                    assertThat(rewards.subList(0, rewards.size() - 1))
                            .as("no reward before the end")
                            .containsOnlyNulls();
                    assertThat(rewards.getLast()).isEqualTo(1.0);
                }
                TrainerEpisode record = trainer(server, "rr-" + i);
                assertThat(record.rewards()).hasSize(1);
                var scored = record.rewards().get(0).scored();
                assertThat(scored.score().provenance().rubric()).isEqualTo("wordle-solved");
                assertThat(scored.score().value()).isEqualTo(1.0);
                assertThat(record.trajectory().outcome().done()).isTrue();
                assertThat(record.trajectory().steps()).hasSize(record.stepCount());
                cached.add(scored.cached());
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
            assertThat(client.state().get("step_count"))
                    .as("the session lives on")
                    .isEqualTo(1);
            var failure = trainer(server, "broken-1").rewards().get(0);
            assertThat(failure.ok()).isFalse();
            assertThat(failure.reward()).isNull();
            assertThat(failure.error()).containsEntry("code", "RUBRIC_FAILED");
            assertThat((String) failure.error().get("message")).contains("judge unavailable");
        }
    }

    @Test
    void theTrainerClientNeedsTheToken() throws Exception {
        try (var provider = RewardServer.create(WordleEnvironment.rubric("binary"), RewardServerConfig.defaults());
                EnvServer server = wordle(provider, RewardTiming.EPISODE, Duration.ofSeconds(10));
                var client = EnvClient.generic(server.baseUrl())) {
            client.reset(new ResetRequest(3L, "tok-1", Map.of()));
            assertThat(TrainerClient.create(server.baseUrl(), TOKEN).episodes()).containsExactly("tok-1");
            assertThatThrownBy(() -> TrainerClient.create(server.baseUrl(), "not-the-token-0123456789")
                            .episode("tok-1"))
                    .isInstanceOfSatisfying(
                            HttpStatusException.class,
                            e -> assertThat(e.status()).isEqualTo(401));
            assertThatThrownBy(
                            () -> TrainerClient.create(server.baseUrl(), TOKEN).episode("nope"))
                    .isInstanceOfSatisfying(
                            HttpStatusException.class,
                            e -> assertThat(e.status()).isEqualTo(404));
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
