package io.openenv4j.envs.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.LiveResources;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.WarmPool;
import io.openenv4j.envs.WarmPools;
import io.openenv4j.envs.terminal.TerminalEnvironment.Action;
import io.openenv4j.envs.terminal.TerminalEnvironment.Observation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The terminal with a warm pool of sandboxes: real bubblewrap sandboxes, each used by one episode only. */
class WarmTerminalPoolTest {

    private static final LiveResources SANDBOXES = LiveResources.named("sandbox");

    @AfterEach
    void poolsOff() {
        WarmPools.configure(WarmPools.Settings.off());
    }

    private static WarmPool<?> fullPool(int size) throws InterruptedException {
        TerminalEnvironment.warmPool();
        WarmPool<?> pool = WarmPools.open().getFirst();
        assertThat(pool.awaitReady(size, 120_000)).as("the pool fills").isTrue();
        return pool;
    }

    private static Observation run(TerminalEnvironment env, String command) {
        return env.step(new Action(command)).observation();
    }

    @Test
    void anEpisodeFromThePoolSeesNothingAnEarlierEpisodeLeftFilesProcessesVariablesOrDirectory() throws Exception {
        WarmPools.configure(WarmPools.Settings.of(2));
        fullPool(2);
        long hits = WarmPool.stats().get(Workspace.POOL).hits();
        try (var first = new TerminalEnvironment();
                var second = new TerminalEnvironment()) {
            first.reset(new ResetRequest(null, null, Map.of("task", "none")));
            Observation dirty = run(
                    first,
                    "echo secret > /work/left.txt; echo secret > /tmp/left.txt; "
                            + "echo secret > /dev/shm/left.txt 2>/dev/null; export LEFT=secret; LEFT_SHELL=secret; cd /tmp; "
                            + "left() { echo secret; }; setsid sleep 1000 & echo started");
            assertThat(dirty.stdout()).contains("started");
            assertThat(run(first, "echo $LEFT $LEFT_SHELL; pwd").stdout()).isEqualTo("secret secret\n/tmp\n");
            first.close();

            second.reset(new ResetRequest(null, null, Map.of("task", "none")));
            Observation clean = run(
                    second,
                    "ls -A /work /tmp /dev/shm; echo \"[$LEFT$LEFT_SHELL]\"; pwd; "
                            + "type left 2>&1 | head -1; ps -eo comm= | sort | tr '\\n' ' '");
            assertThat(clean.stdout())
                    .doesNotContain("left.txt")
                    .contains("[]")
                    .contains("\n/work\n")
                    .contains("left: not found")
                    .doesNotContain("sleep");
            assertThat(WarmPool.stats().get(Workspace.POOL).hits()).isEqualTo(hits + 2);
        }
    }

    @Test
    void aPooledSandboxIsSeededWithTheTasksFilesOwnedByTheEpisode() throws Exception {
        WarmPools.configure(WarmPools.Settings.of(1));
        fullPool(1);
        long hits = WarmPool.stats().get(Workspace.POOL).hits();
        try (var env = new TerminalEnvironment()) {
            env.reset(new ResetRequest(null, null, Map.of("files", Map.of("notes/a.txt", "hello\n"))));
            assertThat(run(env, "cat notes/a.txt && echo more >> notes/a.txt && touch notes/b && wc -l < notes/a.txt")
                            .stdout())
                    .isEqualTo("hello\n2\n");
            assertThat(WarmPool.stats().get(Workspace.POOL).hits()).isEqualTo(hits + 1);
        }
        try (var env = new TerminalEnvironment()) {
            env.reset(new ResetRequest(7L, null, Map.of("task", "count_lines")));
            var step = env.step(new TerminalOracle().act(null, env.state()));
            assertThat(step.reward())
                    .as("the task's seeded files are there and its check runs")
                    .isEqualTo(1.0);
        }
    }

    @Test
    void thePoolNeverBringsTheLiveSandboxesOverTheSessionLimit() throws Exception {
        long live = SANDBOXES.live();
        WarmPools.configure(WarmPools.Settings.of(8).withMaxLive((int) live + 2));
        WarmPool<?> pool = fullPool(2);
        assertThat(pool.awaitReady(3, 1_000))
                .as("no third sandbox: the limit is reached")
                .isFalse();
        assertThat(SANDBOXES.live()).isEqualTo(live + 2);
        try (var env = new TerminalEnvironment()) {
            env.reset(new ResetRequest(null, null, Map.of("task", "none")));
            assertThat(pool.awaitReady(2, 1_000))
                    .as("an episode holds one: the pool waits for room")
                    .isFalse();
            assertThat(SANDBOXES.live()).isEqualTo(live + 2);
        }
        assertThat(pool.awaitReady(2, 120_000))
                .as("room again once the episode closed")
                .isTrue();
    }

    @Test
    void closingThePoolsClosesTheWaitingSandboxesTheirProcessesAndFolders() throws Exception {
        long live = SANDBOXES.live();
        Path root = TerminalEnvironment.defaultOptions().root();
        List<Path> before = folders(root);
        WarmPools.configure(WarmPools.Settings.of(3));
        fullPool(3);
        assertThat(SANDBOXES.live()).isEqualTo(live + 3);
        assertThat(folders(root)).hasSize(before.size() + 3);
        WarmPools.close();
        assertThat(SANDBOXES.live()).isEqualTo(live);
        assertThat(folders(root)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(WarmPool.stats().get(Workspace.POOL).ready()).isZero();
    }

    private static List<Path> folders(Path root) throws java.io.IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var entries = Files.list(root)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("sandbox-"))
                    .toList();
        }
    }
}
