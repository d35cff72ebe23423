package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launcher's set-up errors: clear messages and exit code 2, never a stack trace. (Serving through it is
 * scripts/init-test.sh: the generated project's Main serves and answers /health.) No provider is on this
 * module's test class path.
 */
class LauncherTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String name, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Launcher.run(
                name,
                args,
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownEnvironmentIsNamedWithTheOnesFound() {
        Run run = run("counter");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains("unknown environment 'counter'; environments found: none")
                .doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void withoutANameItNeedsExactlyOneEnvironmentOnTheClassPath() {
        Run run = run(null);

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains("name the environment to serve (first argument or OPENENV_ENV); environments found: none");
    }
}
