package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.client.EnvClient;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.envs.mcpbridge.McpBridgeEnvironment;
import io.openenv4j.envs.mcpbridge.RewardPolicy;
import io.openenv4j.envs.mcpbridge.Termination;
import io.openenv4j.mcp.client.McpEndpoint;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP bridge environment over the npm reference servers, in process and served over HTTP/WebSocket. */
class McpBridgeInteropTest {

    @TempDir
    Path root;

    @BeforeEach
    void serversAreInstalled() {
        McpServers.assumeAvailable();
    }

    private static Set<Long> children() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static McpBridgeEnvironment.Target target(McpEndpoint endpoint) {
        return new McpBridgeEnvironment.Target(endpoint, io.openenv4j.mcp.client.McpClientOptions.defaults());
    }

    private static ToolObservation.ToolCallOutcome call(
            McpBridgeEnvironment env, String tool, Map<String, Object> args) {
        return (ToolObservation.ToolCallOutcome)
                env.step(ToolAction.callTool(tool, args)).observation();
    }

    @Test
    void anEpisodeOnServerEverythingListsCallsAndEndsOnItsBudget() {
        Set<Long> before = children();
        try (var env = McpBridgeEnvironment.create(
                target(McpServers.everything()), Termination.stepBudget(4), RewardPolicy.perSuccessfulCall(1.0))) {
            Step<ToolObservation> reset = env.reset(new ResetRequest(null, "everything-1", Map.of()));
            assertThat(((ToolObservation.ToolList) reset.observation()).tools())
                    .extracting(Tool::name)
                    .contains("echo", "get-sum");
            assertThat(env.state().serverName()).isEqualTo("mcp-servers/everything");

            Step<ToolObservation> echo = env.step(ToolAction.callTool("echo", Map.of("message", "hi")));
            ToolResult result = ((ToolObservation.ToolCallOutcome) echo.observation()).result();
            assertThat(result.content()).containsExactly(ToolResult.Content.text("Echo: hi"));
            assertThat(echo.reward()).isEqualTo(1.0);

            ToolResult weather = call(env, "get-structured-content", Map.of("location", "New York"))
                    .result();
            assertThat(weather.structuredContent()).containsKey("temperature");
            assertThat(weather.data()).isEqualTo(weather.structuredContent());

            Step<ToolObservation> invalid = env.step(ToolAction.callTool("get-sum", Map.of("a", "x")));
            assertThat(((ToolObservation.ToolCallOutcome) invalid.observation())
                            .result()
                            .isError())
                    .isTrue();
            assertThat(invalid.reward()).isEqualTo(0.0);

            Step<ToolObservation> last = env.step(ToolAction.listTools());
            assertThat(last.done()).isTrue();
            assertThat(env.state().stepCount()).isEqualTo(4);
            assertThat(children()).hasSizeGreaterThan(before.size());
        }
        assertThat(children()).isSubsetOf(before);
    }

    @Test
    void unknownToolsAreToolNotFoundAndTimeoutsAreTimeouts() {
        var target = target(McpServers.everything());
        try (var env = McpBridgeEnvironment.create(
                target.withOptions(target.options().withRequestTimeout(Duration.ofMillis(500))))) {
            env.reset(ResetRequest.empty());
            assertThat(call(env, "no-such-tool", Map.of()).error())
                    .isEqualTo(new ToolError(ToolError.Kind.TOOL_NOT_FOUND, "Unknown tool: 'no-such-tool'"));
            assertThat(call(env, "trigger-long-running-operation", Map.of("duration", 5, "steps", 1))
                            .error()
                            .errorType())
                    .isEqualTo(ToolError.Kind.TIMEOUT);
            assertThat(call(env, "echo", Map.of("message", "still"))
                            .result()
                            .content()
                            .get(0)
                            .text())
                    .isEqualTo("Echo: still");
        }
    }

    @Test
    void imagesKeepTheirTypeAndTheirData() {
        try (var env = McpBridgeEnvironment.create(target(McpServers.everything()))) {
            env.reset(ResetRequest.empty());
            List<ToolResult.Content> content =
                    call(env, "get-tiny-image", Map.of()).result().content();
            assertThat(content).extracting(ToolResult.Content::type).contains("image");
            assertThat(content.stream()
                            .filter(c -> c.type().equals("image"))
                            .findFirst()
                            .orElseThrow()
                            .text())
                    .contains("\"mimeType\":\"image/png\"")
                    .contains("\"data\":\"iVBOR");
        }
    }

    @Test
    void resetsThroughNpxStartFreshProcessTreesAndLeaveNoneBehind() {
        Set<Long> before = children();
        try (var env = McpBridgeEnvironment.create(target(McpServers.everythingThroughNpx()))) {
            env.reset(ResetRequest.empty());
            Set<Long> first = children();
            assertThat(first.size()).as("npx, its shell and node").isGreaterThanOrEqualTo(before.size() + 2);
            env.reset(ResetRequest.empty());
            assertThat(children())
                    .doesNotContainAnyElementsOf(
                            first.stream().filter(pid -> !before.contains(pid)).toList());
            assertThat(call(env, "echo", Map.of("message", "npx"))
                            .result()
                            .content()
                            .get(0)
                            .text())
                    .isEqualTo("Echo: npx");
        }
        assertThat(children()).isSubsetOf(before);
    }

    @Test
    void anEpisodeOnServerFilesystemWritesAndReadsInItsRoot() throws Exception {
        Path dir = root.toRealPath();
        Set<Long> before = children();
        try (var env = McpBridgeEnvironment.create(
                target(McpServers.filesystem(dir)),
                Termination.whenResult(r -> r.content().stream().anyMatch(c -> "done".equals(c.text()))),
                RewardPolicy.none())) {
            env.reset(ResetRequest.empty());
            assertThat(env.tools()).extracting(Tool::name).contains("write_file", "read_text_file");
            var written = env.step(ToolAction.callTool(
                    "write_file", Map.of("path", dir.resolve("a.txt").toString(), "content", "done")));
            assertThat(written.done()).isFalse();
            var read = env.step(ToolAction.callTool(
                    "read_text_file", Map.of("path", dir.resolve("a.txt").toString())));
            assertThat(((ToolObservation.ToolCallOutcome) read.observation())
                            .result()
                            .data())
                    .isEqualTo(Map.of("content", "done"));
            assertThat(read.done()).isTrue();
            assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("done");
            assertThat(call(env, "read_text_file", Map.of("path", "/etc/hostname"))
                            .result()
                            .isError())
                    .isTrue();
        }
        assertThat(children()).isSubsetOf(before);
    }

    @Test
    void aUrlTargetBridgesServerEverythingOverStreamableHttp() throws Exception {
        try (var server = McpServers.everythingOverHttp();
                var env = McpBridgeEnvironment.create(McpBridgeEnvironment.Target.url(server.url()))) {
            env.reset(ResetRequest.empty());
            assertThat(call(env, "get-sum", Map.of("a", 1, "b", 2))
                            .result()
                            .content()
                            .get(0)
                            .text())
                    .contains("3");
            env.reset(ResetRequest.empty());
            assertThat(env.state().protocolVersion()).isEqualTo("2025-11-25");
        }
    }

    @Test
    void theJavaClientPlaysABridgedEpisodeServedFromEnvironmentVariables() throws Exception {
        String command = "node '" + McpServers.bin("mcp-server-everything") + "' stdio";
        var spec = McpBridgeEnvironment.specFromEnvironment(
                Map.of(McpBridgeEnvironment.COMMAND_VARIABLE, command, McpBridgeEnvironment.MAX_STEPS_VARIABLE, "2"));
        Set<Long> before = children();
        try (EnvServer server = EnvServer.create(spec, ServerConfig.ephemeral()).start()) {
            try (var env = EnvClient.tools(server.baseUrl())) {
                Step<ToolObservation> reset = env.reset();
                assertThat(((ToolObservation.ToolList) reset.observation()).tools())
                        .extracting(Tool::name)
                        .contains("echo");
                assertThat(env.callTool("get-structured-content", Map.of("location", "Chicago")))
                        .isInstanceOfSatisfying(
                                Map.class,
                                data -> assertThat(data.containsKey("humidity")).isTrue());
                Step<ToolObservation> second = env.env().step(ToolAction.callTool("echo", Map.of("message", "ws")));
                assertThat(second.done()).isTrue();
                assertThat(env.state()).containsEntry("server_name", "mcp-servers/everything");
            }
        }
        assertThat(children()).isSubsetOf(before);
    }
}
