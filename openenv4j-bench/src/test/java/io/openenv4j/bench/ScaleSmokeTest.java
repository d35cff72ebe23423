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
    void theRouterHoldsEverySlotOfOneAndTwoReplicasAndEveryStepThroughItAnswersRight(@TempDir Path out)
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
        // replicas 1 and 2 of 8 sessions each: all held, none refused, none failed, through every hop
        assertThat(report).containsPattern("\\| 1 \\| direct \\|[^\\n]*\\| 8 \\| 0 \\| 0 \\|[^\\n]*\\n");
        assertThat(report).containsPattern("\\| 1 \\| openenv4j place \\|[^\\n]*\\| 8 \\| 0 \\| 0 \\|[^\\n]*\\n");
        assertThat(report).containsPattern("\\| 2 \\| direct \\|[^\\n]*\\| 16 \\| 0 \\| 0 \\|[^\\n]*\\n");
        assertThat(report).containsPattern("\\| 2 \\| openenv4j place \\|[^\\n]*\\| 16 \\| 0 \\| 0 \\|[^\\n]*\\n");
        assertThat(report).contains("hop CPU µs/step");
        if (ScaleBench.haproxy() != null) {
            assertThat(report).containsPattern("\\| 2 \\| HAProxy \\|");
        }
    }
}
