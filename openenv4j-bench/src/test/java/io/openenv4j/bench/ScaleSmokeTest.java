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
 * Runs the scale part for a moment: real replica processes, the router in its own process (and HAProxy when
 * installed), every reply checked, every session held through the router with none refused. Not a timing test.
 */
class ScaleSmokeTest {

    @Test
    void everySessionThroughTheRouterIsHeldOrRefusedNoneFailsAndEveryStepAnswersRight(@TempDir Path out)
            throws Exception {
        var log = new ByteArrayOutputStream();
        long errors = ScaleBench.run(
                ScaleBench.Options.smoke("", ""),
                out,
                new PrintStream(log, true, StandardCharsets.UTF_8),
                "smoke test");
        String progress = log.toString(StandardCharsets.UTF_8);
        assertThat(errors).as(progress).isZero();
        String report = Files.readString(out.resolve("scale-report.md"));
        // replicas 1 and 2 of 8 sessions each: every session held or refused with CAPACITY_REACHED, none failed,
        // through every hop; addressed directly, none refused
        assertThat(report).containsPattern("\\| 1 \\| direct \\|[^\\n]*\\| 8 \\| 0 \\| 0 \\|[^\\n]*\\n");
        assertThat(report).containsPattern("\\| 2 \\| direct \\|[^\\n]*\\| 16 \\| 0 \\| 0 \\|[^\\n]*\\n");
        assertHeldOrRefusedNoneFailed(report, 1, "openenv4j place", 8);
        assertHeldOrRefusedNoneFailed(report, 2, "openenv4j place", 16);
        assertThat(report).contains("hop CPU µs/step");
        if (ScaleBench.haproxy() != null) {
            assertThat(report).containsPattern("\\| 2 \\| HAProxy \\|");
        }
    }

    /**
     * The row of {@code hop} at {@code replicas}: held + refused is every session offered and none failed. A refusal
     * while a replica had room is the one figure the router can still miss at the last slots of a burst that fills
     * the pool exactly (docs/scale-out.md, "Not done yet"); the report counts it against its target of 0.
     */
    private static void assertHeldOrRefusedNoneFailed(String report, int replicas, String hop, int offered) {
        var row = java.util.regex.Pattern.compile("\\| " + replicas + " \\| " + java.util.regex.Pattern.quote(hop)
                        + " \\|(?:[^|\\n]*\\|){8} (\\d+) \\| (\\d+) \\| (\\d+) \\|")
                .matcher(report);
        assertThat(row.find())
                .as("a row for %d replica(s) through %s in%n%s", replicas, hop, report)
                .isTrue();
        int held = Integer.parseInt(row.group(1));
        int refused = Integer.parseInt(row.group(2));
        int failed = Integer.parseInt(row.group(3));
        assertThat(held + refused).as("held + refused through " + hop).isEqualTo(offered);
        assertThat(failed).as("failed through " + hop).isZero();
        assertThat(report).contains("Sessions refused while a replica had room:");
    }
}
