package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * RFC 007 with the unmodified Python reference client ({@code GenericEnvClient} from openenv-core): it steps
 * our Wordle server configured with a Java reward provider and receives the provider's reward in the step
 * result; a failing provider reaches it as an error naming {@code REWARD_ERROR}, never as a zero.
 */
class RemoteRewardsInteropTest {

    private static final String TOKEN = "interop-trainer-token-0123456789";
    private static final long SEED = 21;

    @BeforeAll
    static void reference() {
        PythonReference.assumeAvailable();
    }

    private static String answerFor(long seed) {
        try (var env = new WordleEnvironment()) {
            env.reset(new ResetRequest(seed, "probe", Map.of()));
            return (String) env.outcome().orElseThrow().fact("answer");
        }
    }

    private static JsonNode play(EnvServer server, String episode, List<Map<String, Object>> actions) throws Exception {
        Path file = Files.createTempFile("actions", ".json");
        Files.writeString(file, WireJson.write(actions));
        var run = PythonReference.run(
                List.of(
                        PythonReference.python().toString(),
                        PythonReference.script("play_episode.py").toString(),
                        "--url",
                        server.baseUrl(),
                        "--seed",
                        Long.toString(SEED),
                        "--episode-id",
                        episode,
                        "--actions",
                        file.toString()),
                120);
        assertThat(run.exitCode()).as(run.output() + run.error()).isZero();
        return WireJson.parse(run.output());
    }

    private static EnvServer wordle(RewardServer provider, RewardTiming timing) throws Exception {
        return EnvServer.create(
                        WordleEnvironment.spec(),
                        ServerConfig.ephemeral()
                                .withTrainer(TrainerChannel.of(TOKEN))
                                .withRewards(ProviderRewards.of(URI.create(provider.url()))
                                        .withTiming(timing)))
                .start();
    }

    @Test
    void theReferenceClientReceivesTheProvidersReward() throws Exception {
        String answer = answerFor(SEED);
        String opener = answer.equals("slate") ? "round" : "slate";
        try (var provider = RewardServer.create(WordleEnvironment.rubric("binary"), RewardServerConfig.defaults());
                EnvServer server = wordle(provider, RewardTiming.EPISODE)) {
            JsonNode out = play(server, "py-1", List.of(Map.of("guess", opener), Map.of("guess", answer)));
            JsonNode steps = out.path("steps");
            assertThat(steps.size()).as(out.toString()).isEqualTo(2);
            assertThat(steps.get(0).path("reward").isNull())
                    .as("no reward before the end")
                    .isTrue();
            assertThat(steps.get(0).toString()).doesNotContain(answer);
            assertThat(steps.get(1).path("done").asBoolean()).isTrue();
            assertThat(steps.get(1).path("reward").asDouble()).isEqualTo(1.0);
            assertThat(out.toString()).doesNotContain("provenance").doesNotContain("final_state");

            var reply = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/trainer/episodes/py-1"))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode scored =
                    WireJson.parse(reply.body()).path("rewards").get(0).path("scored");
            assertThat(scored.path("score").path("provenance").path("rubric").asString())
                    .isEqualTo("wordle-solved");
        }
    }

    @Test
    void theReferenceClientGetsAClearErrorFromAFailingProvider() throws Exception {
        Rubric broken = Rubric.of("broken", t -> {
            throw new RubricException("judge unavailable");
        });
        try (var provider = RewardServer.create(broken, RewardServerConfig.defaults());
                EnvServer server = wordle(provider, RewardTiming.STEP)) {
            JsonNode out = play(server, "py-2", List.of(Map.of("guess", "slate")));
            String exception = out.path("steps").get(0).path("exception").asString();
            assertThat(exception).contains("REWARD_ERROR").contains("reward provider gave no reward");
            assertThat(out.path("state").path("step_count").asInt())
                    .as("the session lives on")
                    .isEqualTo(1);
        }
    }
}
