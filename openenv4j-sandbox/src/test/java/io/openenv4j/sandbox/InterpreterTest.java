package io.openenv4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpreterTest {

    @TempDir
    Path root;

    private Sandbox sandbox;

    @BeforeEach
    void open() {
        sandbox = Sandbox.create(SandboxOptions.defaults().withRoot(root), Seed.files(Map.of("notes.txt", "a\nb\n")));
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void theShellKeepsItsDirectoryAndVariablesBetweenCommands() {
        Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
        assertThat(shell.execute("mkdir -p deep/er && cd deep/er && export GREETING=hi && counter=41")
                        .exitCode())
                .isZero();
        assertThat(shell.execute("pwd; echo $GREETING $((counter + 1))").stdout())
                .isEqualTo("/work/deep/er\nhi 42\n");
        assertThat(shell.execute("f() { echo called $1; }").exitCode()).isZero();
        assertThat(shell.execute("f twice").stdout()).isEqualTo("called twice\n");
    }

    @Test
    void theShellReportsExitCodesAndSeparatesTheStreams() {
        Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
        RunResult run = shell.execute("cat notes.txt; echo problem >&2; false");
        assertThat(run.stdout()).isEqualTo("a\nb\n");
        assertThat(run.stderr()).isEqualTo("problem\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(shell.execute("printf 'no newline'").stdout()).isEqualTo("no newline");
        assertThat(shell.execute("(exit 7)").exitCode()).isEqualTo(7);
    }

    @Test
    void commandsCannotReadTheControlChannel() {
        Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
        RunResult run = shell.execute("cat; read line; echo read=$?");
        assertThat(run.stdout()).isEqualTo("read=1\n");
        assertThat(shell.execute("echo still here").stdout()).isEqualTo("still here\n");
    }

    @Test
    void exitingTheShellRestartsItWithFreshState() {
        Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
        shell.execute("cd /tmp; x=1");
        RunResult exit = shell.execute("exit 4");
        assertThat(exit.restarted()).isTrue();
        assertThat(exit.exitCode()).isEqualTo(4);
        RunResult after = shell.execute("pwd; echo x=$x");
        assertThat(after.stdout()).isEqualTo("/work\nx=\n");
        assertThat(after.restarted()).isFalse();
    }

    @Test
    void aTimedOutCommandIsKilledAndTheShellLivesOn() {
        Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
        shell.execute("cd /tmp; kept=yes");
        RunResult slow = shell.execute("echo before; sleep 100", Duration.ofMillis(500));
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.restarted()).isFalse();
        assertThat(slow.stdout()).isEqualTo("before\n");
        assertThat(slow.elapsed()).isLessThan(Duration.ofSeconds(5));
        assertThat(shell.execute("pwd; echo $kept").stdout()).isEqualTo("/tmp\nyes\n");
    }

    @Test
    void aBusyShellIsRestartedAfterATimeout() {
        Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
        RunResult loop = shell.execute("while :; do :; done", Duration.ofMillis(300));
        assertThat(loop.timedOut()).isTrue();
        assertThat(loop.restarted()).isTrue();
        assertThat(shell.execute("echo fresh").stdout()).isEqualTo("fresh\n");
    }

    @Test
    void backgroundProcessesDoNotOutliveTheirCommand() {
        Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
        shell.execute("sleep 300 & sleep 301 &");
        assertThat(shell.execute("pgrep -c sleep").stdout().trim()).isEqualTo("0");
    }

    @Test
    void pythonKeepsVariablesAndShowsTheLastExpression() {
        Interpreter python = sandbox.interpreter(Interpreter.Kind.PYTHON);
        assertThat(python.execute("import math\nx = 6 * 7").stdout()).isEmpty();
        assertThat(python.execute("print('x is', x)\nmath.sqrt(x * x)").stdout())
                .isEqualTo("x is 42\n42.0\n");
        assertThat(python.execute("open('notes.txt').read().split()").stdout()).isEqualTo("['a', 'b']\n");
    }

    @Test
    void aPythonExceptionIsReportedAndTheStateKept() {
        Interpreter python = sandbox.interpreter(Interpreter.Kind.PYTHON);
        python.execute("kept = [1, 2]");
        RunResult failing = python.execute("print('partial')\n1 / 0");
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.stdout()).isEqualTo("partial\n");
        assertThat(failing.stderr()).contains("ZeroDivisionError", "<snippet>").doesNotContain("driver");
        assertThat(python.execute("kept").stdout()).isEqualTo("[1, 2]\n");
        assertThat(python.execute("def broken(:").stderr()).contains("SyntaxError");
    }

    @Test
    void aTimedOutPythonSnippetIsInterruptedAndTheStateKept() {
        Interpreter python = sandbox.interpreter(Interpreter.Kind.PYTHON);
        python.execute("kept = 'yes'");
        RunResult loop = python.execute("while True: pass", Duration.ofMillis(500));
        assertThat(loop.timedOut()).isTrue();
        assertThat(loop.restarted()).isFalse();
        assertThat(loop.stderr()).contains("KeyboardInterrupt");
        assertThat(python.execute("kept").stdout()).isEqualTo("'yes'\n");
    }

    @Test
    void pythonInputIsEmpty() {
        Interpreter python = sandbox.interpreter(Interpreter.Kind.PYTHON);
        RunResult run = python.execute("input()");
        assertThat(run.stderr()).contains("EOFError");
        assertThat(python.execute("1 + 1").stdout()).isEqualTo("2\n");
    }

    @Test
    void pythonThreadsDoNotRunBetweenRequestsButResumeInTheNext() throws Exception {
        Interpreter python = sandbox.interpreter(Interpreter.Kind.PYTHON);
        python.execute(String.join(
                "\n",
                "import threading, time",
                "ticks = [0]",
                "def tick():",
                "    while True:",
                "        ticks[0] += 1",
                "        time.sleep(0.01)",
                "threading.Thread(target=tick, daemon=True).start()",
                "time.sleep(0.2)"));
        int before = Integer.parseInt(python.execute("ticks[0]").stdout().trim());
        Thread.sleep(1500);
        int after = Integer.parseInt(python.execute("ticks[0]").stdout().trim());
        assertThat(after - before)
                .as("ticks while no request ran (about 150 if the thread ran)")
                .isLessThanOrEqualTo(5);
        RunResult later = python.execute("time.sleep(0.3)\nticks[0]");
        assertThat(Integer.parseInt(later.stdout().trim()))
                .as("the thread runs again during a request")
                .isGreaterThan(after);
        assertThat(python.execute("threading.active_count()").stdout()).isEqualTo("2\n");
    }

    @Test
    void theHostFoldersAreTheSandboxUsersAlone() throws Exception {
        assertThat(java.nio.file.Files.getAttribute(sandbox.workFolder(), "unix:mode"))
                .isEqualTo(040700);
        assertThat(java.nio.file.Files.getAttribute(sandbox.workFolder().getParent(), "unix:mode"))
                .isEqualTo(040700);
        assertThat(java.nio.file.Files.getAttribute(sandbox.workFolder(), "unix:uid"))
                .isEqualTo(sandbox.uid());
        assertThat((int) java.nio.file.Files.getAttribute(root, "unix:mode") & 0007)
                .as("others may pass through the sandboxes' root, not list it")
                .isEqualTo(1);
    }
}
