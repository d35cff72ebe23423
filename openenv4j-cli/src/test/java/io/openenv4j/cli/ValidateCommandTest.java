package io.openenv4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.envs.gridworld.GridWorldEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void validatingABuiltInEnvironmentPassesAndWritesBothReports(@TempDir Path dir) throws Exception {
        Run run = run(
                "validate",
                "gridworld",
                "--episodes",
                "8",
                "--json",
                dir.resolve("r.json").toString(),
                "--html",
                dir.resolve("r.html").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("PASSED gridworld");
        assertThat(run.err()).contains("semantic.oracle_max_reward").contains("protocol.ws.invalid_json");
        assertThat(Files.readString(dir.resolve("r.json"))).contains("\"schema\" : \"openenv4j.validate/1\"");
        assertThat(Files.readString(dir.resolve("r.html"))).contains("<svg").contains("runtime.seed_determinism");
    }

    @Test
    void validatingTheTerminalAsUsersGetItPasses(@TempDir Path dir) throws Exception {
        Run run = run(
                "validate",
                "terminal",
                "--episodes",
                "4",
                "--resource-episodes",
                "8",
                "--json",
                dir.resolve("r.json").toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("PASSED terminal");
        var report = io.openenv4j.wire.WireJson.parse(Files.readString(dir.resolve("r.json")));
        for (var check : report.path("checks")) {
            if (check.path("id").asString().equals("runtime.seed_determinism")) {
                assertThat(check.path("status").asString()).as(check.toString()).isEqualTo("passed");
            }
        }
    }

    @Test
    void validatingAServerByUrlRunsTheWireChecks() throws Exception {
        try (EnvServer server = EnvServer.create(GridWorldEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            Run run = run("validate", server.baseUrl(), "--json", "-", "--quiet", "--max-sessions", "1024");
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("\"id\" : \"protocol.ws.close\"").contains("\"status\" : \"skipped\"");
        }
    }

    @Test
    void anUnknownNameIsAnUnsupportedTarget() {
        Run run = run("validate", "no-such-env");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unsupported target");
    }

    @Test
    void anUnreachableUrlIsAnUnsupportedTarget() {
        Run run = run("validate", "http://127.0.0.1:1", "--quiet");
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void aUrlTargetPlaysTheBuiltInOracleItNamesOverTheWire() throws Exception {
        try (EnvServer server = EnvServer.create(GridWorldEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            Run run = run(
                    "validate",
                    server.baseUrl(),
                    "--oracle",
                    "gridworld",
                    "--episodes",
                    "6",
                    "--resource-episodes",
                    "8",
                    "--step-timeout",
                    "10",
                    "--json",
                    "-",
                    "--quiet");
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            var report = io.openenv4j.wire.WireJson.parse(
                    run.out().substring(0, run.out().lastIndexOf('}') + 1));
            for (var check : report.path("checks")) {
                if (check.path("id").asString().equals("semantic.oracle_max_reward")
                        || check.path("id").asString().equals("semantic.noop_floor")) {
                    assertThat(check.path("status").asString())
                            .as(check.toString())
                            .isEqualTo("passed");
                }
            }
        }
    }

    @Test
    void anUnreadableOracleScriptIsAnUnsupportedTarget(@TempDir Path dir) throws Exception {
        try (EnvServer server = EnvServer.create(GridWorldEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            Run run = run(
                    "validate",
                    server.baseUrl(),
                    "--oracle",
                    dir.resolve("missing.json").toString(),
                    "--quiet");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("Unsupported oracle").contains("missing.json");
        }
    }
}
