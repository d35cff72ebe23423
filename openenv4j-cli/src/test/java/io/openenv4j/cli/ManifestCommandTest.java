package io.openenv4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.spi.Environments;
import io.openenv4j.envs.mcpbridge.McpBridgeEnvironment;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code openenv4j manifest}: the openenv.yaml manifests of the built-ins, and the committed copies in envs-manifests/. */
class ManifestCommandTest {

    /** The committed manifests, at the repository root. */
    private static final Path COMMITTED =
            Path.of(System.getProperty("openenv4j.root", "..")).resolve("envs-manifests");

    @Test
    void theCommittedManifestsAreExactlyWhatTheCommandWrites(@TempDir Path dir) throws Exception {
        assertThat(CliRun.run("manifest", "--output", dir.toString()).exitCode())
                .isZero();
        try (Stream<Path> written = Files.list(dir);
                Stream<Path> committed = Files.list(COMMITTED)) {
            assertThat(committed
                            .map(path -> path.getFileName().toString())
                            .sorted()
                            .toList())
                    .as("run `./openenv4j manifest --output envs-manifests` after changing an environment")
                    .isEqualTo(written.map(path -> path.getFileName().toString())
                            .sorted()
                            .toList());
        }
        for (var entry : Environments.load().definitions()) {
            if (entry.name().equals(McpBridgeEnvironment.NAME)) {
                continue;
            }
            assertThat(Files.readString(COMMITTED.resolve(entry.name()).resolve("openenv.yaml")))
                    .as(
                            "envs-manifests/%s/openenv.yaml: run `./openenv4j manifest --output envs-manifests`",
                            entry.name())
                    .isEqualTo(Files.readString(dir.resolve(entry.name()).resolve("openenv.yaml")));
        }
    }

    @Test
    void aManifestDeclaresTheEnvironmentsTasksAndItsRewardRange() throws Exception {
        CliRun run = CliRun.run("manifest", "qa");
        assertThat(run.exitCode()).isZero();
        JsonNode qa = WireJson.parse(WireJson.write(WireJson.toPlain(new YAMLMapper().readTree(run.out()))));
        assertThat(qa.get("name").asString()).isEqualTo("qa");
        JsonNode validation = qa.get("validation");
        assertThat(validation.get("capabilities").get("task_api").asBoolean()).isTrue();
        assertThat(validation.get("capabilities").get("declared_task_count").toString())
                .isEqualTo("{\"train\":200,\"test\":50}");
        assertThat(validation.get("reward").get("range").toString()).isEqualTo("[0.0,1.0]");
        assertThat(validation.get("capabilities").get("verifier").get("kind").asString())
                .isEqualTo("reward_channel");

        JsonNode chess = WireJson.parse(WireJson.write(WireJson.toPlain(
                new YAMLMapper().readTree(CliRun.run("manifest", "chess").out()))));
        assertThat(chess.get("validation").get("reward").get("range").toString())
                .isEqualTo("[-1.0,1.0]");
        assertThat(chess.get("validation").get("capabilities").get("task_api").asBoolean())
                .isFalse();
    }

    @Test
    void anUnknownEnvironmentOrNoneIsAClearError() {
        CliRun unknown = CliRun.run("manifest", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown environment 'nope'");
        assertThat(CliRun.run("manifest").err()).contains("name an environment, or give --output for all");
    }
}
