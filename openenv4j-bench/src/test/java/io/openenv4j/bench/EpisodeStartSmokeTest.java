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
 * Runs the episode-start part for a moment with real sandboxes, interpreters and Chromium: every open answers
 * right, every warm open is a pool hit, and the report has a row per series. Not a timing test.
 */
class EpisodeStartSmokeTest {

    @Test
    void everySeriesOpensRealEpisodesAndEveryWarmOpenIsAPoolHit(@TempDir Path out) throws Exception {
        var log = new ByteArrayOutputStream();
        long errors = EpisodeStart.run(
                new EpisodeStart.Options(2, 1, 2, 0, 2, 2),
                out,
                new PrintStream(log, true, StandardCharsets.UTF_8),
                "smoke test");
        String progress = log.toString(StandardCharsets.UTF_8);
        assertThat(errors).as(progress).isZero();
        String report = Files.readString(out.resolve("episode-start-report.md"));
        for (String kind : new String[] {
            "floor: bench environment (no resources)", "terminal", "code (Python)", "code (Java)", "browser"
        }) {
            assertThat(report).as(kind).contains("| " + kind + " | 1 | cold |", "| " + kind + " | 2 | cold |");
            if (!kind.startsWith("floor")) {
                // every warm series waits for a full pool first: 2 single opens, or a burst of 2, all hits
                for (int at : new int[] {1, 2}) {
                    assertThat(report)
                            .as(kind + ", " + at + " at once")
                            .containsPattern("\\| "
                                    + java.util.regex.Pattern.quote(kind) + " \\| " + at + " \\| warm \\(" + at
                                    + "\\) \\|[^\\n]*\\| 2 \\| 2 \\| 0 \\|");
                }
            }
        }
    }
}
