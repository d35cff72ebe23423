package io.openenv4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints what the sandbox costs per command on this machine (median of 30 after 5 warm-ups): an unsandboxed
 * process for comparison, a one-shot sandboxed program, a command in a persistent shell, a Python snippet,
 * a Java session's start (median of 3) and snippet, and making plus closing a sandbox. Figures only, no timing assertions (the machine is shared and noisy):
 * run {@code mvn -pl openenv4j-sandbox -am verify -Dtest=OverheadFigures} and read the test output.
 */
class OverheadFigures {

    @TempDir
    Path root;

    private static double medianMillis(int rounds, ThrowingRunnable action) throws Exception {
        for (int i = 0; i < 5; i++) {
            action.run();
        }
        double[] times = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            action.run();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[rounds / 2];
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void printPerCommandOverhead() throws Exception {
        SandboxOptions options = SandboxOptions.defaults().withRoot(root);
        double plain = medianMillis(
                30,
                () -> assertThat(new ProcessBuilder("true").start().waitFor()).isZero());
        try (var sandbox = Sandbox.create(options, Seed.empty())) {
            double oneShot = medianMillis(
                    30,
                    () -> assertThat(sandbox.run(List.of("true"), "").exitCode())
                            .isZero());
            Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
            double shellCommand = medianMillis(
                    30, () -> assertThat(shell.execute("true").exitCode()).isZero());
            double shellProgram = medianMillis(
                    30, () -> assertThat(shell.execute("/bin/true").exitCode()).isZero());
            Interpreter python = sandbox.interpreter(Interpreter.Kind.PYTHON);
            double snippet = medianMillis(
                    30, () -> assertThat(python.execute("x = 1").exitCode()).isZero());
            Limits javaLimits =
                    options.limits().withMemoryBytes(2L * 1024 * 1024 * 1024).withCpuTime(Duration.ofSeconds(120));
            double javaStart = medianMillis(3, () -> {
                try (Interpreter fresh = sandbox.interpreter(Interpreter.Kind.JAVA, javaLimits)) {
                    assertThat(fresh.execute("int x = 1;", Duration.ofSeconds(60))
                                    .exitCode())
                            .isZero();
                }
            });
            Interpreter jshell = sandbox.interpreter(Interpreter.Kind.JAVA, javaLimits);
            assertThat(jshell.execute("int x = 1;", Duration.ofSeconds(60)).exitCode())
                    .isZero();
            double javaSnippet = medianMillis(
                    30,
                    () -> assertThat(jshell.execute("x = x + 1;").exitCode()).isZero());
            double lifecycle = medianMillis(30, () -> {
                try (var fresh = Sandbox.create(options, Seed.files(Map.of("a.txt", "a")))) {
                    fresh.interpreter(Interpreter.Kind.BASH).execute("true");
                }
            });
            System.out.printf(
                    """
                    sandbox overhead (median ms of 30):
                      unsandboxed ProcessBuilder("true")            %6.1f
                      one-shot sandboxed program (true)             %6.1f
                      persistent shell, builtin (true)              %6.1f
                      persistent shell, program (/bin/true)         %6.1f
                      persistent Python, snippet (x = 1)            %6.1f
                      Java session: start + first snippet           %6.1f
                      Java session, snippet (x = x + 1;)            %6.1f
                      create sandbox + start shell + 1 cmd + close  %6.1f
                    """, plain, oneShot, shellCommand, shellProgram, snippet, javaStart, javaSnippet, lifecycle);
        }
    }
}
