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
 * The soak with small numbers against a real server process and real load-generator processes: every phase
 * (long sessions, open/close cycles, clients dropped mid-step, a throwing environment, a silent reward
 * provider, sandboxes killed from outside, bystander sessions) runs with zero errors and the server's resources end where they started.
 */
class SoakSmokeTest {

    @Test
    void everyPhaseRunsWithoutErrorsAndTheServerEndsWhereItStarted(@TempDir Path out) throws Exception {
        var log = new ByteArrayOutputStream();
        long errors = Soak.run(
                Soak.Options.smoke("", ""), out, new PrintStream(log, true, StandardCharsets.UTF_8), "soak smoke test");
        String progress = log.toString(StandardCharsets.UTF_8);

        assertThat(errors).as(progress).isZero();
        String report = Files.readString(out.resolve("soak-report.md"));
        assertThat(report)
                .contains(
                        "| sessions |",
                        "| cycles |",
                        "| killed clients |",
                        "| throwing env |",
                        "| bystanders |",
                        "| provider timeout |",
                        "| sandboxes killed |",
                        "Resources flat");
    }

    @Test
    void growthBeyondTheTolerancesIsReportedAsNotFlat() {
        var baseline = new Soak.Resources(100L << 20, 40, 60, 0);
        assertThat(Soak.flatness(baseline, new Soak.Resources(120L << 20, 50, 70, 0)))
                .isNull();
        assertThat(Soak.flatness(baseline, new Soak.Resources(200L << 20, 40, 60, 0)))
                .contains("heap");
        assertThat(Soak.flatness(baseline, new Soak.Resources(100L << 20, 80, 60, 0)))
                .contains("threads");
        assertThat(Soak.flatness(baseline, new Soak.Resources(100L << 20, 40, 600, 0)))
                .contains("open files");
        assertThat(Soak.flatness(baseline, new Soak.Resources(100L << 20, 40, 60, 3)))
                .contains("3 sessions");
    }
}
