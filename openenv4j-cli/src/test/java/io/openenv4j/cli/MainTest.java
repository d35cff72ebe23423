package io.openenv4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void envsListsEveryBuiltInEnvironmentWithItsActionFormat() {
        Run run = run("envs");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("echo").contains("bench").contains("action: {\"type\":\"call_tool\"");
    }

    @Test
    void envsListsTheWholeCatalogue() {
        Run run = run("envs");
        for (var entry : io.openenv4j.envs.Catalogue.entries()) {
            assertThat(run.out()).contains(entry.name()).contains(entry.summary()).contains(entry.actionFormat());
        }
    }

    @Test
    void versionNamesTheProtocolVersion() {
        Run run = run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("openenv4j ").contains("OpenEnv HTTP API 1.0.0");
    }

    @Test
    void servingAnUnknownEnvironmentListsTheKnownOnes() {
        Run run = run("serve", "nope");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown environment 'nope'").contains("echo, bench");
    }

    @Test
    void anInvalidModeIsRejectedBeforeStarting() {
        Run run = run("serve", "echo", "--mode", "sideways", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--mode");
    }

    @Test
    void anInvalidPortIsAClearConfigurationError() {
        Run run = run("serve", "echo", "--port", "70000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid configuration").contains("port");
    }

    @Test
    void helpDescribesServeOptions() {
        Run run = run("serve", "--help");
        assertThat(run.out()).contains("--max-sessions").contains("--mode").contains("--idle-timeout")
                .contains("MAX_CONCURRENT_ENVS").contains("--warm-pool").contains("OPENENV_WARM_POOL").contains("warm-java");
    }

    @Test
    void aNegativeWarmPoolIsAClearConfigurationError() {
        Run run = run("serve", "terminal", "--warm-pool", "-1", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid configuration: --warm-pool must be 0 or more, got -1");
    }
}
