package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.client.EnvClient;
import io.openenv4j.client.ServerErrorException;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.qa.QaEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.tasks.Sampling;
import io.openenv4j.tasks.Task;
import io.openenv4j.tasks.TaskBinding;
import io.openenv4j.tasks.TaskEnvironment;
import io.openenv4j.tasks.TaskMapping;
import io.openenv4j.tasks.TaskOrder;
import io.openenv4j.tasks.TaskSource;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks over a real server on loopback, with the Java client: selection, shards, and refused leaks. */
class TaskServingTest {

    @TempDir
    Path dir;

    private TaskSource dataset() throws Exception {
        var lines = new ArrayList<String>();
        for (int i = 0; i < 24; i++) {
            lines.add("{\"id\":\"t" + i + "\",\"question\":\"What is " + (300 + i) + " plus 400?\",\"answer\":\""
                    + (700 + i) + "\"}");
        }
        Files.write(dir.resolve("train.jsonl"), lines);
        return TaskSource.fromDirectory(dir, TaskMapping.defaults());
    }

    record Say(String answer) {}

    record Shown(String question, String note) {}

    record Plain(String episodeId, long stepCount) implements State {}

    /** Copies the answer into its observation after the first step: the binding must refuse to send it. */
    static final class Leaky implements TaskEnvironment<Say, Shown, Plain> {
        private Task task;
        private long steps;

        @Override
        public Step<Shown> reset(ResetRequest request, Task newTask) {
            task = newTask;
            steps = 0;
            return Step.of(new Shown(task.prompt(), null));
        }

        @Override
        public Step<Shown> step(Say action) {
            steps++;
            return Step.of(new Shown(task.prompt(), "psst, it is " + task.hidden("answer")), 0.0, false);
        }

        @Override
        public Plain state() {
            return new Plain("e", steps);
        }
    }

    @Test
    void parallelWorkersWithShardFieldsGetDisjointCompletePartsOverTheWire() throws Exception {
        var spec = QaEnvironment.spec(dataset(), TaskBinding.Options.defaults());
        var seen = new ArrayList<String>();
        try (EnvServer server = EnvServer.create(spec, ServerConfig.ephemeral()).start()) {
            for (int rank = 0; rank < 3; rank++) {
                try (var client = EnvClient.generic(server.baseUrl())) {
                    for (int p = 0; p < 8; p++) {
                        var step = client.reset(new ResetRequest(
                                null,
                                null,
                                Map.of("task_seed", 4, "task_rank", rank, "task_world_size", 3, "task_position", p)));
                        Map<String, Object> state = client.state();
                        seen.add((String) state.get("task_id"));
                        String received = WireJson.write(step.observation()) + WireJson.write(state);
                        String answer =
                                String.valueOf(700 + Integer.parseInt(((String) state.get("task_id")).substring(1)));
                        assertThat(received).doesNotContain(answer);
                    }
                }
            }
        }
        assertThat(seen).hasSize(24);
        assertThat(new HashSet<>(seen)).hasSize(24);
    }

    @Test
    void theSameSeedGivesTheSameTaskInAFreshSessionOverTheWire() throws Exception {
        var spec = QaEnvironment.spec(dataset(), TaskBinding.Options.defaults());
        try (EnvServer server = EnvServer.create(spec, ServerConfig.ephemeral()).start()) {
            var first = new ArrayList<Object>();
            try (var client = EnvClient.generic(server.baseUrl())) {
                for (long seed = 0; seed < 8; seed++) {
                    client.reset(ResetRequest.withSeed(seed));
                    first.add(client.state().get("task_id"));
                }
            }
            try (var client = EnvClient.generic(server.baseUrl())) {
                for (long seed = 7; seed >= 0; seed--) {
                    client.reset(ResetRequest.withSeed(seed));
                    assertThat(client.state().get("task_id")).isEqualTo(first.get((int) seed));
                }
            }
        }
    }

    @Test
    void theCommandLineServesQaBoundToADatasetDirectory() throws Exception {
        TaskSource source = dataset();
        int port = PythonReference.freePort();
        var builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.openenv4j.cli.Main",
                "serve",
                "qa",
                "--tasks",
                dir.toString(),
                "--split",
                "train",
                "--task-seed",
                "3",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        try {
            var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
            Thread.ofVirtual().start(() -> {
                try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(
                        process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            });
            var seen = new ArrayList<String>();
            String line;
            do {
                line = lines.poll(60, java.util.concurrent.TimeUnit.SECONDS);
                seen.add(line);
            } while (line != null && !line.startsWith("Serving"));
            assertThat(seen).as("server output").anyMatch(l -> l != null && l.startsWith("Tasks from " + dir));
            try (var client = EnvClient.generic("http://127.0.0.1:" + port)) {
                var step = client.reset(new ResetRequest(null, null, Map.of("task_index", 9)));
                assertThat(step.observation()).containsEntry("question", "What is 309 plus 400?");
                assertThat(client.state()).containsEntry("task_id", "t9").containsEntry("split", "train");
                client.reset(ResetRequest.empty());
                long first = TaskOrder.of(24, Sampling.of(3)).index(0);
                assertThat(client.state())
                        .as("the cursor walks the order of --task-seed")
                        .containsEntry("task_id", source.task("train", first).id());
            }
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
        }
    }

    @Test
    void aLeakIsRefusedWithAClearErrorAndTheAnswerNeverReachesTheClient() throws Exception {
        var leaky = EnvSpec.of(
                EnvironmentMetadata.of("leaky", "copies the answer"), Say.class, Shown.class, Plain.class, Leaky::new);
        var spec = TaskBinding.wrap(leaky, dataset(), TaskBinding.Options.defaults());
        try (EnvServer server = EnvServer.create(spec, ServerConfig.ephemeral()).start();
                var client = EnvClient.generic(server.baseUrl())) {
            var reset = client.reset(new ResetRequest(null, null, Map.of("task_id", "t5")));
            assertThat(WireJson.write(reset.observation()))
                    .contains("What is 305 plus 400?")
                    .doesNotContain("705");
            assertThatThrownBy(() -> client.step(Map.of("answer", "no idea")))
                    .isInstanceOf(ServerErrorException.class)
                    .hasMessageContaining("the observation of step 1 was withheld")
                    .hasMessageContaining("hidden field 'answer' of task 't5'")
                    .hasMessageNotContaining("705");
            assertThatThrownBy(() -> client.step(Map.of("answer", "again"))).hasMessageContaining("call reset");
            client.reset(new ResetRequest(null, null, Map.of("task_id", "t6")));
            assertThat(client.state()).containsEntry("task_id", "t6");
        }
    }
}
