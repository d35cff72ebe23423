package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.server.placement.PlacementConfig;
import io.openenv4j.server.placement.PlacementRouter;
import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The placement router in front of real replica processes on loopback: capacity-aware placement, MCP session
 * affinity (the reference's dialect, {@code /ws?session_id=}, spec {@code Mcp-Session-Id}), draining on SIGTERM,
 * and a replica that dies.
 */
class PlacementRouterTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private ReplicaProcess replica(int max, int drainSeconds) throws Exception {
        return replica(max, drainSeconds, 0);
    }

    private ReplicaProcess replica(int max, int drainSeconds, long idleMillis) throws Exception {
        var replica = ReplicaProcess.start(max, drainSeconds, idleMillis);
        open.add(replica);
        return replica;
    }

    private PlacementRouter router(ReplicaProcess... replicas) throws Exception {
        var uris = java.util.Arrays.stream(replicas).map(r -> URI.create(r.url)).toList();
        var router = new PlacementRouter(PlacementConfig.of(uris).withPollInterval(Duration.ofMillis(100))).start();
        open.add(router);
        int total = 0;
        for (ReplicaProcess replica : replicas) {
            total += get(replica.url + "/capacity").get("free_sessions").asInt();
        }
        int expected = total;
        // Under load the first poll can time out; the router counts a replica once it has answered.
        Eventually.until(() -> router.freeSessions() == expected, WITHIN);
        return router;
    }

    private SocketPeer session(PlacementRouter router) throws Exception {
        var socket = SocketPeer.open(router.baseUrl().replace("http://", "ws://") + "/ws");
        open.add(socket);
        return socket;
    }

    private static JsonNode get(String url) throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(WITHIN).build(), HttpResponse.BodyHandlers.ofString());
        return WireJson.parse(response.body());
    }

    private static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .timeout(WITHIN)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int active(ReplicaProcess replica) throws Exception {
        return get(replica.url + "/capacity").get("active_sessions").asInt();
    }

    private static String type(JsonNode message) {
        return message.get("type").stringValue();
    }

    @Test
    void aReplicaReportsItsCapacityAndWhetherItDrains() throws Exception {
        try (var server = EnvServer.create(
                                CounterEnvironment.spec(),
                                ServerConfig.ephemeral().withMaxSessions(3))
                        .start();
                var socket = SocketPeer.open(server, "/ws")) {
            assertThat(type(socket.call("{\"type\":\"reset\"}"))).isEqualTo("observation");
            JsonNode open = HttpPeer.get(server, "/capacity").json();
            assertThat(open.get("max_sessions").asInt()).isEqualTo(3);
            assertThat(open.get("active_sessions").asInt()).isEqualTo(1);
            assertThat(open.get("free_sessions").asInt()).isEqualTo(2);
            assertThat(open.get("draining").asBoolean()).isFalse();

            var draining = new Thread(() -> {
                try {
                    server.drain(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            draining.start();
            Eventually.until(
                    () -> {
                        try {
                            return HttpPeer.get(server, "/capacity")
                                    .json()
                                    .get("draining")
                                    .asBoolean();
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    WITHIN);
            JsonNode drained = HttpPeer.get(server, "/capacity").json();
            assertThat(drained.get("free_sessions").asInt())
                    .as("a draining server offers no slot")
                    .isZero();
            try (var refused = SocketPeer.open(server, "/ws")) {
                JsonNode error = refused.next();
                assertThat(error.get("data").get("code").stringValue()).isEqualTo("CAPACITY_REACHED");
                assertThat(error.get("data").get("message").stringValue()).startsWith("Server draining: 1/3");
            }
            assertThat(type(socket.call("{\"type\":\"state\"}")))
                    .as("the open session runs on")
                    .isEqualTo("state");
            socket.send("{\"type\":\"close\"}");
            draining.join(WITHIN.toMillis());
            assertThat(draining.isAlive())
                    .as("drain returns once the last session ended")
                    .isFalse();
        }
    }

    @Test
    void newSessionsGoWhereMostSlotsAreFreeAndNoneIsRefusedWhileAnyReplicaHasRoom() throws Exception {
        var large = replica(4, 0);
        var small = replica(2, 0);
        var router = router(large, small);

        var sessions = new ArrayList<SocketPeer>();
        for (int i = 0; i < 6; i++) {
            var socket = session(router);
            assertThat(type(socket.call("{\"type\":\"reset\"}")))
                    .as("session %d of 6", i + 1)
                    .isEqualTo("observation");
            sessions.add(socket);
            if (i == 1) {
                assertThat(active(large))
                        .as("the first two go to the replica with 4 free, then 3 free")
                        .isEqualTo(2);
                assertThat(active(small)).isZero();
            }
        }
        assertThat(active(large)).isEqualTo(4);
        assertThat(active(small)).isEqualTo(2);
        assertThat(router.freeSessions()).isZero();

        var refused = session(router);
        JsonNode error = refused.next();
        assertThat(error.get("data").get("code").stringValue()).isEqualTo("CAPACITY_REACHED");
        assertThat(error.get("data").get("max_sessions").asInt())
                .as("the sum over the replicas")
                .isEqualTo(6);
        // The refused socket closes once the client sends (as openenv-core 0.3.0's does right after connecting).
        refused.send("{\"type\":\"reset\"}");
        assertThat(refused.awaitClose()).isEqualTo(1000);

        sessions.get(0).send("{\"type\":\"close\"}");
        assertThat(sessions.get(0).awaitClose()).isEqualTo(1000);
        Eventually.until(() -> router.freeSessions() == 1, WITHIN);
        var again = session(router);
        assertThat(type(again.call("{\"type\":\"reset\"}")))
                .as("a freed slot is used again")
                .isEqualTo("observation");
    }

    @Test
    void mcpSessionsReachTheReplicaThatOwnsThem() throws Exception {
        var first = replica(3, 0);
        var second = replica(3, 0);
        var router = router(first, second);
        String mcp = router.baseUrl() + "/mcp";

        var dialect = new ArrayList<String>();
        for (int i = 0; i < 2; i++) {
            JsonNode created = WireJson.parse(
                    post(mcp, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"openenv/session/create\"}", Map.of())
                            .body());
            dialect.add(created.get("result").get("session_id").stringValue());
        }
        assertThat(active(first)).as("one dialect session on each replica").isEqualTo(1);
        assertThat(active(second)).isEqualTo(1);
        for (String session : dialect) {
            for (int expected = 1; expected <= 3; expected++) {
                JsonNode reply = WireJson.parse(post(
                                mcp,
                                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                                        + "{\"name\":\"tally\",\"arguments\":{},\"session_id\":\"" + session + "\"}}",
                                Map.of())
                        .body());
                assertThat(reply.get("result").get("data").asInt())
                        .as("session %s keeps its instance", session)
                        .isEqualTo(expected);
            }
            var attached = SocketPeer.open(router.baseUrl().replace("http://", "ws://") + "/ws?session_id=" + session);
            open.add(attached);
            assertThat(type(attached.call("{\"type\":\"state\"}")))
                    .as("/ws?session_id= reaches the owner")
                    .isEqualTo("state");
            attached.close();
        }

        var spec = new ArrayList<String>();
        for (int i = 0; i < 2; i++) {
            var init = post(
                    mcp,
                    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                    Map.of("accept", McpPeer.ACCEPT));
            String id = init.headers().firstValue("mcp-session-id").orElseThrow();
            var headers = Map.of("accept", McpPeer.ACCEPT, "mcp-session-id", id, "mcp-protocol-version", "2025-11-25");
            assertThat(post(mcp, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers)
                            .statusCode())
                    .isEqualTo(202);
            spec.add(id);
        }
        assertThat(active(first) + active(second)).isEqualTo(4);
        assertThat(active(first)).as("placement spread the spec sessions too").isEqualTo(2);
        for (String id : spec) {
            var headers = Map.of("accept", McpPeer.ACCEPT, "mcp-session-id", id, "mcp-protocol-version", "2025-11-25");
            for (int expected = 1; expected <= 2; expected++) {
                var reply = post(mcp, McpPeer.callBody(3, "tally", "{}"), headers);
                assertThat(reply.statusCode())
                        .as("Mcp-Session-Id %s reaches its owner", id)
                        .isEqualTo(200);
                assertThat(WireJson.parse(reply.body())
                                .get("result")
                                .get("structuredContent")
                                .get("result")
                                .asInt())
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void aDrainingReplicaTakesNoNewSessionsWhileItsOpenOnesFinish() throws Exception {
        var draining = replica(2, 60);
        var staying = replica(2, 0);
        var router = router(draining, staying);
        var onDraining = session(router);
        assertThat(type(onDraining.call("{\"type\":\"reset\"}"))).isEqualTo("observation");
        assertThat(active(draining)).isEqualTo(1);

        draining.terminate();
        Eventually.until(
                () -> {
                    try {
                        return get(router.baseUrl() + "/capacity")
                                .get("replicas")
                                .get(0)
                                .get("draining")
                                .asBoolean();
                    } catch (Exception e) {
                        return false;
                    }
                },
                WITHIN);

        for (int i = 0; i < 2; i++) {
            var socket = session(router);
            assertThat(type(socket.call("{\"type\":\"reset\"}"))).isEqualTo("observation");
        }
        assertThat(active(staying))
                .as("new sessions went to the replica that stays")
                .isEqualTo(2);
        var refused = session(router);
        assertThat(refused.next().get("data").get("code").stringValue())
                .as("draining and full: no room anywhere")
                .isEqualTo("CAPACITY_REACHED");

        assertThat(type(onDraining.call("{\"type\":\"state\"}")))
                .as("the draining replica's session runs on")
                .isEqualTo("state");
        assertThat(draining.alive()).isTrue();
        onDraining.send("{\"type\":\"close\"}");
        assertThat(onDraining.awaitClose()).isEqualTo(1000);
        assertThat(draining.waitForExit(WITHIN))
                .as("it stops once its last session ended")
                .isTrue();
    }

    @Test
    void aReplicaThatDiesEndsItsSessionsWithAClearErrorAndTheOthersRunOn() throws Exception {
        var dying = replica(1, 0);
        var surviving = replica(2, 0);
        var router = router(dying, surviving);
        var first = session(router);
        var second = session(router);
        assertThat(type(first.call("{\"type\":\"reset\"}"))).isEqualTo("observation");
        assertThat(type(second.call("{\"type\":\"reset\"}"))).isEqualTo("observation");
        assertThat(active(dying)).isEqualTo(1);
        assertThat(active(surviving)).isEqualTo(1);

        dying.kill();

        Eventually.until(() -> first.isClosed() || second.isClosed(), WITHIN);
        SocketPeer lost = first.isClosed() ? first : second;
        SocketPeer kept = lost == first ? second : first;
        assertThat(lost.awaitClose()).isEqualTo(1011);
        assertThat(lost.closeReason()).contains("went away").contains(dying.url);
        assertThat(type(kept.call("{\"type\":\"state\"}"))).isEqualTo("state");

        var next = session(router);
        assertThat(type(next.call("{\"type\":\"reset\"}")))
                .as("new sessions go to the replica alive")
                .isEqualTo("observation");
        assertThat(active(surviving)).isEqualTo(2);
    }

    private static String createDialectSession(String mcp) throws Exception {
        JsonNode created = WireJson.parse(
                post(mcp, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"openenv/session/create\"}", Map.of())
                        .body());
        return created.get("result").get("session_id").stringValue();
    }

    private static JsonNode tally(String mcp, String session) throws Exception {
        return WireJson.parse(post(
                        mcp,
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                                + "{\"name\":\"tally\",\"arguments\":{},\"session_id\":\"" + session + "\"}}",
                        Map.of())
                .body());
    }

    @Test
    void theRouterForgetsAnMcpSessionItsReplicaClosedForIdlenessAndKeepsOneInUse() throws Exception {
        var first = replica(3, 0, 3_000);
        var second = replica(3, 0, 3_000);
        var router = router(first, second);
        assertThat(get(first.url + "/capacity").get("idle_timeout_s").asDouble())
                .as("the replica says its timeout")
                .isEqualTo(3.0);
        String mcp = router.baseUrl() + "/mcp";
        String idle = createDialectSession(mcp);
        String used = createDialectSession(mcp);
        var init = post(
                mcp,
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                Map.of("accept", McpPeer.ACCEPT));
        String idleSpec = init.headers().firstValue("mcp-session-id").orElseThrow();
        assertThat(router.knownSessions()).isEqualTo(3);

        // Only `used` gets calls; the replicas close the other two after 3 s without a message.
        long deadline = System.nanoTime() + WITHIN.toNanos();
        int calls = 0;
        while ((router.knowsSession(idle) || router.knowsSession(idleSpec)) && System.nanoTime() < deadline) {
            assertThat(tally(mcp, used).get("result").get("data").asInt()).isEqualTo(++calls);
            Thread.sleep(200);
        }
        assertThat(router.knowsSession(idle))
                .as("the idle dialect session is forgotten")
                .isFalse();
        assertThat(router.knowsSession(idleSpec))
                .as("the idle spec session is forgotten")
                .isFalse();
        assertThat(router.knowsSession(used)).as("the session in use is kept").isTrue();
        assertThat(router.knownSessions()).isEqualTo(1);
        assertThat(active(first) + active(second))
                .as("the replicas closed the idle two")
                .isEqualTo(1);
        assertThat(tally(mcp, used).get("result").get("data").asInt())
                .as("and it still reaches its instance")
                .isEqualTo(calls + 1);
    }

    @Test
    void theRouterForgetsAnMcpSessionItsReplicaNoLongerKnows() throws Exception {
        var only = replica(3, 0);
        var router = router(only);
        String mcp = router.baseUrl() + "/mcp";
        String session = createDialectSession(mcp);
        // Closed on the replica itself, not through the router: the router's entry is stale.
        JsonNode closed = WireJson.parse(post(
                        only.url + "/mcp",
                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
                                + "\"openenv/session/close\",\"params\":{\"session_id\":\"" + session + "\"}}",
                        Map.of())
                .body());
        assertThat(closed.get("result").get("closed").asBoolean()).isTrue();
        assertThat(router.knowsSession(session)).isTrue();

        JsonNode reply = tally(mcp, session);
        assertThat(reply.get("error").get("message").stringValue()).startsWith("Unknown session_id");
        assertThat(router.knowsSession(session))
                .as("the replica's answer drops the entry")
                .isFalse();
        assertThat(router.knownSessions()).isZero();
    }

    @Test
    void severalRoutersServeOnePortWithReusePortAndEachPlacesSessions() throws Exception {
        var replica = replica(4, 0);
        var config = PlacementConfig.of(List.of(URI.create(replica.url))).withPollInterval(Duration.ofMillis(100));
        var first = new PlacementRouter(config).reusePort(true).start();
        open.add(first);
        var second = new PlacementRouter(config.withPort(first.port()))
                .reusePort(true)
                .start();
        open.add(second);
        assertThat(second.port()).as("both routers bound the same port").isEqualTo(first.port());
        Eventually.until(() -> first.freeSessions() == 4 && second.freeSessions() == 4, WITHIN);

        var sessions = new ArrayList<SocketPeer>();
        for (int i = 0; i < 3; i++) {
            sessions.add(session(first));
            assertThat(type(sessions.get(i).call("{\"type\":\"reset\"}"))).isEqualTo("observation");
        }
        assertThat(active(replica)).isEqualTo(3);
        first.close();
        var afterOneStopped = session(second);
        assertThat(type(afterOneStopped.call("{\"type\":\"reset\"}")))
                .as("the other router still serves the port")
                .isEqualTo("observation");
    }
}
