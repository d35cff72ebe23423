package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.spi.Environments;
import io.openenv4j.envs.apitools.ApiToolsEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The newest reference's {@code MCPToolClient} ({@code openenv} 0.5 and later: an HTTP MCP session with the
 * WebSocket attached by {@code /ws?session_id=…}) on our stateful tool environments, served with room for one
 * session: the socket and the HTTP tool calls share one environment instance and one slot.
 */
class SharedMcpSessionInteropTest {

    @BeforeAll
    static void reference() {
        PythonReference.assumeNewestAvailable();
    }

    @Test
    void theTaskChosenByASeededResetIsTheTaskTheHttpToolsActOnAndTheSessionHoldsOneSlot() throws Exception {
        long seed = 1; // not the task of seed 0, which a fresh instance starts on
        try (EnvServer server = EnvServer.create(
                        ApiToolsEnvironment.spec(), ServerConfig.ephemeral().withMaxSessions(1))
                .start()) {
            JsonNode seen = drive(server, "apitools", seed);

            var local = new ApiToolsEnvironment();
            local.reset(new ResetRequest(seed, "x", Map.of()));
            String instruction = local.state().instruction();
            assertThat(seen.at("/task_over_http/instruction").asString()).isEqualTo(instruction);
            assertThat(seen.at("/task_over_socket").toString())
                    .contains(WireJson.write(WireJson.mapper().valueToTree(instruction)));
            assertThat(seen.at("/state_over_socket/step_count").asInt()).isEqualTo(1);
            assertRefusalsAndClose(seen);
        }
    }

    @Test
    void aFileWrittenByAnHttpToolCallIsReadOverTheSocketAndTheReverse() throws Exception {
        var spec = Environments.load().find("terminal-tools").orElseThrow().spec();
        try (EnvServer server = EnvServer.create(spec, ServerConfig.ephemeral().withMaxSessions(1))
                .start()) {
            JsonNode seen = drive(server, "terminal-tools", 3);

            assertThat(seen.get("tools").toString())
                    .contains("run_command", "read_file", "write_file", "describe_task");
            assertThat(seen.get("read_over_socket").toString()).contains("one episode");
            assertThat(seen.get("read_over_http").toString())
                    .contains("one episode")
                    .contains("two");
            assertThat(seen.at("/state_over_socket/step_count").asInt()).isEqualTo(2);
            assertRefusalsAndClose(seen);
        }
    }

    private static void assertRefusalsAndClose(JsonNode seen) {
        assertThat(seen.get("session_id_is_set").asBoolean()).isTrue();
        assertThat(seen.at("/second_attach/frame/type").asString()).isEqualTo("error");
        assertThat(seen.at("/second_attach/frame/data/code").asString()).isEqualTo("SESSION_ERROR");
        assertThat(seen.at("/second_attach/frame/data/message").asString())
                .endsWith("already has an attached WebSocket");
        assertThat(seen.at("/second_attach/closed_by_server").asBoolean()).isTrue();
        assertThat(seen.at("/unknown_attach/frame/data/message").asString())
                .isEqualTo("Unknown session_id: no-such-session");
        assertThat(seen.at("/unknown_attach/frame/data/code").asString()).isEqualTo("SESSION_ERROR");
        assertThat(seen.at("/close_while_attached/result/closed").asBoolean()).isFalse();
        assertThat(seen.at("/close_while_attached/result/closing").asBoolean()).isTrue();
        assertThat(seen.at("/state_after_close_request/episode_id").isMissingNode())
                .isFalse();
        // The socket left, so the pending close happened: the id is gone.
        assertThat(seen.at("/tools_after_close/error/code").asInt()).isEqualTo(-32602);
        assertThat(seen.at("/tools_after_close/error/message").asString()).startsWith("Unknown session_id: ");
    }

    /**
     * Runs {@code shared_session.py}; while its client is attached, checks that the server holds exactly one
     * slot; after it ends, that the slot is free again.
     */
    private static JsonNode drive(EnvServer server, String env, long seed) throws Exception {
        Path err = Files.createTempFile("shared-session", ".err");
        Process process = new ProcessBuilder(List.of(
                        PythonReference.newestPython().toString(),
                        PythonReference.script("shared_session.py").toString(),
                        "--url",
                        server.baseUrl(),
                        "--env",
                        env,
                        "--seed",
                        String.valueOf(seed)))
                .redirectError(err.toFile())
                .start();
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var in = process.getOutputStream()) {
            String attached = out.readLine();
            assertThat(attached).as(() -> read(err)).isNotNull().startsWith("{\"attached\"");
            assertThat(server.activeSessions())
                    .as("slots held by one attached MCPToolClient")
                    .isEqualTo(1);
            in.write('\n');
            in.flush();
            String transcript = out.readLine();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(() -> read(err)).isZero();
            awaitNoSessions(server);
            return WireJson.parse(transcript);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void awaitNoSessions(EnvServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.activeSessions() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.activeSessions()).as("slots after the client closed").isZero();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
