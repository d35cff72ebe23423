package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.wordle.WordleEnvironment;
import io.openenv4j.rewards.RewardServer;
import io.openenv4j.rewards.RewardServerConfig;
import io.openenv4j.rewards.Rubric;
import io.openenv4j.rewards.RubricException;
import io.openenv4j.rewards.Trajectory;
import io.openenv4j.rewards.Transition;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * RFC 007 example: a Python trainer ({@code reward_trainer.py}, standard library only) receives group
 * rewards and GRPO advantages from a Java reward provider serving Wordle's shaped rubric, for rollouts the
 * Java environment played; the scores equal the environment's own episode returns.
 */
class RewardProviderInteropTest {

    private static final List<List<String>> ROLLOUTS = List.of(
            List.of("slate", "crate", "crane"),
            List.of("adieu", "trace", "crate", "grate", "irate", "plate"),
            List.of("crane"),
            List.of("mound", "pious"));

    @BeforeAll
    static void reference() {
        PythonReference.assumeAvailable();
    }

    @Test
    void pythonTrainerReceivesGroupRewardsFromAJavaProvider() throws Exception {
        var trajectories = new ArrayList<Trajectory>();
        var returns = new ArrayList<Double>();
        for (int i = 0; i < ROLLOUTS.size(); i++) {
            try (var env = new WordleEnvironment()) {
                env.reset(new ResetRequest(5L + i, "rollout-" + i, Map.of("answer", "crane", "reward_mode", "shaped")));
                var steps = new ArrayList<Transition>();
                double total = 0;
                for (String guess : ROLLOUTS.get(i)) {
                    var action = new WordleEnvironment.Action(guess);
                    var step = env.step(action);
                    steps.add(Transition.of(action, step.observation(), step.reward(), step.done()));
                    total += step.reward();
                }
                trajectories.add(
                        new Trajectory("rollout-" + i, steps, env.outcome().orElseThrow()));
                returns.add(total);
            }
        }
        Path file = Files.createTempFile("rollouts", ".json");
        Files.writeString(file, WireJson.write(trajectories));
        try (var provider = RewardServer.create(WordleEnvironment.rubric("shaped"), RewardServerConfig.defaults())) {
            JsonNode out = trainer(provider, file, 0);
            assertThat(out.path("info").path("rubric").asString()).isEqualTo("wordle-shaped");
            assertThat(out.path("info").path("determinism").path("kind").asString())
                    .isEqualTo("exact");
            JsonNode results = out.path("group").path("results");
            assertThat(results.size()).isEqualTo(ROLLOUTS.size());
            double advantageSum = 0;
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).path("id").asString()).isEqualTo("rollout-" + i);
                assertThat(results.get(i).path("score").path("value").asDouble())
                        .as("rollout %d", i)
                        .isCloseTo(returns.get(i), within(1e-9));
                assertThat(results.get(i)
                                .path("score")
                                .path("provenance")
                                .path("rubric")
                                .asString())
                        .isEqualTo("wordle-shaped");
                advantageSum += out.path("group").path("advantages").get(i).asDouble();
            }
            assertThat(advantageSum).isCloseTo(0, within(1e-6));
            assertThat(out.path("weights").path("rollout-2").asDouble()).isPositive();
            assertThat(out.path("again_cached").toString()).isEqualTo("[true,true,true,true]");
        }
    }

    @Test
    void pythonTrainerGetsAClearErrorFromAFailingProvider() throws Exception {
        Path file = Files.createTempFile("rollouts", ".json");
        Files.writeString(file, WireJson.write(List.of(Trajectory.of(List.of(), null))));
        Rubric broken = Rubric.of("broken", t -> {
            throw new RubricException("judge endpoint unreachable");
        });
        try (var provider = RewardServer.create(broken, RewardServerConfig.defaults())) {
            JsonNode out = trainer(provider, file, 2);
            assertThat(out.path("error").path("status").asInt()).isEqualTo(502);
            assertThat(out.path("error").path("code").asString()).isEqualTo("RUBRIC_FAILED");
            assertThat(out.path("error").path("message").asString()).contains("judge endpoint unreachable");
        }
    }

    private static JsonNode trainer(RewardServer provider, Path rollouts, int expectedExit) throws Exception {
        var run = PythonReference.run(
                List.of(
                        PythonReference.python().toString(),
                        PythonReference.script("reward_trainer.py").toString(),
                        "--reward-url",
                        provider.url(),
                        "--rollouts",
                        rollouts.toString()),
                120);
        assertThat(run.exitCode()).as(run.output() + run.error()).isEqualTo(expectedExit);
        return WireJson.parse(run.output());
    }
}
