package io.openenv4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {

    @TempDir
    Path root;

    private SandboxOptions options() {
        return SandboxOptions.defaults().withRoot(root);
    }

    @Test
    void runsAProgramInTheSeededWorkFolder() {
        try (var sandbox = Sandbox.create(options(), Seed.files(Map.of("a.txt", "hello", "sub/b.txt", "world")))) {
            RunResult run = sandbox.run(List.of("sh", "-c", "pwd; cat a.txt sub/b.txt; echo oops >&2; exit 3"), "");
            assertThat(run.stdout()).isEqualTo("/work\nhelloworld");
            assertThat(run.stderr()).isEqualTo("oops\n");
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.timedOut()).isFalse();
            assertThat(run.succeeded()).isFalse();
        }
    }

    @Test
    void aSandboxThatHasRunNothingCanBeSeededLaterAndTheFilesAreItsUsers() {
        try (var sandbox = Sandbox.create(options(), Seed.empty())) {
            Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
            assertThat(sandbox.used())
                    .as("starting an interpreter is not a use")
                    .isFalse();
            sandbox.seed(Seed.files(Map.of("a.txt", "hello\n", "sub/b.txt", "world\n")));
            RunResult run = shell.execute(
                    "cat a.txt sub/b.txt && echo more >> sub/b.txt && touch sub/c && stat -c %u sub/b.txt");
            assertThat(run.stdout()).isEqualTo("hello\nworld\n" + sandbox.uid() + "\n");
            assertThat(sandbox.used()).isTrue();
            assertThatThrownBy(() -> sandbox.seed(Seed.files(Map.of("late.txt", "x"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("run nothing yet");
            assertThat(sandbox.workFolder().resolve("late.txt")).doesNotExist();
        }
        try (var sandbox = Sandbox.create(options(), Seed.empty())) {
            sandbox.run(List.of("true"), "");
            assertThatThrownBy(() -> sandbox.seed(Seed.empty())).isInstanceOf(IllegalStateException.class);
        }
        var closed = Sandbox.create(options(), Seed.empty());
        closed.close();
        assertThatThrownBy(() -> closed.seed(Seed.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aLateSeedOutsideTheWorkFolderIsRefused() {
        try (var sandbox = Sandbox.create(options(), Seed.empty())) {
            assertThatThrownBy(() -> sandbox.seed(Seed.files(Map.of("../escape.txt", "x"))))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("outside the work folder");
        }
    }

    @Test
    void aFolderSeedIsCopiedAndTheSourceLeftAlone(@TempDir Path source) throws Exception {
        Files.createDirectories(source.resolve("d"));
        Files.writeString(source.resolve("d/x.txt"), "seeded");
        try (var sandbox = Sandbox.create(options(), Seed.folder(source))) {
            RunResult run = sandbox.run(List.of("sh", "-c", "cat d/x.txt; echo changed > d/x.txt"), "");
            assertThat(run.stdout()).isEqualTo("seeded");
            assertThat(Files.readString(sandbox.workFolder().resolve("d/x.txt")))
                    .isEqualTo("changed\n");
        }
        assertThat(Files.readString(source.resolve("d/x.txt"))).isEqualTo("seeded");
    }

    @Test
    void stdinIsTheProgramsInput() {
        try (var sandbox = Sandbox.create(options(), Seed.empty())) {
            assertThat(sandbox.run(List.of("tr", "a-z", "A-Z"), "shout").stdout())
                    .isEqualTo("SHOUT");
        }
    }

    @Test
    void seedPathsMayNotLeaveTheWorkFolder() {
        assertThatThrownBy(() -> Sandbox.create(options(), Seed.files(Map.of("../escape.txt", "x"))))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("outside the work folder");
        assertThatThrownBy(() -> Sandbox.create(options(), Seed.files(Map.of("/etc/evil", "x"))))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("outside the work folder");
        assertThat(root.resolve("escape.txt")).doesNotExist();
    }

    @Test
    void closeRemovesTheFolderAndEveryProcess() throws Exception {
        var sandbox = Sandbox.create(options(), Seed.files(Map.of("a", "1")));
        Path episode = sandbox.workFolder().getParent();
        Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
        shell.execute("echo started");
        assertThat(HostProcesses.ownedBy(sandbox.uid())).isGreaterThanOrEqualTo(2);
        sandbox.close();
        sandbox.close();
        assertThat(episode).doesNotExist();
        assertThat(HostProcesses.ownedBy(sandbox.uid())).isZero();
        assertThatThrownBy(() -> sandbox.run(List.of("true"), ""))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void eachSandboxRunsAsItsOwnUnprivilegedUser() {
        try (var a = Sandbox.create(options(), Seed.empty());
                var b = Sandbox.create(options(), Seed.empty())) {
            String uidA = a.run(List.of("id", "-u"), "").stdout().trim();
            String uidB = b.run(List.of("id", "-u"), "").stdout().trim();
            assertThat(uidA).isNotEqualTo("0").isNotEqualTo(uidB);
        }
    }

    @Test
    void aCpuHogIsStoppedByTheCpuLimitBeforeTheWallClock() {
        Limits limits = Limits.defaults().withCpuTime(Duration.ofSeconds(1)).withWallClock(Duration.ofSeconds(20));
        try (var sandbox = Sandbox.create(options(), Seed.empty())) {
            RunResult run = sandbox.run(List.of("python3", "-c", "while True: pass"), "", limits);
            assertThat(run.timedOut()).isFalse();
            assertThat(run.exitCode()).isIn(128 + 9, 128 + 24);
            assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void foldersLeftByADeadJvmAreRemovedButLiveOnesKept() throws Exception {
        Path stale = Files.createDirectories(root.resolve("sandbox-3999998-12345/work"));
        Files.writeString(stale.resolve("left.txt"), "from a crashed run");
        try (var live = Sandbox.create(options(), Seed.empty())) {
            assertThat(stale.getParent()).doesNotExist();
            assertThat(live.workFolder()).exists();
            io.openenv4j.sandbox.internal.WorkFolder.removeStale(root, root.resolve("uids"));
            assertThat(live.workFolder()).as("a live sandbox's folder stays").exists();
        }
    }
}
