package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Spec MCP over Streamable HTTP on {@code /mcp}: handshake, methods, results and transport errors. */
class McpStreamableHttpTest {

    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";

    private EnvServer server;
    private McpPeer peer;

    @BeforeEach
    void start() throws Exception {
        server = EnvServer.create(
                        WorkshopEnvironment.spec(new Lifecycle()),
                        ServerConfig.ephemeral().withMaxMessageBytes(4096))
                .start();
        peer = new McpPeer(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void initializeOpensASessionAndAnswersTheClientsVersion() throws Exception {
        HttpPeer.Reply reply = peer.initialize("2025-06-18");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(reply.header("mcp-session-id")).matches("[\\x21-\\x7E]+");
        JsonNode result = reply.json().get("result");
        assertThat(result.get("protocolVersion").stringValue()).isEqualTo("2025-06-18");
        assertThat(result.get("capabilities").get("tools").get("listChanged").asBoolean())
                .isFalse();
        assertThat(result.get("serverInfo").get("name").stringValue()).isEqualTo("workshop");
        assertThat(server.activeSessions()).isEqualTo(1);
    }

    @Test
    void initializeWithAnUnsupportedVersionIsAnsweredWithTheLatest() throws Exception {
        assertThat(peer.initialize("2023-01-01")
                        .json()
                        .get("result")
                        .get("protocolVersion")
                        .stringValue())
                .isEqualTo("2025-11-25");
        assertThat(new McpPeer(server)
                        .initialize("2025-11-25")
                        .json()
                        .get("result")
                        .get("protocolVersion")
                        .stringValue())
                .isEqualTo("2025-11-25");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2025-03-26", "2024-11-05"})
    void olderRevisionsTheOfficialSdksAcceptAreNegotiatedAndServed(String version) throws Exception {
        assertThat(peer.initialize(version)
                        .json()
                        .get("result")
                        .get("protocolVersion")
                        .stringValue())
                .isEqualTo(version);

        // With the header (as a 2025-06-18 transport would send it) and without it (as clients of these revisions do).
        assertThat(peer.call(1, "add", "{\"a\":1,\"b\":2}")
                        .get("result")
                        .get("structuredContent")
                        .get("result")
                        .asInt())
                .isEqualTo(3);
        HttpPeer.Reply bare = peer.send(
                "POST",
                McpPeer.callBody(2, "add", "{\"a\":2,\"b\":2}"),
                Map.of("accept", McpPeer.ACCEPT, "content-type", "application/json", "mcp-session-id", peer.sessionId));
        assertThat(bare.json()
                        .get("result")
                        .get("structuredContent")
                        .get("result")
                        .asInt())
                .isEqualTo(4);
        HttpPeer.Reply other = peer.send(
                "POST",
                McpPeer.callBody(3, "add", "{\"a\":2,\"b\":2}"),
                Map.of(
                        "accept",
                        McpPeer.ACCEPT,
                        "content-type",
                        "application/json",
                        "mcp-session-id",
                        peer.sessionId,
                        "mcp-protocol-version",
                        "2025-11-25"));
        assertThat(other.status()).isEqualTo(400);
    }

    @Test
    void severalConcurrentPostsOnOneSessionAreAllAnswered() throws Exception {
        peer.initialize("2025-11-25");
        int calls = 16;
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var replies = new java.util.ArrayList<java.util.concurrent.Future<JsonNode>>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                replies.add(threads.submit(() -> peer.call(n, "add", "{\"a\":" + n + ",\"b\":1}")));
            }
            for (int i = 0; i < calls; i++) {
                JsonNode reply = replies.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(reply.get("id").asInt()).isEqualTo(i);
                assertThat(reply.get("result")
                                .get("structuredContent")
                                .get("result")
                                .asInt())
                        .isEqualTo(i + 1);
            }
        }
        assertThat(server.activeSessions()).isEqualTo(1);
    }

    @Test
    void initializeWithoutProtocolVersionIsInvalidParams() throws Exception {
        HttpPeer.Reply reply = peer.send(
                "POST",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
                Map.of("accept", McpPeer.ACCEPT));

        assertThat(reply.json().get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(reply.header("mcp-session-id")).isNull();
        assertThat(server.activeSessions()).isZero();
    }

    @Test
    void notificationsGet202WithoutBody() throws Exception {
        peer.initialize("2025-11-25");

        HttpPeer.Reply initialized = peer.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        HttpPeer.Reply unknown = peer.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\",\"params\":{}}");
        HttpPeer.Reply response = peer.post("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}");

        for (HttpPeer.Reply reply : List.of(initialized, unknown, response)) {
            assertThat(reply.status()).isEqualTo(202);
            assertThat(reply.body()).isEmpty();
        }
    }

    @Test
    void pingAnswersAnEmptyResult() throws Exception {
        peer.initialize("2025-11-25");

        JsonNode pong = peer.rpc("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");

        assertThat(pong.get("id").stringValue()).isEqualTo("p");
        assertThat(pong.get("result").isEmpty()).isTrue();
    }

    @Test
    void toolsListUsesSpecKeysWithGeneratedSchemas() throws Exception {
        peer.initialize("2025-11-25");

        JsonNode tools = peer.rpc(LIST).get("result").get("tools");

        assertThat(tools.size()).isEqualTo(6);
        JsonNode greet = find(tools, "greet");
        assertThat(greet.propertyNames()).containsExactly("name", "description", "inputSchema", "outputSchema");
        assertThat(greet.get("inputSchema").get("required").get(0).stringValue())
                .isEqualTo("name");
        assertThat(greet.get("inputSchema")
                        .get("properties")
                        .get("name")
                        .get("description")
                        .stringValue())
                .isEqualTo("Who to greet");
        assertThat(greet.get("outputSchema").get("properties").has("text")).isTrue();
        assertThat(find(tools, "add")
                        .get("outputSchema")
                        .get("properties")
                        .get("result")
                        .get("type")
                        .stringValue())
                .isEqualTo("integer");
        assertThat(peer.rpc(LIST).get("result").has("nextCursor")).isFalse();
    }

    @Test
    void toolsListIsPagedWithAnOpaqueCursor() throws Exception {
        try (var paged = EnvServer.create(
                        WorkshopEnvironment.spec(new Lifecycle()),
                        ServerConfig.ephemeral().withMcp(McpOptions.defaults().withToolsPageSize(4)))
                .start()) {
            var client = new McpPeer(paged);
            client.initialize("2025-11-25");

            JsonNode first = client.rpc(LIST).get("result");
            String cursor = first.get("nextCursor").stringValue();
            JsonNode second = client.rpc(
                            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"cursor\":\"" + cursor
                                    + "\"}}")
                    .get("result");
            JsonNode bogus = client.rpc(
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"cursor\":\"nope\"}}");

            assertThat(first.get("tools").size()).isEqualTo(4);
            assertThat(second.get("tools").size()).isEqualTo(2);
            assertThat(second.has("nextCursor")).isFalse();
            assertThat(bogus.get("error").get("code").asInt()).isEqualTo(-32602);
        }
    }

    @Test
    void toolsCallReturnsContentAndStructuredContent() throws Exception {
        peer.initialize("2025-11-25");

        JsonNode greet = peer.call(1, "greet", "{\"name\":\"Ada\"}").get("result");
        JsonNode add = peer.call(2, "add", "{\"a\":\"2\",\"b\":3.0}").get("result");

        assertThat(greet.get("isError").asBoolean()).isFalse();
        assertThat(greet.get("structuredContent").get("text").stringValue()).isEqualTo("Hello, Ada!");
        assertThat(parse(greet.get("content").get(0).get("text").stringValue())
                        .get("length")
                        .asInt())
                .isEqualTo(11);
        assertThat(add.get("content").get(0).get("text").stringValue())
                .as("coerced lax")
                .isEqualTo("5");
        assertThat(add.get("structuredContent").get("result").asInt()).isEqualTo(5);
    }

    @Test
    void progressTokensAreIgnoredAndOnlyTheResultIsSent() throws Exception {
        peer.initialize("2025-11-25");

        HttpPeer.Reply reply =
                peer.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"add\","
                        + "\"arguments\":{\"a\":1,\"b\":2},\"_meta\":{\"progressToken\":\"p-1\"}}}");

        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(reply.json()
                        .get("result")
                        .get("structuredContent")
                        .get("result")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void aToolExceptionIsAnErrorResultAndTheSessionGoesOn() throws Exception {
        peer.initialize("2025-11-25");

        JsonNode failed = peer.call(1, "fail", "{}");

        assertThat(failed.has("error")).isFalse();
        assertThat(failed.get("result").get("isError").asBoolean()).isTrue();
        assertThat(failed.get("result").get("content").get(0).get("text").stringValue())
                .contains("kaboom");
        assertThat(peer.call(2, "add", "{\"a\":1,\"b\":1}")
                        .get("result")
                        .get("structuredContent")
                        .get("result")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void unknownToolIsInvalidParamsAndTheSessionGoesOn() throws Exception {
        peer.initialize("2025-11-25");

        JsonNode unknown = peer.call(1, "nope", "{}");

        assertThat(unknown.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(unknown.get("error").get("message").stringValue()).isEqualTo("Unknown tool: 'nope'");
        assertThat(peer.call(2, "tally", "{}").get("result").get("isError").asBoolean())
                .isFalse();
    }

    @Test
    void invalidArgumentsAreAnErrorResultFrom20251125() throws Exception {
        peer.initialize("2025-11-25");

        JsonNode invalid = peer.call(1, "add", "{\"a\":\"two\",\"c\":1}").get("result");

        assertThat(invalid.get("isError").asBoolean()).isTrue();
        assertThat(invalid.get("content").get(0).get("text").stringValue())
                .contains("'a': Input should be a valid integer")
                .contains("'b': Missing required argument")
                .contains("'c': Unexpected keyword argument");
        assertThat(peer.call(2, "move", "{\"to\":{\"x\":1,\"y\":\"2\"}}")
                        .get("result")
                        .get("structuredContent")
                        .get("y")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void invalidArgumentsAreInvalidParamsIn20250618() throws Exception {
        peer.initialize("2025-06-18");

        JsonNode invalid = peer.call(1, "move", "{\"to\":{\"x\":1}}");

        assertThat(invalid.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(invalid.get("error").get("message").stringValue()).contains("'to.y': Field required");
        assertThat(peer.call(2, "tally", "{}").get("result").get("isError").asBoolean())
                .isFalse();
    }

    @Test
    void toolsCallWithoutNameOrWithNonObjectArgumentsIsInvalidParams() throws Exception {
        peer.initialize("2025-11-25");

        JsonNode noName = peer.rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}");
        JsonNode badArgs = peer.rpc(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":[1]}}");

        assertThat(noName.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(badArgs.get("error").get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void unknownMethodIsMethodNotFoundAndTheSessionGoesOn() throws Exception {
        peer.initialize("2025-11-25");

        JsonNode unknown = peer.rpc("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/list\"}");

        assertThat(unknown.get("id").asInt()).isEqualTo(7);
        assertThat(unknown.get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(peer.rpc(LIST).get("result").get("tools").size()).isEqualTo(6);
    }

    @Test
    void malformedJsonIsAParseErrorAndTheSessionGoesOn() throws Exception {
        peer.initialize("2025-11-25");

        HttpPeer.Reply reply = peer.post("{\"jsonrpc\":");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").get("code").asInt()).isEqualTo(-32700);
        assertThat(reply.json().get("id").isNull()).isTrue();
        assertThat(peer.rpc(LIST).has("result")).isTrue();
    }

    @Test
    void invalidMessagesAreInvalidRequestsAndTheSessionGoesOn() throws Exception {
        peer.initialize("2025-11-25");

        for (String invalid : List.of(
                "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1}",
                "\"ping\"")) {
            HttpPeer.Reply reply = peer.post(invalid);
            assertThat(reply.status()).as(invalid).isEqualTo(400);
            assertThat(reply.json().get("error").get("code").asInt())
                    .as(invalid)
                    .isEqualTo(-32600);
        }
        assertThat(peer.rpc(LIST).has("result")).isTrue();
    }

    @Test
    void batchesAreRejected() throws Exception {
        peer.initialize("2025-11-25");

        HttpPeer.Reply reply = peer.post("[" + LIST + "]");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(reply.json().get("error").get("message").stringValue()).contains("batches are not supported");
        assertThat(peer.rpc(LIST).has("result")).isTrue();
    }

    @Test
    void oversizedBodyIs413AndTheSessionGoesOn() throws Exception {
        peer.initialize("2025-11-25");

        HttpPeer.Reply reply = peer.post(McpPeer.callBody(1, "greet", "{\"name\":\"" + "x".repeat(8000) + "\"}"));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(peer.call(2, "greet", "{\"name\":\"Bo\"}")
                        .get("result")
                        .get("isError")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void requestWithoutSessionHeaderIs400() throws Exception {
        peer.initialize("2025-11-25");

        HttpPeer.Reply reply =
                peer.send("POST", LIST, Map.of("accept", McpPeer.ACCEPT, "mcp-protocol-version", "2025-11-25"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").get("message").stringValue()).contains("Mcp-Session-Id");
    }

    @Test
    void unknownSessionIs404() throws Exception {
        HttpPeer.Reply reply =
                peer.send("POST", LIST, Map.of("accept", McpPeer.ACCEPT, "mcp-session-id", "no-such-session"));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("error").get("code").asInt()).isEqualTo(-32001);
    }

    @Test
    void unsupportedOrMismatchedProtocolVersionHeaderIs400() throws Exception {
        peer.initialize("2025-06-18");
        var headers = new java.util.HashMap<>(peer.sessionHeaders());

        headers.put("mcp-protocol-version", "1999-01-01");
        HttpPeer.Reply unsupported = peer.send("POST", LIST, headers);
        headers.put("mcp-protocol-version", "2025-11-25");
        HttpPeer.Reply mismatched = peer.send("POST", LIST, headers);
        headers.remove("mcp-protocol-version");
        HttpPeer.Reply absent = peer.send("POST", LIST, headers);

        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(mismatched.status()).isEqualTo(400);
        assertThat(absent.status()).as("the negotiated version applies").isEqualTo(200);
    }

    @Test
    void clientAcceptingOnlyEventStreamGetsOneSseEvent() throws Exception {
        peer.initialize("2025-11-25");
        var headers = new java.util.HashMap<>(peer.sessionHeaders());
        headers.put("accept", "text/event-stream");

        HttpPeer.Reply reply = peer.send("POST", LIST, headers);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("text/event-stream");
        assertThat(reply.body()).startsWith("event: message\ndata: {").endsWith("\n\n");
        String data = reply.body().substring(reply.body().indexOf("data: ") + 6).trim();
        assertThat(parse(data).get("result").get("tools").size()).isEqualTo(6);
    }

    @Test
    void unacceptableAcceptIs406AndNonJsonBodyIs415() throws Exception {
        peer.initialize("2025-11-25");
        var headers = new java.util.HashMap<>(peer.sessionHeaders());
        headers.put("accept", "text/html");
        HttpPeer.Reply html = peer.send("POST", LIST, headers);
        headers.put("accept", McpPeer.ACCEPT);
        headers.put("content-type", "text/plain");
        HttpPeer.Reply text = peer.send("POST", LIST, headers);

        assertThat(html.status()).isEqualTo(406);
        assertThat(text.status()).isEqualTo(415);
    }

    @Test
    void getHasNoServerStreamAnd405() throws Exception {
        peer.initialize("2025-11-25");

        HttpPeer.Reply reply =
                peer.send("GET", null, Map.of("accept", "text/event-stream", "mcp-session-id", peer.sessionId));

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("allow")).isEqualTo("POST, DELETE");
    }

    @Test
    void originsOtherThanLoopbackAreForbiddenByDefault() throws Exception {
        var headers = Map.of("accept", McpPeer.ACCEPT, "origin", "https://evil.example");
        String init =
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}";

        HttpPeer.Reply evil = peer.send("POST", init, headers);
        HttpPeer.Reply local =
                peer.send("POST", init, Map.of("accept", McpPeer.ACCEPT, "origin", "http://localhost:6274"));

        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.json().get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(local.status()).isEqualTo(200);
        assertThat(server.activeSessions()).isEqualTo(1);
    }

    @Test
    void configuredOriginsAreAllowed() throws Exception {
        var options = McpOptions.defaults().withAllowedOrigins(List.of("https://app.example"));
        try (var configured = EnvServer.create(
                        WorkshopEnvironment.spec(new Lifecycle()),
                        ServerConfig.ephemeral().withMcp(options))
                .start()) {
            String init =
                    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}";
            var client = new McpPeer(configured);

            assertThat(client.send("POST", init, Map.of("origin", "https://app.example"))
                            .status())
                    .isEqualTo(200);
            assertThat(client.send("POST", init, Map.of("origin", "http://localhost:3000"))
                            .status())
                    .isEqualTo(403);
        }
    }

    @Test
    void theDialectIsUnchangedForRequestsWithoutSpecHeaders() throws Exception {
        peer.initialize("2025-11-25");

        JsonNode dialect = HttpPeer.post(server, "/mcp", McpPeer.callBody(1, "add", "{\"a\":1,\"b\":2}"))
                .json();
        JsonNode notification = HttpPeer.post(server, "/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\"}")
                .json();
        JsonNode ping = HttpPeer.post(server, "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}")
                .json();

        assertThat(dialect.get("result").get("structured_content").get("result").asInt())
                .isEqualTo(3);
        assertThat(dialect.get("result").get("data").asInt()).isEqualTo(3);
        assertThat(notification.get("result").get("tools").get(0).has("input_schema"))
                .isTrue();
        assertThat(ping.get("error").get("code").asInt()).isEqualTo(-32601);
    }

    private static JsonNode find(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (tool.get("name").stringValue().equals(name)) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name + " in " + tools);
    }

    private static JsonNode parse(String text) {
        return McpPeer.parse(text);
    }
}
