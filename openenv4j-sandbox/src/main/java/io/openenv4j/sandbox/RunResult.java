package io.openenv4j.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * What one command or snippet did in a {@link Sandbox}.
 *
 * @param stdout what it wrote to standard output, cut at the limit (UTF-8, malformed bytes replaced)
 * @param stderr what it wrote to standard error, cut at the limit
 * @param stdoutTruncated whether stdout was longer than the output limit
 * @param stderrTruncated whether stderr was longer than the output limit
 * @param exitCode the exit status (128 + n when killed by signal n; for a Python snippet 0, or 1 when it
 *     raised), or {@code -1} when there is none (timed out before finishing, or the interpreter died)
 * @param elapsed wall-clock time from sending the command to its end
 * @param timedOut whether the wall-clock limit ended it
 * @param restarted whether the interpreter had to be restarted afterwards (it was stuck or exited), losing
 *     its state; always false for one-shot commands
 */
public record RunResult(
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        int exitCode,
        Duration elapsed,
        boolean timedOut,
        boolean restarted) {

    public RunResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Whether it ran to the end and exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
