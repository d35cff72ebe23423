package io.openenv4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every part of the bench for a moment against real server processes (OpenEnv4j's, and the Python
 * reference's unless interop is switched off) and checks that the reports are written and that every reply
 * was checked and right. Not a timing test: no figure is asserted.
 */
class BenchSmokeTest {

    @Test
    void everyPartRunsAgainstRealProcessesAndEveryReplyIsRight(@TempDir Path out) throws Exception {
        boolean interop = !Boolean.getBoolean("openenv4j.interop.skip");
        Path python = interop
                ? Path.of(System.getProperty("openenv4j.python", "../openenv4j-it/target/pyref/bin/python"))
                : null;
        Path script = Path.of(System.getProperty("openenv4j.pysrc", "../openenv4j-it/src/test/python"))
                .resolve("ref_bench_server.py");
        var options = BenchOptions.smoke(out, python, script).withCpus("", "");
        var log = new ByteArrayOutputStream();
        long errors = BenchRun.run(options, new PrintStream(log, true, StandardCharsets.UTF_8), "smoke test");
        String progress = log.toString(StandardCharsets.UTF_8);

        assertThat(errors).as(progress).isZero();
        String markdown = Files.readString(out.resolve("bench-report.md"));
        String html = Files.readString(out.resolve("bench-report.html"));
        assertThat(markdown)
                .contains(
                        "every reply was checked",
                        "Targets (issue 9)",
                        "raw TCP floor",
                        "WebSocket OpenEnv4j",
                        "Batched stepping",
                        "Open-loop throughput",
                        "Capacity",
                        "Session churn",
                        "Idle sessions",
                        "Payload matrix",
                        "Session opens: open (connect + reset) and close");
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<svg", "</html>")
                .doesNotContain("<script");
        assertThat(progress)
                .contains("latency round", "capacity", "churn", "idle", "throughput", "batch ", "opens round");
        if (options.hasReference()) {
            assertThat(markdown).contains("WebSocket reference", "HTTP reference", "opens / reference's, same round");
            // The rollouts part needs the same venv (Gymnasium): every way over every environment, and the targets.
            assertThat(markdown)
                    .contains(
                            "Rollouts: a Python trainer loop",
                            "| cartpole | batch | 4 |",
                            "| blackjack | async | 4 |",
                            "| mountain-car | ws | 1 |",
                            "Targets (issue 20)");
        }
    }
}
