package io.openenv4j.envs.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.OutcomeReporting;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.qa.QaEnvironment.Action;
import io.openenv4j.envs.qa.QaEnvironment.Observation;
import io.openenv4j.tasks.Sampling;
import io.openenv4j.tasks.TaskBinding;
import io.openenv4j.tasks.TaskOrder;
import io.openenv4j.testkit.EnvironmentContract;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QaEnvironmentTest extends EnvironmentContract<Action, Observation, Map<String, Object>> {

    @Override
    protected EnvSpec<Action, Observation, Map<String, Object>> spec() {
        return QaEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(new Action("12"));
    }

    @Override
    protected Policy<Action, Observation, Map<String, Object>> oracle() {
        return new QaOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    private static Environment<Action, Observation, Map<String, Object>> started(Map<String, Object> fields)
            throws Exception {
        var env = QaEnvironment.spec().factory().create();
        env.reset(new ResetRequest(null, null, fields));
        return env;
    }

    @Test
    void resetShowsTheProblemAndNothingOfItsAnswer() throws Exception {
        try (var env = QaEnvironment.spec().factory().create()) {
            Step<Observation> step = env.reset(new ResetRequest(null, "episode-a", Map.of("task_id", "qa-train-0001")));
            Observation o = step.observation();
            assertThat(o.question())
                    .isEqualTo("Tickets cost $19 each. Tara buys 7 tickets and pays with $150. How many dollars"
                            + " of change does Tara get?");
            assertThat(o.prompt()).contains("final answer as a plain number").endsWith(o.question());
            assertThat(o.status()).isEqualTo("answering");
            assertThat(o.attemptsLeft()).isEqualTo(1);
            assertThat(step.reward()).isZero();
            var wire = EnvCodec.of(QaEnvironment.spec()).encodeStep(step).toString() + WireJson.write(env.state());
            assertThat(wire)
                    .doesNotContain("17")
                    .contains("\"task_id\":\"qa-train-0001\"", "\"split\":\"train\"", "\"task_index\":1");
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "17|1.0",
                "  17 |1.0",
                "The change is $17.|1.0",
                "19*7=133, 150-133 = 17|1.0",
                "#### 17|1.0",
                "17.0000001|1.0",
                "18|0.0",
                "seventeen|0.0",
                "''|0.0",
                "17 dollars, no wait, 16|0.0"
            })
    void theFinalNumberOfTheAnswerIsChecked(String answer, double reward) throws Exception {
        try (var env = started(Map.of("task_id", "qa-train-0001"))) {
            Step<Observation> step = env.step(new Action(answer));
            assertThat(step.reward()).isEqualTo(reward);
            assertThat(step.done()).isTrue();
            assertThat(step.observation().status()).isEqualTo(reward == 1 ? "correct" : "wrong");
        }
    }

    @Test
    void decimalAnswersAndThousandsSeparatorsCount() {
        assertThat(QaEnvironment.extract("It costs $1,200.50 in all.")).isEqualTo(1200.5);
        assertThat(QaEnvironment.extract("so 105.6")).isEqualTo(105.6);
        assertThat(QaEnvironment.extract("-3 degrees")).isEqualTo(-3.0);
        assertThat(QaEnvironment.extract("no number")).isNull();
    }

    @Test
    void moreAttemptsLetTheAgentTryAgainWithoutRevealingTheAnswer() throws Exception {
        try (var env = started(Map.of("task_id", "qa-train-0001", "max_attempts", 3))) {
            Step<Observation> wrong = env.step(new Action("16"));
            assertThat(wrong.done()).isFalse();
            assertThat(wrong.reward()).isZero();
            assertThat(wrong.observation().feedback()).isEqualTo("Not correct. Try again.");
            assertThat(wrong.observation().attemptsLeft()).isEqualTo(2);
            Step<Observation> right = env.step(new Action("17"));
            assertThat(right.reward()).isEqualTo(1.0);
            assertThat(right.done()).isTrue();
            assertThat(env.state()).containsEntry("status", "correct").containsEntry("step_count", 2L);
            assertThatThrownBy(() -> env.step(new Action("17"))).hasMessageContaining("the episode is over");
            var outcome = ((OutcomeReporting) env).outcome().orElseThrow();
            assertThat(outcome.taskId()).isEqualTo("qa-train-0001");
            assertThat(outcome.fact("answer")).isEqualTo("17");
            assertThat(outcome.fact("answers")).isEqualTo(List.of("16", "17"));
        }
    }

    @Test
    void aSeedPicksTheTaskOfItsOrderAndTheSameSeedAlwaysTheSame() throws Exception {
        var seen = new ArrayList<Object>();
        try (var env = QaEnvironment.spec().factory().create()) {
            for (long seed = 0; seed < 10; seed++) {
                env.reset(ResetRequest.withSeed(seed));
                assertThat(env.state().get("task_index"))
                        .isEqualTo(TaskOrder.of(200, Sampling.of(seed)).index(0));
                seen.add(env.state().get("task_id"));
            }
        }
        try (var env = QaEnvironment.spec().factory().create()) {
            for (long seed = 0; seed < 10; seed++) {
                env.reset(new ResetRequest(seed, null, Map.of("split", "train")));
                assertThat(env.state().get("task_id")).isEqualTo(seen.get((int) seed));
            }
        }
    }

    @Test
    void badOptionsAndSelectionsAreClearErrors() throws Exception {
        try (var env = QaEnvironment.spec().factory().create()) {
            assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("answer", "3"))))
                    .hasMessageContaining("unknown reset option(s) [answer]");
            assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("max_attempts", 0))))
                    .hasMessageContaining("'max_attempts' must be within 1..10");
            assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("split", "validation"))))
                    .hasMessageContaining("unknown split 'validation'; the task source has splits [train, test]");
            assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("split", "test", "task_index", 50))))
                    .hasMessageContaining("task index 50 is out of range: split 'test' has 50 tasks (0..49)");
        }
    }

    @Test
    void itPlaysTasksFromAnyDirectoryWithGsm8kStyleAnswers(@TempDir Path dir) throws Exception {
        Files.write(
                dir.resolve("test.jsonl"),
                List.of(
                        "{\"question\":\"Janet has 3 ducks and buys 4 more. How many ducks?\",\"answer\":\"3 + 4 = <<3+4=7>>7\\n#### 7\"}"));
        var source = io.openenv4j.tasks.TaskSource.fromDirectory(dir, io.openenv4j.tasks.TaskMapping.defaults());
        var spec = QaEnvironment.spec(source, TaskBinding.Options.defaults());
        try (var env = spec.factory().create()) {
            env.reset(ResetRequest.withSeed(1));
            assertThat(env.state()).containsEntry("task_id", "test/0").containsEntry("split", "test");
            var oracle = new QaOracle(source);
            assertThat(oracle.act(null, env.state()).answer()).isEqualTo("7");
            assertThat(env.step(new Action("The answer is 7")).reward()).isEqualTo(1.0);
        }
    }
}
