package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openenv4j.envs.echo.EchoEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerAccess;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The unmodified reference clients drive a server that requires an access token: {@code openenv} 0.10.0
 * with its {@code headers=} argument, {@code openenv-core} 0.3.0 (which has none) with the token as the
 * password of the base URL. Without the token they are refused.
 */
class AuthInteropTest {

    private static final String TOKEN = "interop-token-0123456789abcdef";

    @Test
    void openenvCore030PassesTheTokenInTheUrl() throws Exception {
        PythonReference.assumeAvailable();
        assertDrives(PythonReference.python(), "url");
    }

    @Test
    void openenv0100PassesTheTokenWithItsHeadersArgument() throws Exception {
        PythonReference.assumeAvailable();
        Path python = Path.of(System.getProperty("openenv4j.python.openenv", "target/pyref-openenv/bin/python"));
        assumeTrue(Files.isExecutable(python), "no openenv 0.10.0 virtual environment at " + python);
        assertDrives(python, "headers");
        assertDrives(python, "url");
    }

    @Test
    void theJavaClientsSendTheTokenFromTheirOptions() throws Exception {
        var config = ServerConfig.ephemeral().withAccess(ServerAccess.open().withToken(TOKEN));
        try (var server = EnvServer.create(EchoEnvironment.spec(), config).start()) {
            var options = io.openenv4j.client.ClientOptions.defaults().withAccessToken(TOKEN);
            try (var tools = io.openenv4j.client.EnvClient.tools(server.baseUrl(), options)) {
                assertThat(tools.callTool("echo_message", java.util.Map.of("message", "hi"))
                                .toString())
                        .contains("hi");
            }
            var http = io.openenv4j.client.EnvHttpClient.create(
                    server.baseUrl(), java.util.Map.class, java.util.Map.class, java.util.Map.class, options);
            assertThat(http.health()).isNotNull();
            assertThat(http.reset()).isNotNull();
            assertThat(options.toString()).doesNotContain(TOKEN);

            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> io.openenv4j.client.EnvClient.generic(server.baseUrl()))
                    .isInstanceOf(io.openenv4j.client.TransportException.class)
                    .hasMessageContaining("401");
        }
    }

    private static void assertDrives(Path python, String style) throws Exception {
        var config = ServerConfig.ephemeral().withAccess(ServerAccess.open().withToken(TOKEN));
        try (var server = EnvServer.create(EchoEnvironment.spec(), config).start()) {
            PythonReference.Result result = PythonReference.run(
                    List.of(
                            python.toString(),
                            PythonReference.script("auth_client.py").toString(),
                            "--url",
                            server.baseUrl(),
                            "--token",
                            TOKEN,
                            "--style",
                            style),
                    180);
            assertThat(result.exitCode()).as(result.output() + result.error()).isZero();
            JsonNode out = WireJson.parse(result.output());

            assertThat(out.path("anonymous").asString())
                    .as("without the token")
                    .startsWith("refused")
                    .contains("401");
            assertThat(out.path("state_episode_id").asString()).isEqualTo("auth-1");
            assertThat(out.path("step_observation").toString()).contains("hi");
            assertThat(out.path("tools").toString()).contains("echo_message").contains("echo_with_length");
            assertThat(out.path("echo").asString()).contains("over MCP");
            assertThat(result.output() + result.error())
                    .as("the token is never printed by the server's answers")
                    .doesNotContain("Bearer " + TOKEN + "\"");
        }
    }
}
