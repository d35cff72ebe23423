package io.openenv4j.envs.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.code.CodeEnvironment.Action;
import io.openenv4j.envs.code.CodeEnvironment.CodeState;
import io.openenv4j.envs.code.CodeEnvironment.Observation;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeEnvironmentTest extends EnvironmentContract<Action, Observation, CodeState> {

    private final CodeEnvironment env = new CodeEnvironment();

    @AfterEach
    void closeEnv() {
        env.close();
    }

    @Override
    protected EnvSpec<Action, Observation, CodeState> spec() {
        return CodeEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(Action.python("x = 20"), Action.python("x + 22"), new Action("print(x)", "python", false, 5.0));
    }

    @Override
    protected Policy<Action, Observation, CodeState> oracle() {
        return new CodeOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    private void start(String task) {
        env.reset(new ResetRequest(1L, null, Map.of("task", task)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fizzbuzz", "reverse_words", "is_prime", "fibonacci", "is_palindrome"})
    void everyReferenceSolutionPassesAllItsTests(String task) {
        start(task);
        Step<Observation> step = env.step(new CodeOracle().act(null, env.state()));
        assertThat(step.observation().testsPassed())
                .isEqualTo(step.observation().testsTotal())
                .isPositive();
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.done()).isTrue();
        assertThat(env.state().score()).isEqualTo(1.0);
    }

    @Test
    void aPartlyRightSolutionEarnsThePassFraction() {
        start("is_prime");
        // wrong for 0, 1 and negative numbers: 3 of the 8 tests
        Step<Observation> step = env.step(
                Action.submission("def is_prime(n):\n    return all(n % i for i in range(2, int(abs(n) ** 0.5) + 1))"));
        assertThat(step.observation().testsPassed()).isEqualTo(5);
        assertThat(step.observation().testsTotal()).isEqualTo(8);
        assertThat(step.reward()).isEqualTo(5.0 / 8);
        assertThat(step.done()).isTrue();
    }

    @Test
    void brokenOrHostileSolutionsScoreZeroAndNeverSeeTheAnswers() {
        start("fibonacci");
        assertThat(env.step(Action.submission("def fibonacci(n) return n")).reward())
                .isZero();
        start("fibonacci");
        Step<Observation> cheat = env.step(
                Action.submission(
                        "import os, sys\nos.write(1, b'[' + b','.join([b'{\"ok\": true, \"value\": 0}'] * 5) + b']')\nos._exit(0)"));
        assertThat(cheat.reward()).as("forged results").isLessThan(0.5);
        start("fibonacci");
        Step<Observation> loop = env.step(Action.submission("def fibonacci(n):\n    while True: pass"));
        assertThat(loop.reward()).isZero();
        assertThat(loop.observation().testsTotal()).isEqualTo(5);
    }

    @Test
    void pythonStateSurvivesBetweenStepsAndExploringEarnsNothing() {
        start("fizzbuzz");
        assertThat(env.step(Action.python("def double(v):\n    return 2 * v\nbase = 21"))
                        .reward())
                .isZero();
        Step<Observation> step = env.step(Action.python("double(base)"));
        assertThat(step.observation().stdout()).isEqualTo("42\n");
        assertThat(step.done()).isFalse();
        Step<Observation> failing = env.step(Action.python("undefined_name"));
        assertThat(failing.observation().exitCode()).isEqualTo(1);
        assertThat(failing.observation().stderr()).contains("NameError");
    }

    @Test
    void aWholeJavaProgramRunsOnTheServersJdk() {
        env.reset(new ResetRequest(1L, null, Map.of("task", "none")));
        Step<Observation> step = env.step(new Action("""
                public class Hello {
                    public static void main(String[] args) {
                        System.out.println("sum=" + (20 + 22) + " java=" + Runtime.version().feature());
                    }
                }
                """, "java-program", false, 30.0));
        assertThat(step.observation().stdout())
                .startsWith("sum=42 java=" + Runtime.version().feature());
        assertThat(step.observation().exitCode()).isZero();
        assertThat(step.reward()).isNull();
    }

    @Test
    void javaStepsShareOneJshellSessionPerEpisode() {
        env.reset(new ResetRequest(1L, null, Map.of("task", "none")));
        Observation defined = env.step(java("int base = 40; int twice(int n) { return 2 * n; }", 30.0))
                .observation();
        assertThat(defined.exitCode()).as(defined.stderr()).isZero();
        Step<Observation> used = env.step(java("twice(base) + 2", 10.0));
        assertThat(used.observation().stdout()).isEqualTo("82\n");
        assertThat(used.reward()).isNull();
        Observation failed = env.step(java("twice(\"x\")", 10.0)).observation();
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stderr()).startsWith("Error: ");
        assertThat(env.step(java("base", 10.0)).observation().stdout()).isEqualTo("40\n");
        env.reset(new ResetRequest(1L, null, Map.of("task", "none")));
        Observation fresh = env.step(java("base", 30.0)).observation();
        assertThat(fresh.exitCode()).as("a new episode starts a new session").isEqualTo(1);
        assertThat(fresh.stderr()).contains("cannot find symbol");
    }

    @Test
    void aJavaLoopIsStoppedWithATimeoutAndTheSessionKeepsItsState() throws Exception {
        long before = io.openenv4j.envs.terminal.SandboxLeaks.processes();
        env.reset(new ResetRequest(1L, null, Map.of("task", "none")));
        env.step(java("String kept = \"still here\";", 30.0));
        Observation loop = env.step(java("while (true) { }", 1.0)).observation();
        assertThat(loop.timedOut()).isTrue();
        assertThat(loop.exitCode()).isNull();
        assertThat(loop.restarted()).isFalse();
        assertThat(env.step(java("kept", 10.0)).observation().stdout()).isEqualTo("\"still here\"\n");
        env.close();
        assertThat(io.openenv4j.envs.terminal.SandboxLeaks.await(
                        io.openenv4j.envs.terminal.SandboxLeaks::processes, before, java.time.Duration.ofSeconds(5)))
                .as("no process of the session is left")
                .isLessThanOrEqualTo(before);
    }

    private static Action java(String code, Double timeoutS) {
        return new Action(code, "java", false, timeoutS);
    }

    @Test
    void aSnippetThatLoopsIsInterruptedAndTheStateKept() {
        start("fizzbuzz");
        env.step(Action.python("kept = 'still here'"));
        Step<Observation> loop = env.step(new Action("while True: pass", null, false, 0.5));
        assertThat(loop.observation().timedOut()).isTrue();
        assertThat(loop.observation().restarted()).isFalse();
        assertThat(env.step(Action.python("kept")).observation().stdout()).isEqualTo("'still here'\n");
    }

    @Test
    void badActionsAreRefusedWithAReason() {
        start("fizzbuzz");
        assertThat(env.step(Action.python("")).observation().error()).contains("non-empty");
        assertThat(env.step(new Action("x", "cobol", false, null)).observation().error())
                .contains("python, java or java-program");
        assertThat(env.step(new Action("x", "java", true, null)).observation().error())
                .contains("Python");
        env.reset(new ResetRequest(1L, null, Map.of("task", "none")));
        assertThat(env.step(Action.submission("x = 1")).observation().error()).contains("no task");
    }

    @Test
    void badResetOptionsAreClearErrors() {
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("task", "sudoku"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("fizzbuzz");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("lang", "python"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("lang");
    }

    @Test
    void theResetPromptStatesTheProblemButNotTheTests() {
        Step<Observation> step = env.reset(new ResetRequest(1L, null, Map.of("task", "fibonacci")));
        assertThat(step.observation().prompt())
                .contains("fibonacci(n)", "submit")
                .doesNotContain("2880067194370816120");
    }
}
