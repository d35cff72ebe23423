package io.openenv4j.envs.mcpbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.StepOptions;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.client.FakeMcpServer;
import io.openenv4j.mcp.client.McpClientOptions;
import io.openenv4j.mcp.client.McpEndpoint;
import io.openenv4j.testkit.EnvironmentContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bridge against the scripted MCP server over stdio (a separate JVM per session). */
class McpBridgeEnvironmentTest extends EnvironmentContract<ToolAction, ToolObservation, McpBridgeState> {

    private static final McpBridgeEnvironment.Target FAKE =
            McpBridgeEnvironment.Target.command(FakeMcpServer.command());

    @Override
    protected EnvSpec<ToolAction, ToolObservation, McpBridgeState> spec() {
        return McpBridgeEnvironment.spec(FAKE);
    }

    @Override
    protected List<ToolAction> script() {
        return List.of(
                ToolAction.listTools(),
                ToolAction.callTool("echo", Map.of("message", "hello")),
                ToolAction.callTool("add", Map.of("a", 2, "b", 3)));
    }

    private static McpBridgeEnvironment bridge(Termination termination, RewardPolicy reward) {
        return McpBridgeEnvironment.create(FAKE, termination, reward);
    }

    private static ToolObservation.ToolCallOutcome call(
            McpBridgeEnvironment env, String tool, Map<String, Object> args) {
        return (ToolObservation.ToolCallOutcome)
                env.step(ToolAction.callTool(tool, args)).observation();
    }

    private static Set<Long> children() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @Test
    void resetOpensASessionAndObservesTheToolList() {
        try (var env = McpBridgeEnvironment.create(FAKE)) {
            Step<ToolObservation> step = env.reset(new ResetRequest(null, "ep-1", Map.of()));
            assertThat(step.reward()).isNull();
            assertThat(step.done()).isFalse();
            assertThat(step.observation()).isInstanceOfSatisfying(ToolObservation.ToolList.class, list -> {
                assertThat(list.tools())
                        .extracting(Tool::name)
                        .startsWith("echo", "add", "fail")
                        .hasSize(14);
                assertThat(list.tools().get(0).inputSchema()).containsEntry("required", List.of("message"));
            });
            assertThat(env.state()).isEqualTo(new McpBridgeState("ep-1", 0, "fake", "2025-11-25"));
        }
    }

    @Test
    void everyResetStartsAFreshServer() {
        try (var env = McpBridgeEnvironment.create(
                FAKE.withOptions(McpClientOptions.defaults().withRequestTimeout(Duration.ofMillis(300))))) {
            env.reset(ResetRequest.empty());
            assertThat(call(env, "hang", Map.of()).error().errorType()).isEqualTo(ToolError.Kind.TIMEOUT);
            assertThat(call(env, "seen", Map.of()).result().content().get(0).text())
                    .contains("notifications/cancelled");
            env.reset(ResetRequest.empty());
            assertThat(call(env, "seen", Map.of()).result().content().get(0).text())
                    .contains("notifications/initialized")
                    .doesNotContain("cancelled");
            assertThat(env.state().stepCount()).isEqualTo(1);
        }
    }

    @Test
    void aCallObservesContentStructuredContentAndUnwrappedData() {
        try (var env = McpBridgeEnvironment.create(FAKE)) {
            env.reset(ResetRequest.empty());
            ToolResult sum = call(env, "add", Map.of("a", 2, "b", 3)).result();
            assertThat(sum.content()).containsExactly(ToolResult.Content.text("5"));
            assertThat(sum.structuredContent()).isEqualTo(Map.of("result", 5));
            assertThat(sum.meta()).isEqualTo(Map.of("fastmcp", Map.of("wrap_result", true)));
            assertThat(sum.data()).isEqualTo(5);
            assertThat(sum.isError()).isFalse();
            ToolResult echo = call(env, "echo", Map.of("message", "hi")).result();
            assertThat(echo.data()).isEqualTo(Map.of("message", "hi"));
        }
    }

    @Test
    void nonTextBlocksKeepTheirTypeAndCarryTheirJson() {
        try (var env = McpBridgeEnvironment.create(FAKE)) {
            env.reset(ResetRequest.empty());
            List<ToolResult.Content> content =
                    call(env, "blocks", Map.of()).result().content();
            assertThat(content)
                    .extracting(ToolResult.Content::type)
                    .containsExactly("text", "image", "audio", "resource_link", "resource", "widget");
            assertThat(content.get(0).annotations()).isEqualTo(Map.of("priority", 0.5));
            assertThat(content.get(1).text())
                    .isEqualTo("{\"type\":\"image\",\"data\":\"aW1n\",\"mimeType\":\"image/png\"}");
        }
    }

    @Test
    void aToolThatFailsIsAnErrorResultWithoutData() {
        try (var env = McpBridgeEnvironment.create(FAKE)) {
            env.reset(ResetRequest.empty());
            var outcome = call(env, "fail", Map.of("message", "boom"));
            assertThat(outcome.error()).isNull();
            assertThat(outcome.result().isError()).isTrue();
            assertThat(outcome.result().data()).isNull();
            assertThat(outcome.result().content().get(0).text()).isEqualTo("failed: boom");
        }
    }

    @Test
    void aToolTheServerDoesNotListIsToolNotFound() {
        try (var env = McpBridgeEnvironment.create(FAKE)) {
            env.reset(ResetRequest.empty());
            assertThat(call(env, "nope", Map.of()).error())
                    .isEqualTo(new ToolError(ToolError.Kind.TOOL_NOT_FOUND, "Unknown tool: 'nope'"));
        }
    }

    @Test
    void invalidParamsFromTheServerAreInvalidArgs() {
        try (var env = McpBridgeEnvironment.create(FAKE)) {
            env.reset(ResetRequest.empty());
            assertThat(call(env, "strict", Map.of("count", "three")).error())
                    .isEqualTo(new ToolError(ToolError.Kind.INVALID_ARGS, "Invalid params: count must be an integer"));
        }
    }

    @Test
    void theStepTimeoutBoundsTheCallAndTheEpisodeGoesOn() {
        try (var env = McpBridgeEnvironment.create(FAKE)) {
            env.reset(ResetRequest.empty());
            var step = env.step(ToolAction.callTool("hang", Map.of()), new StepOptions(Duration.ofMillis(300), null));
            assertThat(((ToolObservation.ToolCallOutcome) step.observation())
                            .error()
                            .errorType())
                    .isEqualTo(ToolError.Kind.TIMEOUT);
            assertThat(step.done()).isFalse();
            assertThat(call(env, "echo", Map.of("message", "after")).result().data())
                    .isEqualTo(Map.of("message", "after"));
        }
    }

    @Test
    void aServerThatDiesIsATransportErrorThatEndsTheEpisodeUntilReset() {
        try (var env = McpBridgeEnvironment.create(FAKE)) {
            env.reset(ResetRequest.empty());
            Step<ToolObservation> step = env.step(ToolAction.callTool("die", Map.of()));
            var outcome = (ToolObservation.ToolCallOutcome) step.observation();
            assertThat(outcome.error().errorType()).isEqualTo(ToolError.Kind.TRANSPORT_ERROR);
            assertThat(outcome.error().message()).contains("exited with code 3");
            assertThat(step.done()).isTrue();
            assertThat(call(env, "echo", Map.of("message", "x")).error().message())
                    .contains("reset");
            env.reset(ResetRequest.empty());
            assertThat(call(env, "echo", Map.of("message", "back")).error()).isNull();
        }
    }

    @Test
    void aStepBudgetEndsTheEpisode() {
        try (var env = bridge(Termination.stepBudget(2), RewardPolicy.none())) {
            env.reset(ResetRequest.empty());
            assertThat(env.step(ToolAction.listTools()).done()).isFalse();
            assertThat(env.step(ToolAction.listTools()).done()).isTrue();
        }
    }

    @Test
    void aResultPredicateEndsTheEpisode() {
        try (var env = bridge(
                Termination.whenResult(result -> Integer.valueOf(7).equals(result.data())), RewardPolicy.none())) {
            env.reset(ResetRequest.empty());
            assertThat(env.step(ToolAction.callTool("add", Map.of("a", 1, "b", 1)))
                            .done())
                    .isFalse();
            assertThat(env.step(ToolAction.callTool("add", Map.of("a", 3, "b", 4)))
                            .done())
                    .isTrue();
        }
    }

    @Test
    void successfulCallsEarnTheirReward() {
        try (var env = bridge(Termination.never(), RewardPolicy.perSuccessfulCall(1.0))) {
            env.reset(ResetRequest.empty());
            assertThat(env.step(ToolAction.callTool("echo", Map.of("message", "x")))
                            .reward())
                    .isEqualTo(1.0);
            assertThat(env.step(ToolAction.callTool("fail", Map.of("message", "x")))
                            .reward())
                    .isEqualTo(0.0);
            assertThat(env.step(ToolAction.callTool("nope", Map.of())).reward()).isEqualTo(0.0);
            assertThat(env.step(ToolAction.listTools()).reward()).isEqualTo(0.0);
        }
    }

    @Test
    void theMcpRoutesWorkWithoutAReset() throws Exception {
        try (var env = McpBridgeEnvironment.create(FAKE)) {
            assertThat(env.tools()).extracting(Tool::name).contains("echo");
            assertThat(env.callTool("add", Map.of("a", 20, "b", 22)).data()).isEqualTo(42);
            assertThatThrownBy(() -> env.callTool("nope", Map.of()))
                    .isInstanceOfSatisfying(
                            ToolCallException.class,
                            e -> assertThat(e.kind()).isEqualTo(ToolError.Kind.TOOL_NOT_FOUND));
            assertThat(env.state().stepCount()).isZero();
        }
    }

    @Test
    void closeEndsTheServerAndWhatItStarted() {
        Set<Long> before = children();
        try (var env = McpBridgeEnvironment.create(FAKE)) {
            env.reset(ResetRequest.empty());
            call(env, "spawn", Map.of());
            assertThat(children().size()).isGreaterThanOrEqualTo(before.size() + 2);
        }
        assertThat(children()).isSubsetOf(before);
    }

    @Test
    void aServerThatCannotStartFailsTheReset() {
        try (var env =
                McpBridgeEnvironment.create(McpBridgeEnvironment.Target.command(List.of("/nonexistent/server")))) {
            assertThatThrownBy(() -> env.reset(ResetRequest.empty()))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("/nonexistent/server");
            assertThat(call(env, "echo", Map.of()).error().errorType()).isEqualTo(ToolError.Kind.TRANSPORT_ERROR);
        }
    }

    @Test
    void specFromEnvironmentReadsACommandLine() {
        var spec = McpBridgeEnvironment.specFromEnvironment(Map.of(
                McpBridgeEnvironment.COMMAND_VARIABLE,
                "npx -y '@modelcontextprotocol/server-filesystem' \"/tmp/my dir\"",
                McpBridgeEnvironment.TIMEOUT_VARIABLE,
                "2.5"));
        var env = (McpBridgeEnvironment) createQuietly(spec);
        assertThat(env.target().endpoint())
                .isEqualTo(McpEndpoint.stdio("npx", "-y", "@modelcontextprotocol/server-filesystem", "/tmp/my dir"));
        assertThat(env.target().options().requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(spec.metadata().name()).isEqualTo("mcpbridge");
        assertThat(spec.metadata().description()).contains("server-filesystem");
    }

    @Test
    void specFromEnvironmentReadsAUrlAndAStepBudget() {
        var spec = McpBridgeEnvironment.specFromEnvironment(Map.of(
                McpBridgeEnvironment.URL_VARIABLE,
                "http://127.0.0.1:3001/mcp",
                McpBridgeEnvironment.MAX_STEPS_VARIABLE,
                "3"));
        var env = (McpBridgeEnvironment) createQuietly(spec);
        assertThat(env.target().endpoint()).isEqualTo(McpEndpoint.http("http://127.0.0.1:3001/mcp"));
    }

    @Test
    void specFromEnvironmentNeedsExactlyOneTarget() {
        assertThatThrownBy(() -> McpBridgeEnvironment.specFromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MCP_BRIDGE_COMMAND")
                .hasMessageContaining("MCP_BRIDGE_URL");
        assertThatThrownBy(() -> McpBridgeEnvironment.specFromEnvironment(Map.of(
                        McpBridgeEnvironment.COMMAND_VARIABLE, "x", McpBridgeEnvironment.URL_VARIABLE, "http://h/mcp")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> McpBridgeEnvironment.specFromEnvironment(
                        Map.of(McpBridgeEnvironment.URL_VARIABLE, "ftp://h/mcp")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> McpBridgeEnvironment.specFromEnvironment(Map.of(
                        McpBridgeEnvironment.COMMAND_VARIABLE, "x", McpBridgeEnvironment.MAX_STEPS_VARIABLE, "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MCP_BRIDGE_MAX_STEPS");
    }

    private static Object createQuietly(EnvSpec<?, ?, ?> spec) {
        try {
            return spec.factory().create();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
