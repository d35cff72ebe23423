package io.openenv4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An episode that tries to fill the host's memory or disk through the sandbox's file systems gets "No space
 * left on device" or "Read-only file system" once it reaches its {@link Quota}, and nothing else notices.
 */
class QuotaTest {

    private static final long MIB = 1024L * 1024;
    private static final Quota SMALL = new Quota(16 * MIB, 500);

    @TempDir
    Path root;

    private Sandbox open(Quota quota, Seed seed) {
        Limits limits = Limits.defaults().withWallClock(Duration.ofSeconds(60));
        return Sandbox.create(
                SandboxOptions.defaults().withRoot(root).withLimits(limits).withQuota(quota), seed);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void theRootAndDevAreReadOnlySoTheirUnboundedMemoryCannotBeFilled() {
        try (Sandbox sandbox = open(SMALL, Seed.empty())) {
            RunResult run = sandbox.run(
                    List.of(
                            "bash",
                            "-c",
                            "head -c 64M /dev/zero > /big; head -c 64M /dev/zero > /dev/big; mkdir /dev/d; mkdir /new;"
                                    + " echo fine > /dev/null && echo devnull-works"),
                    "");
            assertThat(run.stderr())
                    .contains(
                            "/big: Read-only file system",
                            "/dev/big: Read-only file system",
                            "/dev/d\u2019: Read-only file system",
                            "/new\u2019: Read-only file system");
            assertThat(run.stdout()).contains("devnull-works");
        }
    }

    @Test
    void aLargeFileInAnyWritableFolderStopsAtTheQuota() {
        assumeTrue(root(), "the quota's file system is mounted by root");
        try (Sandbox sandbox = open(SMALL, Seed.empty())) {
            assertThat(sandbox.quotaEnforced()).isTrue();
            for (String folder : List.of("/work", "/tmp", "/dev/shm")) {
                RunResult run = sandbox.run(
                        List.of(
                                "bash",
                                "-c",
                                "head -c 48M /dev/zero > " + folder + "/big; echo status=$?; stat -c %s " + folder
                                        + "/big;" + " rm " + folder + "/big"),
                        "");
                assertThat(run.stderr()).as(folder).contains("No space left on device");
                assertThat(run.stdout()).as(folder).contains("status=1");
                long written =
                        Long.parseLong(run.stdout().lines().toList().get(1).trim());
                assertThat(written).as("bytes that fit in " + folder).isLessThanOrEqualTo(SMALL.diskBytes());
            }
        }
    }

    @Test
    void theWritableFoldersShareOneQuota() {
        assumeTrue(root(), "the quota's file system is mounted by root");
        try (Sandbox sandbox = open(SMALL, Seed.empty())) {
            RunResult run = sandbox.run(
                    List.of(
                            "bash",
                            "-c",
                            "head -c 10M /dev/zero > /work/a && head -c 10M /dev/zero > /dev/shm/b; echo status=$?;"
                                    + " df -B1 --output=size /work /tmp /dev/shm | tail -n +2"),
                    "");
            assertThat(run.stderr()).contains("No space left on device");
            assertThat(run.stdout()).contains("status=1");
            assertThat(run.stdout().lines().skip(1).map(String::trim).toList())
                    .containsOnly(Long.toString(SMALL.diskBytes()));
        }
    }

    @Test
    void manySmallFilesStopAtTheFileCount() {
        assumeTrue(root(), "the quota's file system is mounted by root");
        try (Sandbox sandbox = open(SMALL, Seed.empty())) {
            RunResult run = sandbox.run(
                    List.of(
                            "python3",
                            "-c",
                            String.join(
                                    "\n",
                                    "import os",
                                    "made = 0",
                                    "try:",
                                    "    for i in range(200000):",
                                    "        open('/work/f%d' % i, 'w').close()",
                                    "        made += 1",
                                    "except OSError as e:",
                                    "    print(made, e.strerror)")),
                    "");
            assertThat(run.stdout()).endsWith("No space left on device\n");
            int made = Integer.parseInt(run.stdout().split(" ")[0]);
            assertThat(made).isLessThan((int) SMALL.files()).isGreaterThan((int) SMALL.files() / 2);
        }
    }

    @Test
    void aFullEpisodeLeavesAnotherEpisodesRoomAlone() {
        assumeTrue(root(), "the quota's file system is mounted by root");
        try (Sandbox greedy = open(SMALL, Seed.empty());
                Sandbox other = open(SMALL, Seed.empty())) {
            RunResult fill = greedy.run(
                    List.of(
                            "bash",
                            "-c",
                            "head -c 64M /dev/zero > /work/all; for i in $(seq 1000); do"
                                    + " : > /tmp/f$i || break; done; echo filled"),
                    "");
            assertThat(fill.stderr()).contains("No space left on device");
            RunResult own = other.run(
                    List.of(
                            "bash",
                            "-c",
                            "head -c 12M /dev/zero > /work/mine && for i in $(seq 300); do"
                                    + " : > /tmp/f$i || exit 1; done && stat -c %s /work/mine"),
                    "");
            assertThat(own.exitCode()).as(own.stderr()).isZero();
            assertThat(own.stdout().trim()).isEqualTo(Long.toString(12 * MIB));
        }
    }

    @Test
    void aSeedLargerThanTheQuotaIsAClearError() {
        assumeTrue(root(), "the quota's file system is mounted by root");
        String big = "x".repeat((int) (2 * MIB));
        assertThatThrownBy(() -> open(new Quota(MIB, 100), Seed.files(Map.of("big.txt", big))))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("does not fit in the sandbox's quota");
        try (var entries = Files.list(root)) {
            assertThat(entries.filter(p -> p.getFileName().toString().startsWith("sandbox-")))
                    .isEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void closingUnmountsTheFileSystemAndItsFoldersAreTheSandboxUsersAlone() throws Exception {
        assumeTrue(root(), "the quota's file system is mounted by root");
        Path episode;
        try (Sandbox sandbox = open(SMALL, Seed.files(Map.of("a.txt", "a")))) {
            episode = sandbox.workFolder().getParent().toAbsolutePath();
            assertThat(mounted(episode)).isTrue();
            for (Path path : List.of(episode, sandbox.workFolder(), episode.resolve("tmp"), episode.resolve("shm"))) {
                assertThat(Files.getAttribute(path, "unix:uid"))
                        .as(path.toString())
                        .isEqualTo(sandbox.uid());
                assertThat(Files.getAttribute(path, "unix:mode"))
                        .as(path.toString())
                        .isEqualTo(040700);
            }
        }
        assertThat(mounted(episode)).isFalse();
        assertThat(episode).doesNotExist();
    }

    @Test
    void sizesAreReadFromPropertiesAndTheEnvironment() {
        Quota quota = Quota.fromSettings(
                name -> name.equals("openenv4j.sandbox.disk") ? "64m" : null,
                Map.of("OPENENV4J_SANDBOX_FILES", "2000", "OPENENV4J_SANDBOX_DISK", "1g"));
        assertThat(quota).isEqualTo(new Quota(64 * MIB, 2000));
        assertThat(Quota.fromSettings(name -> null, Map.of())).isEqualTo(new Quota(256 * MIB, 16_384));
        assertThatThrownBy(() -> Quota.fromSettings(name -> null, Map.of("OPENENV4J_SANDBOX_DISK", "lots")))
                .hasMessageContaining("sandbox setting 'disk'")
                .hasMessageContaining("512m");
    }

    private static boolean mounted(Path path) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .anyMatch(line -> line.split(" ")[4].equals(path.toString()));
    }
}
