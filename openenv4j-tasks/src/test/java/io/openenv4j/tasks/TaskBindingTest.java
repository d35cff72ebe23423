package io.openenv4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.OutcomeReporting;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskBindingTest {

    record Say(String text) {}

    record Seen(String question, String echo) {}

    record Quiz(String episodeId, long stepCount, String said) implements State {}

    /** Shows the question and echoes what it is told; with {@code leak} it copies the answer somewhere visible. */
    static final class Echo implements TaskEnvironment<Say, Seen, Quiz> {
        final String leak;
        Task task;
        ResetRequest received;
        String said;
        long steps;

        Echo(String leak) {
            this.leak = leak;
        }

        @Override
        public Step<Seen> reset(ResetRequest request, Task task) {
            this.task = task;
            this.received = request;
            steps = 0;
            said = null;
            String echo = "reset".equals(leak) ? "psst: " + task.hidden("answer") : null;
            return Step.of(new Seen(task.prompt(), echo), 0.0, false);
        }

        @Override
        public Step<Seen> step(Say action) {
            steps++;
            said = "state".equals(leak) ? "the answer is " + task.hidden("answer") : action.text();
            String echo = "step".equals(leak) ? "answer=" + task.hidden("answer") : "you said " + action.text();
            return Step.of(new Seen(task.prompt(), echo), 0.0, steps >= 3);
        }

        @Override
        public Quiz state() {
            return new Quiz("ep", steps, said);
        }
    }

    @TempDir
    Path dir;

    TaskSource source;

    @BeforeEach
    void data() throws Exception {
        TaskFixtures.questions(dir, "train", 30);
        TaskFixtures.questions(dir, "test", 4);
        source = TaskSource.fromDirectory(dir, TaskMapping.defaults());
    }

    private EnvSpec<Say, Seen, Map<String, Object>> bound(String leak, TaskBinding.Options options) {
        var spec = EnvSpec.of(
                EnvironmentMetadata.of("echo-quiz", "test"), Say.class, Seen.class, Quiz.class, () -> new Echo(leak));
        return TaskBinding.wrap(spec, source, options);
    }

    private EnvSpec<Say, Seen, Map<String, Object>> bound() {
        return bound(null, TaskBinding.Options.defaults());
    }

    private static ResetRequest reset(Long seed, Map<String, Object> fields) {
        return new ResetRequest(seed, null, fields);
    }

    private static String taskOf(Environment<Say, Seen, Map<String, Object>> env, ResetRequest request) {
        env.reset(request);
        return (String) env.state().get("task_id");
    }

    @Test
    void resetSelectsByIndexAndByIdAndTheEnvironmentGetsTheWholeTask() throws Exception {
        try (var env = bound().factory().create()) {
            Step<Seen> step = env.reset(reset(null, Map.of("split", "test", "task_index", 2, "note", "kept")));
            assertThat(step.observation().question()).isEqualTo("What is 502 plus 500?");
            Map<String, Object> state = env.state();
            assertThat(state)
                    .containsEntry("task_id", "q-test-2")
                    .containsEntry("split", "test")
                    .containsEntry("task_index", 2L)
                    .containsEntry("episode_id", "ep")
                    .containsEntry("step_count", 0L);
            assertThat(taskOf(env, reset(null, Map.of("task_id", "q-train-17"))))
                    .isEqualTo("q-train-17");
            assertThat(env.state()).containsEntry("task_index", 17L).containsEntry("split", "train");
        }
    }

    @Test
    void theReferencesResetFieldIndexSelectsLikeTaskIndex() throws Exception {
        try (var env = bound().factory().create()) {
            assertThat(taskOf(env, reset(null, Map.of("split", "test", "index", 3))))
                    .isEqualTo("q-test-3");
            assertThat(env.state()).containsEntry("task_index", 3L).containsEntry("split", "test");
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("index", 1, "task_index", 1))))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("'task_index' and 'index' both name a task");
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("index", 2, "task_position", 1))))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("'index' names one task");
        }
    }

    @Test
    void theBoundSpecOffersItsTasksWithoutTheirHiddenFields() throws Exception {
        var catalogue = bound().tasks();

        assertThat(catalogue.splits()).containsExactly("train", "test");
        assertThat(catalogue.count("test")).isEqualTo(4);
        Map<String, Object> task = catalogue.task("test", 2);
        assertThat(task)
                .containsOnlyKeys("id", "split", "index", "prompt", "metadata")
                .containsEntry("id", "q-test-2")
                .containsEntry("split", "test")
                .containsEntry("index", 2L)
                .containsEntry("prompt", "What is 502 plus 500?");
        assertThat(task.toString()).doesNotContain("1002");
        assertThat(catalogue.range("train", 28L, null))
                .extracting(t -> t.get("id"))
                .containsExactly("q-train-28", "q-train-29");
        assertThat(catalogue.tasks("test")).hasSize(4);
        assertThatThrownBy(() -> catalogue.task("test", 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> catalogue.count("dev"))
                .isInstanceOf(io.openenv4j.core.TaskCatalogue.UnknownSplitException.class)
                .hasMessageContaining("[train, test]");
    }

    @Test
    void selectionFieldsAreRemovedBeforeTheEnvironmentSeesTheRequest() {
        var echo = new Echo(null);
        var spec =
                EnvSpec.of(EnvironmentMetadata.of("echo-quiz", "test"), Say.class, Seen.class, Quiz.class, () -> echo);
        var fields = new LinkedHashMap<String, Object>();
        TaskBinding.SELECTION_FIELDS.forEach(key -> fields.put(key, null));
        fields.put("task_index", 4);
        fields.put("other", 1);
        try (var env = uncheckedCreate(TaskBinding.wrap(spec, source, TaskBinding.Options.defaults()))) {
            env.reset(new ResetRequest(5L, "e1", fields));
            assertThat(echo.received.options()).containsOnlyKeys("other");
            assertThat(echo.received.seed()).isEqualTo(5L);
            assertThat(echo.received.episodeId()).isEqualTo("e1");
            assertThat(echo.task.hidden("answer")).isEqualTo("1004");
        }
    }

    @Test
    void theSameSplitAndSeedGiveTheSameTaskInEverySession() throws Exception {
        var spec = bound();
        var first = new ArrayList<String>();
        var second = new ArrayList<String>();
        try (var a = spec.factory().create();
                var b = spec.factory().create()) {
            for (long seed = 0; seed < 40; seed++) {
                first.add(taskOf(a, reset(seed, Map.of())));
                taskOf(a, reset(null, Map.of()));
            }
            for (long seed = 0; seed < 40; seed++) {
                second.add(taskOf(b, reset(seed, Map.of("split", "train"))));
            }
        }
        assertThat(first).isEqualTo(second);
        assertThat(new HashSet<>(first).size())
                .as("different seeds pick different tasks")
                .isGreaterThan(15);
        try (var c = bound().factory().create()) {
            assertThat(taskOf(c, reset(3L, Map.of()))).isEqualTo(first.get(3));
        }
    }

    @Test
    void positionsWalkTheSeededOrderThroughEpochs() throws Exception {
        var order = TaskOrder.of(30, Sampling.of(9));
        try (var env = bound().factory().create()) {
            var epochs = new ArrayList<List<String>>();
            for (int epoch = 0; epoch < 2; epoch++) {
                var ids = new ArrayList<String>();
                for (int p = 0; p < 30; p++) {
                    ids.add(taskOf(env, reset(null, Map.of("task_seed", 9, "task_position", epoch * 30 + p))));
                    assertThat(env.state().get("task_index")).isEqualTo(order.index(epoch * 30L + p));
                }
                assertThat(new HashSet<>(ids)).hasSize(30);
                epochs.add(ids);
            }
            assertThat(epochs.get(0)).isNotEqualTo(epochs.get(1));
            assertThat(taskOf(env, reset(null, Map.of("task_seed", 9, "task_epoch", 1, "task_position", 4))))
                    .isEqualTo(epochs.get(1).get(4));
        }
    }

    @Test
    void workersWithShardFieldsGetDisjointCompleteParts() throws Exception {
        var all = new ArrayList<String>();
        try (var env = bound().factory().create()) {
            for (int rank = 0; rank < 4; rank++) {
                for (long p = 0; p < Shard.of(rank, 4).sizeOf(30); p++) {
                    all.add(taskOf(
                            env,
                            reset(
                                    null,
                                    Map.of(
                                            "task_seed",
                                            5,
                                            "task_rank",
                                            rank,
                                            "task_world_size",
                                            4,
                                            "task_position",
                                            p))));
                }
            }
        }
        assertThat(all).hasSize(30);
        assertThat(new HashSet<>(all)).hasSize(30);
    }

    @Test
    void concurrentSessionsWithoutSelectionShareOneCursorAndNeverRepeatWithinAnEpoch() throws Exception {
        var spec = bound();
        var seen = ConcurrentHashMap.<String>newKeySet();
        var duplicates = ConcurrentHashMap.<String>newKeySet();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int session = 0; session < 6; session++) {
                pool.submit(() -> {
                    try (var env = spec.factory().create()) {
                        for (int i = 0; i < 5; i++) {
                            String id = taskOf(env, ResetRequest.empty());
                            if (!seen.add(id)) {
                                duplicates.add(id);
                            }
                        }
                    }
                    return null;
                });
            }
        }
        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(30);
    }

    @Test
    void withReplacementSamplingMayRepeat() throws Exception {
        var ids = new ArrayList<String>();
        try (var env = bound().factory().create()) {
            for (int p = 0; p < 60; p++) {
                ids.add(taskOf(
                        env,
                        reset(null, Map.of("task_seed", 1, "task_sampling", "with_replacement", "task_position", p))));
            }
        }
        assertThat(new HashSet<>(ids).size()).isLessThan(30);
    }

    @Test
    void badSelectionsAreClearErrors() throws Exception {
        try (var env = bound().factory().create()) {
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("split", "dev"))))
                    .isInstanceOf(TaskLookupException.class)
                    .hasMessage("unknown split 'dev'; the task source has splits [train, test]");
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("task_index", 30))))
                    .isInstanceOf(TaskLookupException.class)
                    .hasMessageContaining("task index 30 is out of range: split 'train' has 30 tasks");
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("task_id", "q-train-99"))))
                    .isInstanceOf(TaskLookupException.class)
                    .hasMessageContaining("no task with id 'q-train-99'");
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("task_id", "q-train-1", "task_index", 1))))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("both name a task");
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("task_index", "three"))))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("'task_index' must be an integer");
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("task_rank", 4, "task_world_size", 4))))
                    .hasMessageContaining("0 <= task_rank < task_world_size");
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("task_sampling", "sometimes"))))
                    .hasMessageContaining("without_replacement or with_replacement");
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("task_position", -1))))
                    .hasMessageContaining("must not be negative");
            assertThatThrownBy(() -> env.step(new Say("hi"))).hasMessageContaining("call reset first");
        }
        assertThatThrownBy(() -> bound(null, TaskBinding.Options.defaults().withSplit("dev")))
                .isInstanceOf(TaskLookupException.class);
    }

    @Test
    void anEnvironmentThatCopiesTheAnswerIntoAnObservationIsStopped() throws Exception {
        try (var env = bound("step", TaskBinding.Options.defaults()).factory().create()) {
            env.reset(reset(null, Map.of("task_index", 6)));
            assertThatThrownBy(() -> env.step(new Say("guess")))
                    .isInstanceOf(HiddenFieldLeakException.class)
                    .hasMessageContaining("the observation of step 1 was withheld")
                    .hasMessageContaining("field 'echo' holds the value of hidden field 'answer' of task 'q-train-6'")
                    .hasMessageNotContaining("1006");
            assertThatThrownBy(() -> env.step(new Say("again"))).hasMessageContaining("call reset");
            env.reset(reset(null, Map.of("task_index", 7)));
        }
        try (var env = bound("reset", TaskBinding.Options.defaults()).factory().create()) {
            assertThatThrownBy(() -> env.reset(reset(null, Map.of("task_index", 2))))
                    .isInstanceOf(HiddenFieldLeakException.class)
                    .hasMessageContaining("the reset observation was withheld");
        }
    }

    @Test
    void anEnvironmentThatPutsTheAnswerInItsStateIsStopped() throws Exception {
        try (var env = bound("state", TaskBinding.Options.defaults()).factory().create()) {
            env.reset(reset(null, Map.of("task_index", 3)));
            env.step(new Say("x"));
            assertThatThrownBy(env::state)
                    .isInstanceOf(HiddenFieldLeakException.class)
                    .hasMessageContaining(
                            "the state was withheld: its field 'said' holds the value of hidden field 'answer'");
        }
    }

    @Test
    void echoingTheAgentsOwnCorrectAnswerIsNoLeak() throws Exception {
        try (var env = bound().factory().create()) {
            env.reset(reset(null, Map.of("task_index", 8)));
            assertThat(env.step(new Say("1008")).observation().echo()).isEqualTo("you said 1008");
            assertThat(env.state()).containsEntry("said", "1008");
        }
    }

    @Test
    void theOutcomeCarriesTheTaskAndItsHiddenFieldsForScoring() throws Exception {
        try (var env = bound().factory().create()) {
            env.reset(reset(4L, Map.of("task_index", 11)));
            var outcome = ((OutcomeReporting) env).outcome().orElseThrow();
            assertThat(outcome.taskId()).isEqualTo("q-train-11");
            assertThat(outcome.seed()).isEqualTo(4L);
            @SuppressWarnings("unchecked")
            var task = (Map<String, Object>) outcome.fact("task");
            assertThat(task).containsEntry("split", "train").containsEntry("hidden", Map.of("answer", "1011"));
        }
    }

    @Test
    void anEnvironmentThatDoesNotPlayTasksCannotBeBound() {
        var plain = EnvSpec.of(
                EnvironmentMetadata.of("plain", "test"),
                Say.class,
                Seen.class,
                Quiz.class,
                () -> new Environment<Say, Seen, Quiz>() {
                    public Step<Seen> reset(ResetRequest r) {
                        return Step.of(new Seen("", null));
                    }

                    public Step<Seen> step(Say a) {
                        return Step.of(new Seen("", null));
                    }

                    public Quiz state() {
                        return new Quiz("e", 0, null);
                    }
                });
        assertThatThrownBy(() -> TaskBinding.wrap(plain, source, TaskBinding.Options.defaults())
                        .factory()
                        .create())
                .hasMessageContaining("does not implement TaskEnvironment");
        assertThatThrownBy(() -> new Echo(null).reset(ResetRequest.empty()))
                .hasMessageContaining("serve it bound to a task source");
    }

    private static <A, O, S> Environment<A, O, S> uncheckedCreate(EnvSpec<A, O, S> spec) {
        try {
            return spec.factory().create();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
