package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.TaskCatalogue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The reference's task API (openenv 0.4.2+): routes, bodies and status codes, from a spec's {@link TaskCatalogue}. */
class TaskApiTest {

    /** Two splits: {@code train} with 5 tasks, {@code holdout} with 2; a task is its id, index and prompt. */
    private static final TaskCatalogue CATALOGUE = new TaskCatalogue() {
        @Override
        public List<String> splits() {
            return List.of("train", "holdout");
        }

        @Override
        public long count(String split) {
            return switch (split) {
                case "train" -> 5;
                case "holdout" -> 2;
                default -> throw new UnknownSplitException(split, splits());
            };
        }

        @Override
        public Map<String, Object> task(String split, long index) {
            if (index < 0 || index >= count(split)) {
                throw new IndexOutOfBoundsException(index);
            }
            var task = new LinkedHashMap<String, Object>();
            task.put("id", split + "-" + index);
            task.put("index", index);
            task.put("prompt", "add " + index + " to the counter");
            return task;
        }
    };

    private static EnvServer withTasks;
    private static EnvServer withoutTasks;
    private static EnvServer production;

    @BeforeAll
    static void start() throws Exception {
        withTasks = EnvServer.create(CounterEnvironment.spec().withTasks(CATALOGUE), ServerConfig.ephemeral())
                .start();
        withoutTasks = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start();
        production = EnvServer.create(
                        CounterEnvironment.spec().withTasks(CATALOGUE),
                        ServerConfig.ephemeral().withMode(ServerMode.PRODUCTION))
                .start();
    }

    @AfterAll
    static void stop() {
        withTasks.close();
        withoutTasks.close();
        production.close();
    }

    @Test
    void listEnvironmentsNamesTheServedEnvironmentWhetherOrNotItPlaysTasks() throws Exception {
        assertThat(HttpPeer.get(withTasks, "/list_environments").body()).isEqualTo("[\"counter\"]");
        assertThat(HttpPeer.get(withoutTasks, "/list_environments").body()).isEqualTo("[\"counter\"]");
    }

    @Test
    void splitsAreNamedAndTypedWithUnknownNamesTypedAsValidation() throws Exception {
        var reply = HttpPeer.get(withTasks, "/counter/splits");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body())
                .isEqualTo("[{\"name\":\"train\",\"type\":\"train\"},{\"name\":\"holdout\",\"type\":\"validation\"}]");
    }

    @Test
    void theEnvironmentNameIsComparedWithoutCase() throws Exception {
        assertThat(HttpPeer.get(withTasks, "/COUNTER/splits").status()).isEqualTo(200);
        assertThat(HttpPeer.post(withTasks, "/Counter/num_tasks", "{\"split\":\"train\"}")
                        .body())
                .isEqualTo("{\"num_tasks\":5}");
    }

    @Test
    void anotherEnvironmentsNameIsNotFound() throws Exception {
        var reply = HttpPeer.post(withTasks, "/chess/task", "{\"split\":\"train\",\"index\":0}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("detail").stringValue()).isEqualTo("unknown environment 'chess'");
        assertThat(HttpPeer.get(withTasks, "/chess/splits").status()).isEqualTo(404);
    }

    @Test
    void anEnvironmentWithoutTasksAnswersNotImplementedOnEveryTaskRoute() throws Exception {
        var splits = HttpPeer.get(withoutTasks, "/counter/splits");
        assertThat(splits.status()).isEqualTo(501);
        assertThat(splits.json().get("detail").stringValue())
                .isEqualTo("list_splits is not supported for this environment");
        assertThat(HttpPeer.post(withoutTasks, "/counter/tasks", "{\"split\":\"train\"}")
                        .json()
                        .get("detail")
                        .stringValue())
                .isEqualTo("list_tasks is not supported for this environment");
        assertThat(HttpPeer.post(withoutTasks, "/counter/num_tasks", "{\"split\":\"train\"}")
                        .status())
                .isEqualTo(501);
        assertThat(HttpPeer.post(withoutTasks, "/counter/task", "{\"split\":\"train\",\"index\":0}")
                        .json()
                        .get("detail")
                        .stringValue())
                .isEqualTo("get_task is not supported for this environment");
        assertThat(HttpPeer.post(withoutTasks, "/counter/task_range", "{\"split\":\"train\"}")
                        .json()
                        .get("detail")
                        .stringValue())
                .isEqualTo("get_task_range is not supported for this environment");
    }

    @Test
    void tasksListsTheSplitWithTheEnvironmentsName() throws Exception {
        JsonNode body = HttpPeer.post(withTasks, "/counter/tasks", "{\"split\":\"holdout\"}")
                .json();

        assertThat(body.get("env_name").stringValue()).isEqualTo("counter");
        assertThat(body.get("tasks")).hasSize(2);
        assertThat(body.get("tasks").get(1).get("id").stringValue()).isEqualTo("holdout-1");
    }

    @Test
    void taskReturnsTheTaskAtTheIndex() throws Exception {
        var reply = HttpPeer.post(withTasks, "/counter/task", "{\"split\":\"train\",\"index\":3}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body())
                .isEqualTo("{\"task\":{\"id\":\"train-3\",\"index\":3,\"prompt\":\"add 3 to the counter\"}}");
    }

    @Test
    void anIndexOutsideTheSplitIsABadRequest() throws Exception {
        for (String index : List.of("5", "-1", "1000000000000")) {
            var reply = HttpPeer.post(withTasks, "/counter/task", "{\"split\":\"train\",\"index\":" + index + "}");

            assertThat(reply.status()).as(index).isEqualTo(400);
            assertThat(reply.json().get("detail").stringValue()).isEqualTo("Invalid task index");
        }
    }

    @Test
    void anUnknownSplitIsABadRequestNamingTheSplitsThereAre() throws Exception {
        var reply = HttpPeer.post(withTasks, "/counter/num_tasks", "{\"split\":\"dev\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("detail").stringValue()).contains("'dev'").contains("[train, holdout]");
    }

    @Test
    void taskRangeFollowsPythonSliceBounds() throws Exception {
        assertThat(ids(HttpPeer.post(withTasks, "/counter/task_range", "{\"split\":\"train\",\"start\":1,\"stop\":3}")))
                .containsExactly("train-1", "train-2");
        assertThat(ids(HttpPeer.post(withTasks, "/counter/task_range", "{\"split\":\"train\"}")))
                .containsExactly("train-0", "train-1", "train-2", "train-3", "train-4");
        assertThat(ids(HttpPeer.post(
                        withTasks, "/counter/task_range", "{\"split\":\"train\",\"start\":-2,\"stop\":null}")))
                .containsExactly("train-3", "train-4");
        assertThat(ids(HttpPeer.post(
                        withTasks, "/counter/task_range", "{\"split\":\"train\",\"start\":4,\"stop\":99}")))
                .containsExactly("train-4");
        assertThat(ids(HttpPeer.post(withTasks, "/counter/task_range", "{\"split\":\"train\",\"start\":3,\"stop\":1}")))
                .isEmpty();
    }

    @Test
    void bodiesThatAreNotTheRequestModelAreUnprocessableAsThePydanticModelsSay() throws Exception {
        var missing = HttpPeer.post(withTasks, "/counter/task", "{\"split\":\"train\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("detail").get(0).get("type").stringValue())
                .isEqualTo("missing");
        assertThat(missing.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"index\"]");

        var extra = HttpPeer.post(withTasks, "/counter/num_tasks", "{\"split\":\"train\",\"index\":\"x\"}");
        assertThat(extra.status()).isEqualTo(422);
        assertThat(extra.json().get("detail")).hasSize(1);
        assertThat(extra.json().get("detail").get(0).get("type").stringValue()).isEqualTo("extra_forbidden");

        var wrongType = HttpPeer.post(withTasks, "/counter/tasks", "{\"split\":7}");
        assertThat(wrongType.json().get("detail").get(0).get("type").stringValue())
                .isEqualTo("string_type");

        var fraction = HttpPeer.post(withTasks, "/counter/task", "{\"split\":\"train\",\"index\":1.5}");
        assertThat(fraction.json().get("detail").get(0).get("type").stringValue())
                .isEqualTo("int_from_float");

        assertThat(HttpPeer.post(withTasks, "/counter/tasks", "").status()).isEqualTo(422);
        assertThat(HttpPeer.post(withTasks, "/counter/tasks", "{\"split\":")
                        .json()
                        .get("detail")
                        .get(0)
                        .get("type")
                        .stringValue())
                .isEqualTo("json_invalid");
        assertThat(HttpPeer.post(withTasks, "/counter/tasks", "[]").status()).isEqualTo(422);
    }

    @Test
    void integralNumbersAndNumericStringsAreIndexesAsPydanticAcceptsThem() throws Exception {
        assertThat(HttpPeer.post(withTasks, "/counter/task", "{\"split\":\"train\",\"index\":2.0}")
                        .status())
                .isEqualTo(200);
        assertThat(HttpPeer.post(withTasks, "/counter/task", "{\"split\":\"train\",\"index\":\"2\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theRoutesKeepTheirMethods() throws Exception {
        assertThat(HttpPeer.get(withTasks, "/counter/tasks").status()).isEqualTo(405);
        assertThat(HttpPeer.post(withTasks, "/counter/splits", "{}").status()).isEqualTo(405);
        assertThat(HttpPeer.get(withTasks, "/counter/unknown").status()).isEqualTo(404);
        assertThat(HttpPeer.get(withTasks, "/a/b/splits").status()).isEqualTo(404);
    }

    @Test
    void theTaskApiIsServedInProductionModeToo() throws Exception {
        assertThat(HttpPeer.post(production, "/counter/num_tasks", "{\"split\":\"holdout\"}")
                        .body())
                .isEqualTo("{\"num_tasks\":2}");
    }

    private static List<String> ids(HttpPeer.Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        return reply.json()
                .get("tasks")
                .valueStream()
                .map(task -> task.get("id").stringValue())
                .toList();
    }
}
