package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.Environment;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.qa.QaDataset;
import io.openenv4j.envs.qa.QaEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.tasks.Task;
import io.openenv4j.tasks.TaskSource;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The unmodified Python reference client chooses tasks through reset's keyword arguments over WebSocket
 * against {@code qa} bound to its dataset: the same split and seed give the same task in every session, an
 * index or id picks exactly that task, and nothing it receives holds a hidden answer.
 */
class TaskInteropTest {

    @BeforeAll
    static void reference() {
        PythonReference.assumeAvailable();
    }

    private static JsonNode drive(String url, List<Map<String, Object>> plan) throws Exception {
        Path file = Files.createTempFile("task-plan", ".json");
        Files.writeString(file, WireJson.write(plan));
        var run = PythonReference.run(
                List.of(
                        PythonReference.python().toString(),
                        PythonReference.script("task_resets.py").toString(),
                        "--url",
                        url,
                        "--plan",
                        file.toString()),
                120);
        assertThat(run.exitCode()).as(run.error()).isZero();
        return WireJson.parse(run.output());
    }

    private static Map<String, Object> entry(Map<String, Object> reset, String answer) {
        var out = new LinkedHashMap<String, Object>();
        out.put("reset", reset);
        if (answer != null) {
            out.put("answer", answer);
        }
        return out;
    }

    @Test
    void theReferenceClientSelectsTasksInResetFieldsAndNeverSeesAnAnswer() throws Exception {
        TaskSource source = QaDataset.bundled();
        var plan = new ArrayList<Map<String, Object>>();
        for (long seed = 0; seed < 6; seed++) {
            plan.add(entry(Map.of("seed", seed, "split", "test"), null));
        }
        plan.add(entry(Map.of("split", "train", "task_index", 3), null));
        plan.add(entry(
                Map.of("task_id", "qa-test-0007", "split", "test"),
                "the answer is " + QaEnvironment.class.getSimpleName()));
        plan.add(entry(
                Map.of("split", "test", "task_seed", 5, "task_position", 2, "task_rank", 1, "task_world_size", 2),
                null));
        plan.add(entry(Map.of("split", "nope"), null));
        plan.add(entry(Map.of("task_index", 999), null));

        try (EnvServer server =
                EnvServer.create(QaEnvironment.spec(), ServerConfig.ephemeral()).start()) {
            JsonNode first = drive(server.baseUrl(), plan);
            JsonNode second = drive(server.baseUrl(), plan);
            assertThat(first.size()).isEqualTo(plan.size());
            for (int i = 0; i < 9; i++) {
                assertThat(first.get(i).has("exception"))
                        .as("entry %d: %s", i, first.get(i))
                        .isFalse();
                assertThat(first.get(i).get("state").get("task_id"))
                        .as("same split and seed, same task")
                        .isEqualTo(second.get(i).get("state").get("task_id"));
            }
            try (Environment<QaEnvironment.Action, QaEnvironment.Observation, Map<String, Object>> local =
                    QaEnvironment.spec().factory().create()) {
                for (int i = 0; i < 6; i++) {
                    local.reset(new ResetRequest((long) i, null, Map.of("split", "test")));
                    JsonNode state = first.get(i).get("state");
                    assertThat(state.get("task_id").asString())
                            .isEqualTo(local.state().get("task_id"));
                    assertThat(state.get("split").asString()).isEqualTo("test");
                    Task task = source.task("test", state.get("task_id").asString());
                    assertThat(first.get(i)
                                    .get("reset")
                                    .get("observation")
                                    .get("question")
                                    .asString())
                            .isEqualTo(task.prompt());
                }
            }
            assertThat(first.get(6).get("state").get("task_id").asString()).isEqualTo("qa-train-0003");
            assertThat(first.get(7).get("state").get("task_index").asLong()).isEqualTo(7);
            assertThat(first.get(7).get("step").get("reward").asDouble()).isZero();
            assertThat(first.get(7).get("step").get("done").asBoolean()).isTrue();
            assertThat(first.get(9).get("exception").asString()).contains("unknown split 'nope'");
            assertThat(first.get(10).get("exception").asString()).contains("task index 999 is out of range");

            for (int i = 0; i < 9; i++) {
                JsonNode state = first.get(i).get("state");
                Task task = source.task(
                        state.get("split").asString(), state.get("task_id").asString());
                String answer = (String) task.hidden("answer");
                String seen = first.get(i).toString();
                assertThat(seen)
                        .as("entry %d", i)
                        .doesNotContainPattern(
                                "(?<![0-9A-Za-z])" + java.util.regex.Pattern.quote(answer) + "(?![0-9A-Za-z])");
                assertThat(seen).doesNotContain("####");
            }
        }
    }
}
