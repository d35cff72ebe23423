package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Spec MCP sessions: one pooled environment per session, shared capacity, DELETE and idle expiry, tool calls
 * serialised per session, tool-call timeouts and cancellation.
 */
class McpSessionTest {

    private final Lifecycle lifecycle = new Lifecycle();
    private EnvServer server;

    @BeforeEach
    void start() throws Exception {
        WorkshopEnvironment.MOST_NAPPING.set(0);
        server = EnvServer.create(
                        WorkshopEnvironment.spec(lifecycle),
                        ServerConfig.ephemeral()
                                .withMaxSessions(2)
                                .withMcp(McpOptions.defaults().withToolCallTimeout(Duration.ofMillis(600))))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void eachSessionHasItsOwnEnvironmentInstance() throws Exception {
        var first = new McpPeer(server);
        var second = new McpPeer(server);
        first.initialize("2025-11-25");
        second.initialize("2025-11-25");

        assertThat(tally(first)).isEqualTo(1);
        assertThat(tally(first)).isEqualTo(2);
        assertThat(tally(second)).as("a fresh instance").isEqualTo(1);
        assertThat(lifecycle.opened.get()).isEqualTo(2);
        assertThat(first.sessionId).isNotEqualTo(second.sessionId);
    }

    @Test
    void sessionsShareCapacityWithWebSockets() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            assertThat(socket.call("{\"type\":\"state\"}").get("type").stringValue())
                    .isEqualTo("state");
            var first = new McpPeer(server);
            first.initialize("2025-11-25");

            var refused = new McpPeer(server).initialize("2025-11-25");
            assertThat(refused.json().get("error").get("code").asInt()).isEqualTo(-32000);
            assertThat(refused.json()
                            .get("error")
                            .get("data")
                            .get("max_sessions")
                            .asInt())
                    .isEqualTo(2);
            assertThat(refused.header("mcp-session-id")).isNull();
            try (var another = SocketPeer.open(server, "/ws")) {
                assertThat(another.next().get("data").get("code").stringValue()).isEqualTo("CAPACITY_REACHED");
            }

            assertThat(first.delete().status()).isEqualTo(204);
            Eventually.until(() -> server.activeSessions() == 1, Duration.ofSeconds(2));
            assertThat(new McpPeer(server).initialize("2025-11-25").status()).isEqualTo(200);
        }
    }

    @Test
    void deleteEndsTheSessionAndClosesItsEnvironment() throws Exception {
        var peer = new McpPeer(server);
        peer.initialize("2025-11-25");

        assertThat(peer.delete().status()).isEqualTo(204);
        lifecycle.awaitClosed(1, Duration.ofSeconds(2));

        assertThat(peer.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                        .status())
                .isEqualTo(404);
        assertThat(peer.delete().status()).isEqualTo(404);
        Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));
    }

    @Test
    void deleteWithoutSessionHeaderIsNotASpecRequest() throws Exception {
        HttpPeer.Reply reply = HttpPeer.send(server, "DELETE", "/mcp", null);

        assertThat(reply.status()).as("the dialect's answer, as before").isEqualTo(405);
    }

    @Test
    void idleSessionsExpireAndAnswer404() throws Exception {
        try (var reaping = EnvServer.create(
                        WorkshopEnvironment.spec(new Lifecycle()),
                        ServerConfig.ephemeral().withIdleTimeout(Duration.ofMillis(300)))
                .start()) {
            var peer = new McpPeer(reaping);
            peer.initialize("2025-11-25");
            assertThat(reaping.activeSessions()).isEqualTo(1);

            Eventually.until(() -> reaping.activeSessions() == 0, Duration.ofSeconds(3));

            assertThat(peer.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                            .status())
                    .isEqualTo(404);
            var again = new McpPeer(reaping);
            assertThat(again.initialize("2025-11-25").status())
                    .as("a new session can start")
                    .isEqualTo(200);
        }
    }

    @Test
    void callsWithinOneSessionRunOneAtATime() throws Exception {
        var peer = new McpPeer(server);
        peer.initialize("2025-11-25");
        long started = System.nanoTime();

        var calls = new ArrayList<CompletableFuture<JsonNode>>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return peer.call(id, "nap", "{\"millis\":150}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (var call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS)
                            .get("result")
                            .get("content")
                            .get(0)
                            .get("text")
                            .stringValue())
                    .isEqualTo("rested");
        }

        assertThat(WorkshopEnvironment.MOST_NAPPING.get()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void separateSessionsRunInParallel() throws Exception {
        var first = new McpPeer(server);
        var second = new McpPeer(server);
        first.initialize("2025-11-25");
        second.initialize("2025-11-25");

        var a = CompletableFuture.supplyAsync(() -> napQuietly(first, 400));
        var b = CompletableFuture.supplyAsync(() -> napQuietly(second, 400));

        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("rested");
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("rested");
        assertThat(WorkshopEnvironment.MOST_NAPPING.get()).isEqualTo(2);
    }

    @Test
    void aToolPastTheTimeoutIsAnErrorResultAndIsInterrupted() throws Exception {
        var peer = new McpPeer(server);
        peer.initialize("2025-11-25");
        int interruptedBefore = WorkshopEnvironment.INTERRUPTED_NAPS.get();

        JsonNode result = peer.call(1, "nap", "{\"millis\":30000}").get("result");

        assertThat(result.get("isError").asBoolean()).isTrue();
        assertThat(result.get("content").get(0).get("text").stringValue())
                .isEqualTo("Tool 'nap' timed out after 0.6 seconds");
        Eventually.until(() -> WorkshopEnvironment.INTERRUPTED_NAPS.get() > interruptedBefore, Duration.ofSeconds(2));
        assertThat(tally(peer)).as("the session goes on").isEqualTo(1);
    }

    @Test
    void aQueuedCallCountsItsWaitAgainstTheTimeout() throws Exception {
        var peer = new McpPeer(server);
        peer.initialize("2025-11-25");

        var slow = CompletableFuture.supplyAsync(() -> napQuietly(peer, 500));
        Thread.sleep(100);
        JsonNode queued = peer.call(2, "nap", "{\"millis\":400}").get("result");

        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("rested");
        assertThat(queued.get("isError").asBoolean()).isTrue();
        assertThat(queued.get("content").get(0).get("text").stringValue()).contains("timed out");
    }

    @Test
    void cancellingAnInFlightCallInterruptsItAndAnswersRequestCancelled() throws Exception {
        try (var patient = EnvServer.create(WorkshopEnvironment.spec(new Lifecycle()), ServerConfig.ephemeral())
                .start()) {
            var peer = new McpPeer(patient);
            peer.initialize("2025-11-25");
            var client = peer;
            int interruptedBefore = WorkshopEnvironment.INTERRUPTED_NAPS.get();

            var call = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.call("slow-1", "nap", "{\"millis\":30000}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Eventually.until(() -> WorkshopEnvironment.NAPPING.get() > 0, Duration.ofSeconds(3));
            HttpPeer.Reply cancel = peer.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":\"slow-1\",\"reason\":\"user gave up\"}}");

            assertThat(cancel.status()).isEqualTo(202);
            JsonNode answer = call.get(5, TimeUnit.SECONDS);
            assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32800);
            Eventually.until(
                    () -> WorkshopEnvironment.INTERRUPTED_NAPS.get() > interruptedBefore, Duration.ofSeconds(2));
            assertThat(tally(peer)).isEqualTo(1);
        }
    }

    @Test
    void aClientDisconnectIsNotACancellation() throws Exception {
        var peer = new McpPeer(server);
        peer.initialize("2025-11-25");
        int interruptedBefore = WorkshopEnvironment.INTERRUPTED_NAPS.get();
        var impatient = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/mcp"))
                .timeout(Duration.ofMillis(100))
                .header("content-type", "application/json")
                .header("accept", McpPeer.ACCEPT)
                .header("mcp-session-id", peer.sessionId)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(McpPeer.callBody(1, "nap", "{\"millis\":300}")))
                .build();

        try {
            impatient.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException expected) {
            // the client gave up and dropped the connection
        }

        assertThat(tally(peer))
                .as("queued behind the nap, which ran to its end")
                .isEqualTo(1);
        assertThat(WorkshopEnvironment.INTERRUPTED_NAPS.get()).isEqualTo(interruptedBefore);
    }

    @Test
    void cancellingAnUnknownRequestIsIgnored() throws Exception {
        var peer = new McpPeer(server);
        peer.initialize("2025-11-25");

        HttpPeer.Reply cancel =
                peer.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":42}}");

        assertThat(cancel.status()).isEqualTo(202);
        assertThat(tally(peer)).isEqualTo(1);
    }

    @Test
    void deletingASessionEndsItsCallsInFlight() throws Exception {
        try (var patient = EnvServer.create(WorkshopEnvironment.spec(new Lifecycle()), ServerConfig.ephemeral())
                .start()) {
            var peer = new McpPeer(patient);
            peer.initialize("2025-11-25");
            var call = CompletableFuture.supplyAsync(() -> {
                try {
                    return peer.post(McpPeer.callBody(1, "nap", "{\"millis\":30000}"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Eventually.until(() -> WorkshopEnvironment.NAPPING.get() > 0, Duration.ofSeconds(3));

            assertThat(peer.delete().status()).isEqualTo(204);

            assertThat(call.get(5, TimeUnit.SECONDS).status()).isEqualTo(404);
            Eventually.until(() -> patient.activeSessions() == 0, Duration.ofSeconds(3));
        }
    }

    @Test
    void shutdownClosesMcpSessions() throws Exception {
        var peer = new McpPeer(server);
        peer.initialize("2025-11-25");

        server.close();

        lifecycle.awaitClosed(1, Duration.ofSeconds(3));
        assertThat(server.activeSessions()).isZero();
    }

    @Test
    void toolCallsThroughStepStillWork() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\"}");
            JsonNode greet = socket.call("{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"greet\","
                            + "\"arguments\":{\"name\":\"Ada\"}}}")
                    .get("data")
                    .get("observation");
            JsonNode invalid = socket.call("{\"type\":\"step\",\"data\":{\"type\":\"call_tool\",\"tool_name\":\"add\","
                            + "\"arguments\":{\"a\":1}}}")
                    .get("data")
                    .get("observation");
            JsonNode list = socket.call("{\"type\":\"step\",\"data\":{\"type\":\"list_tools\"}}")
                    .get("data")
                    .get("observation");

            assertThat(greet.get("result").get("data").get("text").stringValue())
                    .isEqualTo("Hello, Ada!");
            assertThat(invalid.get("error").get("error_type").stringValue()).isEqualTo("invalid_args");
            assertThat(list.get("tools").get(0).propertyNames()).containsExactly("name", "description", "input_schema");
        }
    }

    private static int tally(McpPeer peer) throws Exception {
        return peer.call("t", "tally", "{}")
                .get("result")
                .get("structuredContent")
                .get("result")
                .asInt();
    }

    private static String napQuietly(McpPeer peer, int millis) {
        try {
            return peer.call("n" + millis, "nap", "{\"millis\":" + millis + "}")
                    .get("result")
                    .get("content")
                    .get(0)
                    .get("text")
                    .stringValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
