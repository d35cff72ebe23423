package io.openenv4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Episodes that use more memory, processes or CPU than their {@link Quota} in total, each process staying
 * within its own {@link Limits}, are stopped by the kernel through the sandbox's control group.
 */
class CgroupTest {

    private static final long MIB = 1024L * 1024;

    @TempDir
    Path root;

    @BeforeEach
    void needsCgroups() {
        assumeTrue(
                Sandbox.cgroupUnavailableReason().isEmpty(), () -> "no cgroups: " + Sandbox.cgroupUnavailableReason());
    }

    private Sandbox open(Quota quota) {
        Limits limits = Limits.defaults().withWallClock(Duration.ofSeconds(60));
        return Sandbox.create(
                SandboxOptions.defaults().withRoot(root).withLimits(limits).withQuota(quota), Seed.empty());
    }

    @Test
    void aProcessOverTheMemoryQuotaIsKilledAndTheSandboxGoesOn() {
        try (Sandbox sandbox = open(Quota.defaults().withMemoryBytes(64 * MIB))) {
            assertThat(sandbox.cgroupEnforced()).isTrue();
            RunResult greedy = sandbox.run(
                    List.of("python3", "-c", "b = bytearray(300 * 1024 * 1024)\nprint('allocated', len(b))"), "");
            assertThat(greedy.stdout()).doesNotContain("allocated");
            assertThat(greedy.exitCode()).isEqualTo(137);
            assertThat(sandbox.memoryKills()).isPositive();
            RunResult modest = sandbox.run(List.of("python3", "-c", "b = bytearray(8 * 1024 * 1024)\nprint('ok')"), "");
            assertThat(modest.stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void manyProcessesEachWithinItsLimitsCannotTogetherExceedTheMemoryQuota() {
        try (Sandbox sandbox = open(Quota.defaults().withMemoryBytes(96 * MIB))) {
            RunResult run = sandbox.run(
                    List.of(
                            "bash",
                            "-c",
                            "for i in 1 2 3 4 5 6; do python3 -c '"
                                    + "import time\nb = bytearray(40 * 1024 * 1024)\nfor i in range(0, len(b), 4096): b[i] = 1\ntime.sleep(2)\nprint(\"held\")' & done;"
                                    + " wait"),
                    "");
            long held = run.stdout().lines().filter("held"::equals).count();
            assertThat(held).as("40 MiB holders that fit in 96 MiB").isLessThanOrEqualTo(2);
            assertThat(sandbox.memoryKills()).isPositive();
        }
    }

    @Test
    void filesWrittenToTheSandboxsFoldersCountAsItsMemory() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the folders' file system is mounted by root");
        try (Sandbox sandbox = open(Quota.defaults().withMemoryBytes(48 * MIB).withDiskBytes(256 * MIB))) {
            RunResult run = sandbox.run(
                    List.of("bash", "-c", "for i in 1 2 3 4; do head -c 30M /dev/zero > /work/f$i; done"), "");
            long stored;
            try (var files = Files.list(sandbox.workFolder())) {
                stored = files.mapToLong(file -> file.toFile().length()).sum();
            }
            assertThat(stored).as(run.stderr()).isLessThanOrEqualTo(48 * MIB).isGreaterThan(MIB);
            assertThat(run.exitCode()).isNotZero();
        }
    }

    @Test
    void forkingPastTheProcessQuotaFailsWhileTheUidLimitIsHigher() {
        Limits many = Limits.defaults().withProcesses(200).withWallClock(Duration.ofSeconds(60));
        try (Sandbox sandbox = open(Quota.defaults().withProcesses(16))) {
            RunResult run = sandbox.run(
                    List.of(
                            "python3",
                            "-c",
                            String.join(
                                    "\n",
                                    "import os, time",
                                    "n = 0",
                                    "try:",
                                    "    while n < 100:",
                                    "        if os.fork() == 0:",
                                    "            time.sleep(5)",
                                    "            os._exit(0)",
                                    "        n += 1",
                                    "except OSError as e:",
                                    "    print(n, e.strerror)")),
                    "",
                    many);
            assertThat(run.stdout()).contains("Resource temporarily unavailable");
            int forked = Integer.parseInt(run.stdout().split(" ")[0]);
            assertThat(forked).isLessThan(16);
        }
    }

    @Test
    void aBusyLoopIsThrottledToTheCpuQuota() throws Exception {
        try (Sandbox sandbox = open(Quota.defaults().withCpus(0.05))) {
            Path cpuStat =
                    sandbox.cgroup().orElseThrow().dir("cpu").orElseThrow().resolve("cpu.stat");
            sandbox.run(
                    List.of("python3", "-c", "import time\nend = time.time() + 1.5\nwhile time.time() < end: pass"),
                    "");
            long throttled = Files.readAllLines(cpuStat).stream()
                    .filter(line -> line.startsWith("nr_throttled "))
                    .mapToLong(line -> Long.parseLong(line.split(" ")[1]))
                    .sum();
            assertThat(throttled)
                    .as("periods in which the kernel stopped the loop")
                    .isPositive();
        }
    }

    @Test
    void everyProcessIsInTheGroupAndTheGroupGoesWithTheSandbox() throws Exception {
        Path memoryDir;
        try (Sandbox sandbox = open(Quota.defaults())) {
            memoryDir = sandbox.cgroup().orElseThrow().dir("memory").orElseThrow();
            Interpreter shell = sandbox.interpreter(Interpreter.Kind.BASH);
            RunResult run = shell.execute("sleep 30 & sleep 30 & echo started");
            assertThat(run.stdout()).contains("started");
            List<String> members = Files.readAllLines(memoryDir.resolve("cgroup.procs"));
            assertThat(members).as("bubblewrap and the shell").hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(memoryDir).doesNotExist();
    }
}
