package io.openenv4j.envs.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.terminal.TerminalEnvironment.Action;
import io.openenv4j.envs.terminal.TerminalEnvironment.Observation;
import io.openenv4j.envs.terminal.TerminalEnvironment.TerminalState;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TerminalEnvironmentTest extends EnvironmentContract<Action, Observation, TerminalState> {

    private final TerminalEnvironment env = new TerminalEnvironment();

    @AfterEach
    void closeEnv() {
        env.close();
    }

    @Override
    protected EnvSpec<Action, Observation, TerminalState> spec() {
        return TerminalEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(new Action("ls"), new Action("cd /tmp && X=1", 5.0), new Action("pwd; echo $X"));
    }

    @Override
    protected Policy<Action, Observation, TerminalState> oracle() {
        return new TerminalOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"count_lines", "find_needle", "hello_dir", "unique_names"})
    void theOracleSolvesEveryBuiltInTaskInOneStep(String task) {
        env.reset(new ResetRequest(1L, null, Map.of("task", task)));
        Step<Observation> step = env.step(new TerminalOracle().act(null, env.state()));
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.done()).isTrue();
        assertThat(env.state().solved()).isTrue();
    }

    @Test
    void resetStatesTheTaskButNotItsCheck() {
        Step<Observation> step = env.reset(new ResetRequest(1L, null, Map.of("task", "count_lines")));
        assertThat(step.observation().prompt())
                .contains("answer.txt", "bash shell in /work")
                .doesNotContain("137");
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
    }

    @Test
    void aWrongAnswerEarnsNothingAndTheEpisodeGoesOn() {
        env.reset(new ResetRequest(1L, null, Map.of("task", "count_lines")));
        Step<Observation> step = env.step(new Action("echo 12 > answer.txt"));
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
        assertThat(env.step(new Action("wc -l data.txt | cut -d' ' -f1 > answer.txt"))
                        .reward())
                .isEqualTo(0.98);
    }

    @Test
    void slowerSolutionsEarnLessButAtLeastHalf() {
        assertThat(TerminalEnvironment.solvedReward(1)).isEqualTo(1.0);
        assertThat(TerminalEnvironment.solvedReward(11)).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(TerminalEnvironment.solvedReward(49)).isEqualTo(0.5);
    }

    @Test
    void theShellPersistsAcrossSteps() {
        env.reset(new ResetRequest(null, null, Map.of("files", Map.of("notes/a.txt", "alpha"))));
        env.step(new Action("cd notes; export WHO=agent"));
        Step<Observation> step = env.step(new Action("cat a.txt; echo; pwd; echo $WHO"));
        assertThat(step.observation().stdout()).isEqualTo("alpha\n/work/notes\nagent\n");
        assertThat(step.observation().exitCode()).isZero();
        assertThat(step.reward()).isNull();
        assertThat(env.state().task()).isNull();
    }

    @Test
    void aTimedOutCommandIsReportedAndTheNextOneRuns() {
        env.reset(new ResetRequest(null, null, Map.of("task", "none")));
        Step<Observation> slow = env.step(new Action("sleep 30", 0.5));
        assertThat(slow.observation().timedOut()).isTrue();
        assertThat(slow.observation().exitCode()).isNull();
        assertThat(slow.observation().elapsedMs()).isBetween(400L, 5000L);
        assertThat(env.step(new Action("echo next")).observation().stdout()).isEqualTo("next\n");
    }

    @Test
    void badCommandsAreRefusedWithAReason() {
        env.reset(new ResetRequest(null, null, Map.of("task", "none")));
        assertThat(env.step(new Action(" ")).observation().error()).contains("non-empty");
        assertThat(env.step(new Action("ls", 1000.0)).observation().error()).contains("timeout_s");
        assertThat(env.step(new Action("ls\0")).observation().error()).contains("NUL");
    }

    @Test
    void badResetOptionsAreClearErrors() {
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("task", "nope"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("count_lines");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("colour", "red"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("files", Map.of("../x", "y")))))
                .hasMessageContaining("outside the work folder");
    }

    @Test
    void theEpisodeEndsAtTheStepLimit() {
        env.reset(new ResetRequest(null, null, Map.of("task", "none", "max_steps", 2)));
        assertThat(env.step(new Action("true")).done()).isFalse();
        assertThat(env.step(new Action("true")).done()).isTrue();
        assertThatThrownBy(() -> env.step(new Action("true"))).hasMessageContaining("over");
    }

    @Test
    void stepBeforeResetIsAnError() {
        assertThatThrownBy(() -> env.step(new Action("ls")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("reset");
    }
}
