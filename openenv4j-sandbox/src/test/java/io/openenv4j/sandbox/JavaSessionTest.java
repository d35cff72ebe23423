package io.openenv4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Interpreter.Kind#JAVA} session: a jshell whose state survives between requests, in the sandbox. */
class JavaSessionTest {

    private static final Limits JAVA = Limits.defaults()
            .withMemoryBytes(2L * 1024 * 1024 * 1024)
            .withCpuTime(Duration.ofSeconds(60))
            .withWallClock(Duration.ofSeconds(30));

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
    void aPreparedSessionKeepsNoNameOfItsWarmUpAndItsFirstValueIsStillDollarOne() {
        Interpreter java = sandbox.interpreter(Interpreter.Kind.JAVA, JAVA);
        assertThat(java.prepare(Duration.ofSeconds(120))).isTrue();
        assertThat(sandbox.used())
                .as("preparing is not a use: the sandbox may still be seeded")
                .isFalse();
        assertThat(java.execute("40 + 2").stdout()).isEqualTo("42\n");
        assertThat(java.execute("$1").stdout()).isEqualTo("42\n");
        for (String name : new String[] {
            "openenv4jWarm", "openenv4jWarm2", "openenv4jWarm3", "openenv4jTwice(\"a\")", "new OpenEnv4jWarm(1)"
        }) {
            RunResult missing = java.execute(name);
            assertThat(missing.exitCode()).as(name).isEqualTo(1);
            assertThat(missing.stderr()).as(name).contains("cannot find symbol");
        }
        assertThat(java.execute("int openenv4jWarm = 7; openenv4jWarm * 6").stdout())
                .as("the warm-up's names are free for the episode")
                .isEqualTo("42\n");
    }

    @Test
    void preparingAPythonOrShellInterpreterChangesNothing() {
        Interpreter python = sandbox.interpreter(Interpreter.Kind.PYTHON);
        assertThat(python.prepare(Duration.ofSeconds(10))).isTrue();
        assertThat(python.execute("sorted(k for k in globals() if not k.startswith('__'))")
                        .stdout())
                .isEqualTo("[]\n");
    }

    @Test
    void variablesMethodsClassesAndImportsSurviveBetweenRequests() {
        Interpreter java = sandbox.interpreter(Interpreter.Kind.JAVA, JAVA);
        RunResult first = java.execute("import java.util.stream.*; int base = 41; int next(int n) { return n + 1; }\n"
                + "record Point(int x, int y) {}");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).isEmpty();
        assertThat(java.execute("next(base)").stdout()).isEqualTo("42\n");
        assertThat(java.execute("new Point(1, 2)").stdout()).isEqualTo("Point[x=1, y=2]\n");
        RunResult printed = java.execute("System.out.println(IntStream.rangeClosed(1, 4).sum()); \"text\"");
        assertThat(printed.stdout()).isEqualTo("10\n\"text\"\n");
        assertThat(java.execute("java.nio.file.Files.readString(java.nio.file.Path.of(\"notes.txt\"))")
                        .stdout())
                .isEqualTo("\"a\\nb\\n\"\n");
        assertThat(printed.restarted()).isFalse();
    }

    @Test
    void compileErrorsAndExceptionsAreReportedAndTheStateKept() {
        Interpreter java = sandbox.interpreter(Interpreter.Kind.JAVA, JAVA);
        java.execute("String kept = \"still here\";");
        RunResult rejected = java.execute("int wrong = \"text\";");
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.stderr()).contains("Error: incompatible types").contains("int wrong = \"text\";");
        RunResult thrown =
                java.execute("int boom() { throw new IllegalStateException(\"boom\"); }\nboom();\nkept = \"changed\";");
        assertThat(thrown.exitCode()).isEqualTo(1);
        assertThat(thrown.stderr())
                .startsWith("Exception java.lang.IllegalStateException: boom")
                .contains("at boom (#");
        assertThat(java.execute("kept").stdout())
                .as("the request stops at the failing snippet")
                .isEqualTo("\"still here\"\n");
        RunResult incomplete = java.execute("if (true) {");
        assertThat(incomplete.exitCode()).isEqualTo(1);
        assertThat(incomplete.stderr()).contains("incomplete");
    }

    @Test
    void anEndlessLoopIsStoppedAndTheSessionLivesOnButExitRestartsIt() {
        Interpreter java = sandbox.interpreter(Interpreter.Kind.JAVA, JAVA);
        java.execute("int counter = 7;");
        RunResult loop = java.execute("long spins = 0; while (true) { spins++; }", Duration.ofSeconds(2));
        assertThat(loop.timedOut()).isTrue();
        assertThat(loop.restarted()).isFalse();
        assertThat(java.execute("counter").stdout()).isEqualTo("7\n");
        RunResult exit = java.execute("System.exit(3);");
        assertThat(exit.restarted()).isTrue();
        RunResult fresh = java.execute("counter");
        assertThat(fresh.exitCode()).isEqualTo(1);
        assertThat(fresh.stderr()).contains("cannot find symbol");
    }

    @Test
    void closingTheSandboxLeavesNoProcessOfTheSession() throws Exception {
        Interpreter java = sandbox.interpreter(Interpreter.Kind.JAVA, JAVA);
        assertThat(java.execute("1 + 1").stdout()).isEqualTo("2\n");
        assertThat(HostProcesses.ownedBy(sandbox.uid())).isPositive();
        sandbox.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (HostProcesses.ownedBy(sandbox.uid()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(HostProcesses.ownedBy(sandbox.uid())).isZero();
    }
}
