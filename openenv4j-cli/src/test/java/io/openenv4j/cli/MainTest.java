package io.openenv4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.spi.Environments;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void envsListsEveryBuiltInEnvironmentWithItsActionFormat() {
        CliRun run = CliRun.run("envs");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("echo").contains("bench").contains("action: {\"type\":\"call_tool\"");
    }

    @Test
    void envsListsTheWholeCatalogue() {
        CliRun run = CliRun.run("envs");
        for (var entry : Environments.load().definitions()) {
            assertThat(run.out())
                    .contains(entry.name())
                    .contains(entry.description())
                    .contains(entry.actionExample());
        }
    }

    @Test
    void versionNamesTheProtocolVersion() {
        CliRun run = CliRun.run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("openenv4j ").contains("OpenEnv HTTP API 1.0.0");
    }

    @Test
    void servingAnUnknownEnvironmentListsTheKnownOnes() {
        CliRun run = CliRun.run("serve", "nope");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown environment 'nope'").contains("echo, bench");
    }

    @Test
    void anInvalidModeIsRejectedBeforeStarting() {
        CliRun run = CliRun.run("serve", "echo", "--mode", "sideways", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--mode");
    }

    @Test
    void anInvalidPortIsAClearConfigurationError() {
        CliRun run = CliRun.run("serve", "echo", "--port", "70000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid configuration").contains("port");
    }

    @Test
    void helpDescribesServeOptions() {
        CliRun run = CliRun.run("serve", "--help");
        assertThat(run.out())
                .contains("--max-sessions")
                .contains("--mode")
                .contains("--idle-timeout")
                .contains("MAX_CONCURRENT_ENVS")
                .contains("--warm-pool")
                .contains("OPENENV_WARM_POOL")
                .contains("warm-java");
    }

    @Test
    void aNegativeWarmPoolIsAClearConfigurationError() {
        CliRun run = CliRun.run("serve", "terminal", "--warm-pool", "-1", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid configuration: --warm-pool must be 0 or more, got -1");
    }
}
