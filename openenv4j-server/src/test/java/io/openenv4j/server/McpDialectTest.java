package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.wire.WireJson;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OpenEnv's MCP dialect on {@code POST /mcp}, {@code WS /mcp} and {@code mcp} frames inside {@code /ws}. */
class McpDialectTest {

    private final Lifecycle lifecycle = new Lifecycle();
    private EnvServer server;

    @BeforeEach
    void start() throws Exception {
        server = EnvServer.create(
                        CalculatorEnvironment.spec(lifecycle),
                        ServerConfig.ephemeral().withMaxSessions(2))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void emptyObjectIsAnInvalidRequestWithNullId() throws Exception {
        var reply = HttpPeer.post(server, "/mcp", "{}");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("jsonrpc").stringValue()).isEqualTo("2.0");
        assertThat(body.get("id").isNull()).isTrue();
        assertThat(body.has("result")).isFalse();
        assertThat(body.get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(body.get("error").has("data")).isTrue();
    }

    @Test
    void malformedBodyIsAParseError() throws Exception {
        var reply = HttpPeer.post(server, "/mcp", "{\"jsonrpc\":");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("error").get("code").asInt()).isEqualTo(-32700);
        assertThat(reply.json().get("id").isNull()).isTrue();
    }

    @Test
    void batchArrayIsAParseError() throws Exception {
        var reply = HttpPeer.post(server, "/mcp", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("error").get("code").asInt()).isEqualTo(-32700);
    }

    @Test
    void requestWithFloatIdIsInvalid() throws Exception {
        JsonNode body = rpc("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}");

        assertThat(body.get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(body.get("id").isNull()).isTrue();
    }

    @Test
    void unknownMethodIsMethodNotFound() throws Exception {
        JsonNode body = rpc("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"x\"}");

        assertThat(body.get("id").stringValue()).isEqualTo("abc");
        assertThat(body.get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(body.get("error").get("message").stringValue()).isEqualTo("Method not found: x");
    }

    @Test
    void requestWithoutIdIsAnsweredWithNullId() throws Exception {
        JsonNode body = rpc("{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\"}");

        assertThat(body.get("id").isNull()).isTrue();
        assertThat(body.get("result").get("tools").isArray()).isTrue();
    }

    @Test
    void toolsListDescribesEveryTool() throws Exception {
        JsonNode body = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}");

        assertThat(body.get("id").asInt()).isEqualTo(1);
        JsonNode tools = body.get("result").get("tools");
        assertThat(tools.size()).isEqualTo(3);
        JsonNode add = tools.get(0);
        assertThat(add.propertyNames()).contains("name", "description", "input_schema");
        assertThat(add.get("name").stringValue()).isEqualTo("add");
        assertThat(add.get("description").stringValue()).isEqualTo("Adds two integers.");
        assertThat(add.get("input_schema").get("required").size()).isEqualTo(2);
    }

    @Test
    void toolsCallReturnsContentStructuredContentAndData() throws Exception {
        JsonNode body = rpc(call(7, "add", "{\"a\":2,\"b\":3}", null));

        assertThat(body.get("id").asInt()).isEqualTo(7);
        JsonNode result = body.get("result");
        assertThat(result.get("content").get(0).get("type").stringValue()).isEqualTo("text");
        assertThat(result.get("content").get(0).get("text").stringValue()).isEqualTo("5");
        assertThat(result.get("structured_content").get("result").asInt()).isEqualTo(5);
        assertThat(result.get("data").asInt()).isEqualTo(5);
        assertThat(result.get("is_error").asBoolean()).isFalse();
    }

    @Test
    void failingToolIsAnInternalErrorAsInTheReference() throws Exception {
        JsonNode body = rpc(call(1, "explode", "{}", null));

        assertThat(body.has("result")).isFalse();
        assertThat(body.get("error").get("code").asInt()).isEqualTo(-32603);
        assertThat(body.get("error").get("message").stringValue()).isEqualTo("Error calling tool 'explode': kaboom");
    }

    @Test
    void unknownToolIsAnInternalError() throws Exception {
        JsonNode body = rpc(call(1, "nope", "{}", null));

        assertThat(body.get("error").get("code").asInt()).isEqualTo(-32603);
        assertThat(body.get("error").get("message").stringValue()).isEqualTo("Unknown tool: 'nope'");
    }

    @Test
    void invalidToolArgumentsAreAnInternalError() throws Exception {
        JsonNode body = rpc(call(1, "add", "{\"a\":\"two\"}", null));

        assertThat(body.get("error").get("code").asInt()).isEqualTo(-32603);
        assertThat(body.get("error").get("message").stringValue()).contains("'b'");
    }

    @Test
    void toolsCallWithoutNameIsInvalidParams() throws Exception {
        JsonNode body = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}");

        assertThat(body.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(body.get("error").get("message").stringValue()).isEqualTo("Missing 'name' in params");
    }

    @Test
    void environmentWithoutToolsDoesNotSupportMcp() throws Exception {
        try (var counter = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            JsonNode list = HttpPeer.post(counter, "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                    .json();
            JsonNode callTool =
                    HttpPeer.post(counter, "/mcp", call(2, "add", "{}", null)).json();
            JsonNode create = HttpPeer.post(
                            counter, "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"openenv/session/create\"}")
                    .json();

            assertThat(list.get("error").get("code").asInt()).isEqualTo(-32603);
            assertThat(list.get("error").get("message").stringValue()).isEqualTo("Environment does not support MCP");
            assertThat(callTool.get("error").get("message").stringValue())
                    .isEqualTo("Environment does not support MCP");
            assertThat(create.get("result").get("session_id").isString())
                    .as("sessions work for any env")
                    .isTrue();
        }
    }

    @Test
    void sessionCreateReportsAFailingFactoryAndKeepsNoSlot() throws Exception {
        try (var broken = EnvServer.create(CounterEnvironment.brokenFactorySpec(), ServerConfig.ephemeral())
                .start()) {
            JsonNode body = HttpPeer.post(
                            broken, "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"openenv/session/create\"}")
                    .json();

            assertThat(body.get("error").get("code").asInt()).isEqualTo(-32000);
            assertThat(body.get("error").get("data").get("factory_name").stringValue())
                    .isEqualTo("broken");
            assertThat(broken.activeSessions()).isZero();
        }
    }

    @Test
    void callsWithoutSessionUseAThrowAwayInstance() throws Exception {
        assertThat(rpc(call(1, "tally", "{}", null)).get("result").get("data").asInt())
                .isEqualTo(1);
        assertThat(rpc(call(2, "tally", "{}", null)).get("result").get("data").asInt())
                .isEqualTo(1);

        lifecycle.awaitClosed(2, Duration.ofSeconds(2));
        assertThat(server.activeSessions()).isZero();
    }

    @Test
    void sessionCreatedOverHttpKeepsItsInstanceUntilClosed() throws Exception {
        String session = createSession();
        assertThat(server.activeSessions()).isEqualTo(1);

        assertThat(rpc(call(2, "tally", "{}", session))
                        .get("result")
                        .get("data")
                        .asInt())
                .isEqualTo(1);
        assertThat(rpc(call(3, "tally", "{}", session))
                        .get("result")
                        .get("data")
                        .asInt())
                .isEqualTo(2);
        JsonNode listed = rpc("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\",\"params\":{\"session_id\":\""
                + session + "\"}}");
        assertThat(listed.get("result").get("tools").size()).isEqualTo(3);

        JsonNode closed = rpc(closeSession(5, session));
        assertThat(closed.get("result").get("session_id").stringValue()).isEqualTo(session);
        assertThat(closed.get("result").get("closed").asBoolean()).isTrue();
        lifecycle.awaitClosed(1, Duration.ofSeconds(2));
        Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));

        JsonNode after = rpc(call(6, "tally", "{}", session));
        assertThat(after.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(after.get("error").get("message").stringValue()).isEqualTo("Unknown session_id: " + session);
    }

    @Test
    void httpSessionsCountAgainstCapacity() throws Exception {
        String first = createSession();
        String second = createSession();

        JsonNode refused = rpc("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"openenv/session/create\"}");
        assertThat(refused.get("error").get("code").asInt()).isEqualTo(-32000);
        assertThat(refused.get("error").get("data").get("active_sessions").asInt())
                .isEqualTo(2);
        assertThat(refused.get("error").get("data").get("max_sessions").asInt()).isEqualTo(2);
        try (var socket = SocketPeer.open(server, "/ws")) {
            assertThat(socket.next().get("data").get("code").stringValue()).isEqualTo("CAPACITY_REACHED");
        }

        rpc(closeSession(10, first));
        Eventually.until(() -> server.activeSessions() == 1, Duration.ofSeconds(2));
        try (var socket = SocketPeer.open(server, "/ws")) {
            assertThat(socket.call("{\"type\":\"state\"}").get("type").stringValue())
                    .isEqualTo("state");
        }
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void unknownSessionIdIsInvalidParams() throws Exception {
        JsonNode callTool = rpc(call(1, "tally", "{}", "no-such-session"));
        JsonNode close = rpc(closeSession(2, "no-such-session"));
        JsonNode closeWithoutId =
                rpc("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"openenv/session/close\",\"params\":{}}");

        assertThat(callTool.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(callTool.get("error").get("message").stringValue()).isEqualTo("Unknown session_id: no-such-session");
        assertThat(close.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(closeWithoutId.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(closeWithoutId.get("error").get("message").stringValue())
                .isEqualTo("Invalid params - 'session_id' is required");
    }

    @Test
    void idleHttpSessionIsReaped() throws Exception {
        try (var reaping = EnvServer.create(
                        CalculatorEnvironment.spec(new Lifecycle()),
                        ServerConfig.ephemeral().withIdleTimeout(Duration.ofMillis(300)))
                .start()) {
            String session = HttpPeer.post(
                            reaping, "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"openenv/session/create\"}")
                    .json()
                    .get("result")
                    .get("session_id")
                    .stringValue();
            assertThat(reaping.activeSessions()).isEqualTo(1);

            Eventually.until(() -> reaping.activeSessions() == 0, Duration.ofSeconds(3));
            JsonNode after = HttpPeer.post(reaping, "/mcp", call(2, "tally", "{}", session))
                    .json();
            assertThat(after.get("error").get("code").asInt()).isEqualTo(-32602);
        }
    }

    @Test
    void mcpFramesInsideWsAreBoundToThatSession() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode first = socket.call("{\"type\":\"mcp\",\"data\":" + call(1, "tally", "{}", null) + "}");
            JsonNode second = socket.call("{\"type\":\"mcp\",\"data\":" + call(2, "tally", "{}", "ignored-id") + "}");
            JsonNode viaStep = socket.call(
                    "{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"tally\",\"arguments\":{}}}");

            assertThat(first.get("type").stringValue()).isEqualTo("mcp");
            assertThat(first.get("data").get("id").asInt()).isEqualTo(1);
            assertThat(first.get("data").get("result").get("data").asInt()).isEqualTo(1);
            assertThat(second.get("data").get("result").get("data").asInt()).isEqualTo(2);
            assertThat(viaStep.get("data")
                            .get("observation")
                            .get("result")
                            .get("data")
                            .asInt())
                    .isEqualTo(3);
            JsonNode state = socket.call("{\"type\":\"state\"}").get("data");
            assertThat(state.get("step_count").asLong())
                    .as("MCP calls are not steps")
                    .isEqualTo(1);
        }
    }

    @Test
    void wsSessionCannotCloseItselfThroughMcp() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode created = socket.call(
                    "{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"openenv/session/create\"}}");
            String own = created.get("data").get("result").get("session_id").stringValue();
            JsonNode again = socket.call(
                    "{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"openenv/session/create\"}}");
            assertThat(again.get("data").get("result").get("session_id").stringValue())
                    .as("idempotent")
                    .isEqualTo(own);

            JsonNode refused = socket.call("{\"type\":\"mcp\",\"data\":" + closeSession(3, own) + "}");

            assertThat(refused.get("data").get("error").get("code").asInt()).isEqualTo(-32600);
            assertThat(refused.get("data").get("error").get("message").stringValue())
                    .isEqualTo("Cannot close active WebSocket-managed session via MCP method");
            assertThat(socket.call("{\"type\":\"state\"}").get("type").stringValue())
                    .isEqualTo("state");
            assertThat(server.activeSessions()).isEqualTo(1);
        }
    }

    @Test
    void wsSessionMayCloseAnHttpSession() throws Exception {
        String httpSession = createSession();
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode closed = socket.call("{\"type\":\"mcp\",\"data\":" + closeSession(1, httpSession) + "}");

            assertThat(closed.get("data").get("result").get("closed").asBoolean())
                    .isTrue();
            Eventually.until(() -> server.activeSessions() == 1, Duration.ofSeconds(2));
        }
    }

    @Test
    void invalidJsonRpcInsideAnMcpFrameIsAnMcpError() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode invalid = socket.call("{\"type\":\"mcp\",\"data\":{\"method\":\"tools/list\"}}");
            JsonNode missing = socket.call("{\"type\":\"mcp\"}");

            assertThat(invalid.get("type").stringValue()).isEqualTo("mcp");
            assertThat(invalid.get("data").get("error").get("code").asInt()).isEqualTo(-32600);
            assertThat(missing.get("type").stringValue()).isEqualTo("error");
            assertThat(missing.get("data").get("code").stringValue()).isEqualTo("VALIDATION_ERROR");
        }
    }

    @Test
    void toolActionsThroughStepReturnToolObservations() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode reset = socket.call("{\"type\":\"reset\"}");
            JsonNode list = socket.call("{\"type\":\"step\",\"data\":{\"type\":\"list_tools\"}}");
            JsonNode add = socket.call(
                    "{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"add\",\"arguments\":{\"a\":1,\"b\":1}}}");
            JsonNode unknown =
                    socket.call("{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"nope\"}}");

            assertThat(WireJson.write(reset.get("data").get("observation"))).isEqualTo("{\"metadata\":{}}");
            assertThat(list.get("data")
                            .get("observation")
                            .get("tools")
                            .get(0)
                            .get("name")
                            .stringValue())
                    .isEqualTo("add");
            JsonNode outcome = add.get("data").get("observation");
            assertThat(outcome.get("tool_name").stringValue()).isEqualTo("add");
            assertThat(outcome.get("result").get("data").asInt()).isEqualTo(2);
            assertThat(outcome.get("error").isNull()).isTrue();
            JsonNode failure = unknown.get("data").get("observation");
            assertThat(failure.get("result").isNull()).isTrue();
            assertThat(failure.get("error").get("error_type").stringValue()).isEqualTo("tool_not_found");
        }
    }

    @Test
    void webSocketMcpAnswersOneJsonRpcResponsePerFrame() throws Exception {
        try (var socket = SocketPeer.open(server, "/mcp")) {
            JsonNode list = socket.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            JsonNode first = socket.call(call(2, "tally", "{}", null));
            JsonNode second = socket.call(call(3, "tally", "{}", null));
            JsonNode created = socket.call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"openenv/session/create\"}");

            assertThat(list.get("jsonrpc").stringValue()).isEqualTo("2.0");
            assertThat(list.get("result").get("tools").size()).isEqualTo(3);
            assertThat(first.get("result").get("data").asInt()).isEqualTo(1);
            assertThat(second.get("result").get("data").asInt())
                    .as("one session per connection")
                    .isEqualTo(2);
            assertThat(created.get("result").get("session_id").isString()).isTrue();
            assertThat(server.activeSessions()).isEqualTo(1);
        }
    }

    @Test
    void webSocketMcpParseErrorKeepsTheConnectionOpen() throws Exception {
        try (var socket = SocketPeer.open(server, "/mcp")) {
            JsonNode parse = socket.call("{not json");
            JsonNode invalid = socket.call("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\"}");
            JsonNode ok = socket.call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

            assertThat(parse.get("error").get("code").asInt()).isEqualTo(-32700);
            assertThat(invalid.get("error").get("code").asInt()).isEqualTo(-32600);
            assertThat(ok.get("id").asInt()).isEqualTo(2);
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void webSocketMcpAtCapacityGetsAJsonRpcErrorThenCloses() throws Exception {
        createSession();
        createSession();
        try (var socket = SocketPeer.open(server, "/mcp")) {
            JsonNode error = socket.next();

            assertThat(error.get("jsonrpc").stringValue()).isEqualTo("2.0");
            assertThat(error.get("error").get("code").asInt()).isEqualTo(-32000);
            assertThat(socket.awaitClose()).isEqualTo(1000);
        }
    }

    private JsonNode rpc(String body) throws Exception {
        var reply = HttpPeer.post(server, "/mcp", body);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    private String createSession() throws Exception {
        JsonNode created = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"openenv/session/create\",\"params\":{}}");
        return created.get("result").get("session_id").stringValue();
    }

    private static String call(int id, String tool, String arguments, String session) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + (session == null ? "" : ",\"session_id\":\"" + session + "\"")
                + "}}";
    }

    private static String closeSession(int id, String session) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"method\":\"openenv/session/close\",\"params\":{\"session_id\":\"" + session + "\"}}";
    }
}
