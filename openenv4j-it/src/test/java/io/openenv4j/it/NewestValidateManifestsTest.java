package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.spi.Environments;
import io.openenv4j.envs.mcpbridge.McpBridgeEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The newest reference's {@code openenv validate} passes on every built-in: on its generated manifest
 * ({@code envs-manifests/<env>/openenv.yaml}, static level, no image build) and on the environment served by us
 * ({@code --url}). One server per environment, all validated by one Python process ({@code validate_manifests.py}).
 */
class NewestValidateManifestsTest {

    private static final Path MANIFESTS =
            Path.of(System.getProperty("openenv4j.root", "..")).resolve("envs-manifests");

    @BeforeAll
    static void reference() {
        PythonReference.assumeNewestAvailable();
    }

    @Test
    void everyBuiltInPassesOnItsManifestAndOverItsUrl() throws Exception {
        var servers = new ArrayList<EnvServer>();
        try {
            var command = new ArrayList<>(List.of(
                    PythonReference.newestPython().toString(),
                    PythonReference.script("validate_manifests.py").toString()));
            var names = new ArrayList<String>();
            for (var entry : Environments.load().definitions()) {
                if (entry.name().equals(McpBridgeEnvironment.NAME)) {
                    continue; // configured by its variables: no fixed manifest (docs/protocol.md)
                }
                Path dir = MANIFESTS.resolve(entry.name()).toAbsolutePath();
                assertThat(dir.resolve("openenv.yaml")).exists();
                EnvServer server =
                        EnvServer.create(entry.spec(), ServerConfig.ephemeral()).start();
                servers.add(server);
                names.add(dir.toString());
                command.add(dir + "=" + server.baseUrl());
            }
            var run = PythonReference.run(command, 600);
            assertThat(run.exitCode()).as(run.error()).isZero();
            JsonNode results = WireJson.parse(run.output());
            assertThat(results.size()).isEqualTo(names.size());
            for (String name : names) {
                JsonNode manifest = results.get(name).get("manifest");
                assertThat(manifest.get("exit_code").asInt())
                        .as("%s manifest: %s", name, manifest)
                        .isZero();
                assertThat(manifest.get("report").get("verdict").asString())
                        .as(name)
                        .isEqualTo("pass");
                assertThat(manifest.get("report")
                                .get("results")
                                .valueStream()
                                .map(result -> result.get("check_id").asString() + "="
                                        + result.get("status").asString())
                                .toList())
                        .as(name)
                        .contains("static.manifest=pass");
                JsonNode url = results.get(name).get("url");
                assertThat(url.get("exit_code").asInt())
                        .as("%s --url: %s", name, url)
                        .isZero();
                assertThat(url.get("report").get("passed").asBoolean()).as(name).isTrue();
            }
        } finally {
            servers.forEach(EnvServer::close);
        }
    }
}
