package io.openenv4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What untrusted code tries, and how each attempt ends: contained, reported, and the sandbox still works. */
class EscapeTest {

    @TempDir
    Path root;

    private Sandbox sandbox;
    private Interpreter shell;

    @BeforeEach
    void open() {
        Limits limits = Limits.defaults()
                .withWallClock(Duration.ofSeconds(3))
                .withProcesses(32)
                .withMemoryBytes(512L * 1024 * 1024)
                .withOutputBytes(4096);
        sandbox = Sandbox.create(SandboxOptions.defaults().withRoot(root).withLimits(limits), Seed.empty());
        shell = sandbox.interpreter(Interpreter.Kind.BASH);
    }

    @AfterEach
    void close() throws Exception {
        int uid = sandbox.uid();
        sandbox.close();
        awaitNoProcesses(uid);
    }

    static void awaitNoProcesses(int uid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (HostProcesses.ownedBy(uid) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(HostProcesses.ownedBy(uid))
                .as("processes left by uid %d", uid)
                .isZero();
    }

    private void assertHealthy() {
        RunResult fresh = shell.execute("echo healthy; id -u");
        assertThat(fresh.stdout()).startsWith("healthy\n");
        assertThat(fresh.exitCode()).isZero();
    }

    @Test
    void writingOutsideTheWorkFolderFails() throws Exception {
        Path hostTmpFile = Path.of(
                System.getProperty("java.io.tmpdir"),
                "openenv4j-escape-" + ProcessHandle.current().pid());
        RunResult run = shell.execute(String.join(
                "; ",
                "echo x > /etc/evil",
                "echo x > /usr/evil",
                "echo x > ../../evil",
                "echo x > /evil",
                "echo x > " + hostTmpFile,
                "ls " + root + " 2>&1 | head -1",
                "echo x > /work/ok"));
        assertThat(run.stderr()).contains("/etc/evil: Read-only file system", "/usr/evil: Read-only file system");
        assertThat(Path.of("/etc/evil")).doesNotExist();
        assertThat(Path.of("/usr/evil")).doesNotExist();
        assertThat(Path.of("/evil")).doesNotExist();
        assertThat(hostTmpFile).as("the sandbox's /tmp is its own").doesNotExist();
        assertThat(run.stdout()).contains("No such file or directory");
        assertThat(sandbox.workFolder().resolve("ok")).hasContent("x");
        assertHealthy();
    }

    @Test
    void theHostsFilesOutsideTheSystemFoldersAreInvisible() {
        RunResult run = shell.execute("ls /root /home /work/.. 2>&1; cat /etc/shadow 2>&1 | head -c 80");
        assertThat(run.stdout()).contains("cannot access '/root'", "cannot access '/home'", "Permission denied");
        assertHealthy();
    }

    @Test
    void theNetworkIsUnreachableWhenOff() throws Exception {
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String connect =
                    "python3 -c \"import socket; socket.create_connection(('127.0.0.1', %d), timeout=2); print('connected')\""
                            .formatted(server.getLocalPort());
            RunResult run = shell.execute(connect);
            assertThat(run.stdout()).doesNotContain("connected");
            assertThat(run.exitCode()).isNotZero();
            assertThat(run.stderr()).containsAnyOf("Connection refused", "Network is unreachable");
            try (var open = Sandbox.create(sandbox.options().withNetwork(Network.HOST), Seed.empty())) {
                RunResult reached = open.run(List.of("sh", "-c", connect), "");
                assertThat(reached.stdout())
                        .as("the same probe with the network on")
                        .isEqualTo("connected\n");
            }
        }
        assertHealthy();
    }

    @Test
    void aForkBombIsBoundedAndCleanedUp() throws Exception {
        long before = HostProcesses.ownedBy(sandbox.uid());
        var peak = new java.util.concurrent.atomic.AtomicLong();
        var watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                peak.accumulateAndGet(HostProcesses.ownedBy(sandbox.uid()), Math::max);
            }
        });
        RunResult bomb = shell.execute("bomb() { bomb | bomb & }; bomb; sleep 5");
        watching.set(false);
        watcher.join();
        assertThat(bomb.timedOut()).isTrue();
        assertThat(peak.get())
                .as("processes at the peak of the bomb")
                .isGreaterThan(16)
                .isLessThanOrEqualTo(32);
        assertThat(HostProcesses.ownedBy(sandbox.uid())).isEqualTo(before);
        assertHealthy();
    }

    @Test
    void runawayOutputIsCutAndFlagged() {
        RunResult flood = shell.execute("yes");
        assertThat(flood.timedOut()).isTrue();
        assertThat(flood.stdoutTruncated()).isTrue();
        assertThat(flood.stdout()).hasSize(4096).startsWith("y\ny\n");
        RunResult finite = shell.execute("head -c 100000 /dev/zero | tr '\\0' a; echo; echo done >&2");
        assertThat(finite.timedOut()).isFalse();
        assertThat(finite.stdoutTruncated()).isTrue();
        assertThat(finite.stderrTruncated()).isFalse();
        assertThat(finite.stderr()).isEqualTo("done\n");
        assertHealthy();
    }

    @Test
    void anInfiniteLoopTimesOut() {
        RunResult loop = shell.execute("python3 -c 'while True: pass'");
        assertThat(loop.timedOut()).isTrue();
        assertThat(loop.exitCode()).isEqualTo(-1);
        assertThat(loop.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(3)).isLessThan(Duration.ofSeconds(8));
        assertHealthy();
    }

    @Test
    void memoryExhaustionFailsClearly() {
        RunResult hog = shell.execute("python3 -c 'x = bytearray(2 * 1024**3)'");
        assertThat(hog.exitCode()).isEqualTo(1);
        assertThat(hog.stderr()).contains("MemoryError");
        RunResult python = sandbox.interpreter(
                        Interpreter.Kind.PYTHON,
                        sandbox.options()
                                .limits()
                                .withMemoryBytes(256L * 1024 * 1024)
                                .withWallClock(Duration.ofSeconds(20)))
                .execute("blocks = []\nwhile True: blocks.append(bytearray(50 * 1024**2))");
        assertThat(python.stderr()).contains("MemoryError");
        assertThat(python.restarted()).isFalse();
        assertHealthy();
    }

    @Test
    void fillingTheDiskStopsAtTheFileSizeLimit() throws Exception {
        RunResult big = shell.execute("head -c 100M /dev/zero > big; echo $?");
        assertThat(big.stderr()).contains("File size limit exceeded");
        assertThat(Files.size(sandbox.workFolder().resolve("big")))
                .isEqualTo(Limits.defaults().fileBytes());
        assertHealthy();
    }

    @Test
    void killingTheShellsParentDoesNotLeaveAnythingBehind() throws Exception {
        shell.execute("sleep 1000 &");
        assertThat(sandbox.run(
                                List.of(
                                        "sh",
                                        "-c",
                                        "nohup sleep 1000 >/dev/null 2>&1 & setsid sleep 1000 & echo spawned"),
                                "")
                        .stdout())
                .isEqualTo("spawned\n");
        assertHealthy();
    }
}
