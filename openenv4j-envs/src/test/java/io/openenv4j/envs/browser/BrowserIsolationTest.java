package io.openenv4j.envs.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.browser.BrowserEnvironment.Action;
import io.openenv4j.envs.browser.BrowserEnvironment.Observation;
import io.openenv4j.sandbox.internal.Cgroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one episode can do to the browser, and what it cannot do to the host or to other episodes: the browser
 * runs unprivileged with Chromium's sandbox on and within a control group, over-long actions are refused
 * before they reach it, and a hostile episode does not hold up another's steps.
 */
class BrowserIsolationTest {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @AfterEach
    void defaultIsolation() {
        System.clearProperty("openenv4j.browser.isolation");
    }

    private static BrowserEnvironment started() {
        var env = new BrowserEnvironment();
        env.reset(new ResetRequest(1L, null, Map.of("task", "search", "max_steps", 500)));
        return env;
    }

    @Test
    void theBrowserRunsAsAnUnprivilegedUidWithChromiumsSandboxOnAndInItsOwnControlGroup() throws Exception {
        try (BrowserEnvironment env = started()) {
            Chromium browser = env.browser();
            String status = Files.readString(Path.of("/proc", Long.toString(browser.pid()), "status"));
            String command = Files.readString(Path.of("/proc", Long.toString(browser.pid()), "cmdline"));
            assertThat(command).contains("--headless").doesNotContain("--no-sandbox");
            if (ROOT) {
                assertThat(browser.uid()).isPresent();
                assertThat(status)
                        .containsPattern("(?m)^Uid:\\t" + browser.uid().get() + "\\t");
            }
            // Chromium's sandbox confines each renderer with a seccomp-bpf filter of its own
            long filtered = ProcessHandle.of(browser.pid())
                    .orElseThrow()
                    .descendants()
                    .filter(p -> read(p, "cmdline").contains("--type=renderer"))
                    .filter(p -> read(p, "status").contains("Seccomp:\t2"))
                    .count();
            assertThat(filtered)
                    .as("renderers under Chromium's seccomp sandbox")
                    .isPositive();
            if (Cgroup.support().unavailable().isEmpty()) {
                Path memory = browser.cgroup().orElseThrow().dir("memory").orElseThrow();
                String limit = Files.readString(
                        memory.resolve(Cgroup.support().v2() ? "memory.max" : "memory.limit_in_bytes"));
                assertThat(limit.trim()).isEqualTo(Long.toString(Chromium.memoryBytes()));
                assertThat(Files.readAllLines(memory.resolve("cgroup.procs"))).contains(Long.toString(browser.pid()));
            }
        }
    }

    @Test
    void anOverlongTypeIsRefusedWithAClearErrorBeforeTheBrowserSeesIt() {
        try (BrowserEnvironment env = started()) {
            env.step(Action.navigate("/search"));
            String huge = "x".repeat(8 * 1024 * 1024);
            Observation refused = env.step(Action.type("#q", huge)).observation();
            assertThat(refused.error()).isEqualTo("type text is 8388608 characters long; at most 10000 are accepted");
            assertThat(env.tab().evaluate("document.querySelector('#q').value").asString())
                    .isEmpty();
            assertThat(env.step(Action.navigate("/" + "a".repeat(5000)))
                            .observation()
                            .error())
                    .contains("at most 2048");
            assertThat(env.step(Action.click("#" + "b".repeat(2000)))
                            .observation()
                            .error())
                    .contains("at most 1024");
            Observation fits = env.step(Action.type("#q", "y".repeat(BrowserEnvironment.MAX_TYPE_CHARS)))
                    .observation();
            assertThat(fits.error()).isNull();
            assertThat(env.tab()
                            .evaluate("document.querySelector('#q').value.length")
                            .asInt())
                    .isEqualTo(10_000);
        }
    }

    @Test
    void aHostileEpisodeDoesNotSlowAnothersStepsBeyondAGenerousBound() throws Exception {
        try (BrowserEnvironment victim = started();
                BrowserEnvironment hostile = started()) {
            victim.step(Action.navigate("/search"));
            hostile.step(Action.navigate("/search"));
            List<Long> alone = stepTimes(victim, 8);
            var stop = new AtomicBoolean();
            var attacks = new AtomicInteger();
            var refused = new AtomicInteger();
            var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            Thread attacker = Thread.ofPlatform().name("hostile-episode").start(() -> {
                String eightMegabytes = "z".repeat(8 * 1024 * 1024);
                String largestAllowed = "w".repeat(BrowserEnvironment.MAX_TYPE_CHARS);
                try {
                    while (!stop.get()
                            && hostile.state().maxSteps() - hostile.state().stepCount() > 2) {
                        if (hostile.step(Action.type("#q", eightMegabytes))
                                        .observation()
                                        .error()
                                != null) {
                            refused.incrementAndGet();
                        }
                        hostile.step(Action.type("#q", largestAllowed));
                        attacks.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            List<Long> attacked;
            try {
                long deadline =
                        System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
                while (attacks.get() < 2 && attacker.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(failure.get()).as("the hostile episode's own steps").isNull();
                assertThat(attacks.get())
                        .as("hostile rounds before the victim's steps")
                        .isGreaterThanOrEqualTo(2);
                attacked = stepTimes(victim, 8);
            } finally {
                stop.set(true);
                attacker.join();
            }
            long before = median(alone);
            long during = median(attacked);
            System.out.printf(
                    "victim step median: %d ms alone, %d ms during %d hostile rounds%n", before, during, attacks.get());
            assertThat(refused.get()).as("8 MB types refused").isEqualTo(attacks.get());
            assertThat(during)
                    .as("median step of the victim during the attack (alone: %d ms)", before)
                    .isLessThanOrEqualTo(10 * before + 2000);
        }
    }

    @Test
    void processIsolationGivesEachEnvironmentABrowserOfItsOwn() throws Exception {
        System.setProperty("openenv4j.browser.isolation", "process");
        long start = System.nanoTime();
        BrowserEnvironment first = started();
        long launchMs = (System.nanoTime() - start) / 1_000_000;
        try (BrowserEnvironment second = started()) {
            assertThat(first.browser().pid()).isNotEqualTo(second.browser().pid());
            if (ROOT) {
                assertThat(first.browser().uid()).isNotEqualTo(second.browser().uid());
            }
            Chromium gone = first.browser();
            if (gone.cgroup().isPresent()) {
                Path memory = gone.cgroup().get().dir("memory").orElseThrow();
                String usage = Files.readString(
                        memory.resolve(Cgroup.support().v2() ? "memory.current" : "memory.usage_in_bytes"));
                System.out.printf(
                        "one browser per episode: reset with launch %d ms, memory %d MB%n",
                        launchMs, Long.parseLong(usage.trim()) / (1024 * 1024));
            }
            first.close();
            assertThat(gone.isAlive())
                    .as("its browser stops with the environment")
                    .isFalse();
            assertThat(second.step(Action.navigate("/search")).observation().error())
                    .isNull();
            assertThat(second.browser().isAlive()).isTrue();
        } finally {
            first.close();
        }
    }

    private static List<Long> stepTimes(BrowserEnvironment env, int count) {
        var times = new ArrayList<Long>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            Observation seen = env.step(i % 2 == 0 ? Action.type("#q", "lamp " + i) : Action.of("snapshot"))
                    .observation();
            times.add((System.nanoTime() - start) / 1_000_000);
            assertThat(seen.error()).isNull();
        }
        return times;
    }

    private static long median(List<Long> values) {
        var sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static String read(ProcessHandle process, String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), file))
                    .replace('\0', ' ');
        } catch (Exception e) {
            return "";
        }
    }
}
