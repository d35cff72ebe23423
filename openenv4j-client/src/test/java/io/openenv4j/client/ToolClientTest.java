package io.openenv4j.client;

import static io.openenv4j.client.FakeServer.observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolResult;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The tool client against a scripted tool environment speaking the reference echo server's frames. */
class ToolClientTest {

    private static final String TOOLS = observation(
            "{\"tools\":["
                    + "{\"name\":\"echo_message\",\"description\":\"Echo back the provided message.\",\"input_schema\":"
                    + "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"]}},"
                    + "{\"name\":\"echo_with_length\",\"description\":\"Echo and length.\",\"inputSchema\":{\"type\":\"object\"},"
                    + "\"title\":null,\"annotations\":null}]}",
            "null",
            false);

    /** Answers like the reference echo env (fastmcp result objects, snake_case). */
    private static String echoEnv(String text) {
        JsonNode frame = WireJson.parse(text);
        JsonNode data = frame.path("data");
        return switch (frame.path("type").asString()) {
            case "reset" -> observation("{}", "0.0", false);
            case "state" -> "{\"type\":\"state\",\"data\":{\"episode_id\":\"ep\",\"step_count\":2}}";
            case "step" ->
                switch (data.path("type").asString()) {
                    case "list_tools" -> TOOLS;
                    default -> call(data.path("tool_name").asString(), data.path("arguments"));
                };
            default -> null;
        };
    }

    private static String call(String tool, JsonNode arguments) {
        return switch (tool) {
            case "echo_message" ->
                observation(
                        "{\"tool_name\":\"echo_message\",\"result\":{\"content\":[{\"type\":\"text\","
                                + "\"text\":\"hello\",\"annotations\":null,\"meta\":null}],\"structured_content\":{\"result\":\"hello\"},"
                                + "\"meta\":{\"fastmcp\":{\"wrap_result\":true}},\"data\":" + arguments.path("message")
                                + ",\"is_error\":false},"
                                + "\"error\":null}",
                        "null",
                        false);
            case "no_data" ->
                observation(
                        "{\"tool_name\":\"no_data\",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"t\"}],"
                                + "\"structured_content\":{\"a\":1},\"is_error\":false},\"error\":null}",
                        "null",
                        false);
            case "failing" ->
                observation(
                        "{\"tool_name\":\"failing\",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"disk full\"}],"
                                + "\"structured_content\":null,\"meta\":null,\"data\":null,\"is_error\":true},\"error\":null}",
                        "null",
                        false);
            case "confused" -> TOOLS;
            default ->
                observation(
                        "{\"tool_name\":\"" + tool + "\",\"result\":null,\"error\":{\"error_type\":\"tool_not_found\","
                                + "\"message\":\"Unknown tool: '" + tool + "'\"}}",
                        "null",
                        false);
        };
    }

    @Test
    void listToolsSendsAListToolsStepAndAcceptsBothSchemaSpellings() throws Exception {
        try (var server = FakeServer.replying(ToolClientTest::echoEnv);
                var env = EnvClient.tools(server.baseUrl())) {
            List<Tool> tools = env.listTools();

            assertThat(server.received).containsExactly("{\"type\":\"step\",\"data\":{\"type\":\"list_tools\"}}");
            assertThat(tools).extracting(Tool::name).containsExactly("echo_message", "echo_with_length");
            assertThat(tools.get(0).inputSchema()).containsEntry("required", List.of("message"));
            assertThat(tools.get(1).inputSchema()).isEqualTo(Map.of("type", "object"));
        }
    }

    @Test
    void theToolListIsCachedUntilARefreshIsAskedFor() throws Exception {
        try (var server = FakeServer.replying(ToolClientTest::echoEnv);
                var env = EnvClient.tools(server.baseUrl())) {
            env.listTools();
            env.listTools();
            assertThat(env.tool("echo_with_length")).isPresent();
            assertThat(env.tool("nope")).isEmpty();
            assertThat(server.received).hasSize(1);

            assertThat(env.refreshTools()).extracting(Tool::name).contains("echo_with_length");
            assertThat(server.received).hasSize(2);
            env.listTools();
            assertThat(server.received).hasSize(2);
        }
    }

    @Test
    void callToolSendsACallToolStepAndReturnsTheUnwrappedData() throws Exception {
        try (var server = FakeServer.replying(ToolClientTest::echoEnv);
                var env = EnvClient.tools(server.baseUrl())) {
            Object result = env.callTool("echo_message", Map.of("message", "hi"));

            assertThat(result).isEqualTo("hi");
            assertThat(server.received)
                    .containsExactly(
                            "{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"echo_message\",\"arguments\":{\"message\":\"hi\"}}}");
        }
    }

    @Test
    void aResultWithoutDataIsReturnedWhole() throws Exception {
        try (var server = FakeServer.replying(ToolClientTest::echoEnv);
                var env = EnvClient.tools(server.baseUrl())) {
            assertThat(env.callTool("no_data", Map.of()))
                    .isInstanceOfSatisfying(
                            ToolResult.class,
                            result -> assertThat(result.structuredContent()).isEqualTo(Map.of("a", 1)));
        }
    }

    @Test
    void aToolThatReportsAFailureIsAResultNotAnException() throws Exception {
        try (var server = FakeServer.replying(ToolClientTest::echoEnv);
                var env = EnvClient.tools(server.baseUrl())) {
            assertThat(env.callTool("failing", Map.of()))
                    .isInstanceOfSatisfying(
                            ToolResult.class,
                            result -> assertThat(result.isError()).isTrue());
        }
    }

    @Test
    void aCallThatCannotBeMadeThrowsWithTheErrorKindAndTheSessionLivesOn() throws Exception {
        try (var server = FakeServer.replying(ToolClientTest::echoEnv);
                var env = EnvClient.tools(server.baseUrl())) {
            var thrown = catchThrowableOfType(ToolCallFailedException.class, () -> env.callTool("nope", Map.of()));

            assertThat(thrown.kind()).isEqualTo(ToolError.Kind.TOOL_NOT_FOUND);
            assertThat(thrown.toolName()).isEqualTo("nope");
            assertThat(thrown).hasMessage("Tool 'nope' failed: Unknown tool: 'nope' (type: tool_not_found)");
            assertThat(env.state()).containsEntry("step_count", 2);
        }
    }

    @Test
    void aCallAnsweredWithSomethingElseIsAProtocolError() throws Exception {
        try (var server = FakeServer.replying(ToolClientTest::echoEnv);
                var env = EnvClient.tools(server.baseUrl())) {
            assertThatThrownBy(() -> env.callTool("confused", Map.of())).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void closeClosesTheUnderlyingSession() throws Exception {
        try (var server = FakeServer.replying(ToolClientTest::echoEnv)) {
            var env = EnvClient.tools(server.baseUrl());
            env.reset();
            env.close();

            assertThat(server.awaitSocketClosed()).isTrue();
            assertThat(env.env().isOpen()).isFalse();
        }
    }
}
