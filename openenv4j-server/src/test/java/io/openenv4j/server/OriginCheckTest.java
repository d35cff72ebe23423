package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A web page on another origin cannot drive a server: every WebSocket and every HTTP route refuses a
 * request whose {@code Origin} is not allowed (loopback by default), before any environment is built. Clients
 * that are not browsers send no {@code Origin} and are served as before.
 */
class OriginCheckTest {

    private static final String EVIL = "Origin: https://evil.example\r\n";
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ParameterizedTest
    @ValueSource(strings = {"/ws", "/mcp", "/ws/batch?envs=1"})
    void aWebSocketFromAForeignOriginIsRefusedWithoutBuildingAnEnvironment(String path) throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(CounterEnvironment.spec(lifecycle), ServerConfig.ephemeral())
                .start()) {
            try (var refused = RawWebSocket.open(server.port(), path, EVIL)) {
                assertThat(refused.handshake()).startsWith("HTTP/1.1 403");
            }
            try (var local = RawWebSocket.open(server.port(), path, "Origin: http://localhost:5173\r\n")) {
                assertThat(local.handshake()).as("a loopback page").startsWith("HTTP/1.1 101");
                assertAnswered(local, path);
            }
            try (var noOrigin = RawWebSocket.open(server.port(), path, "")) {
                assertThat(noOrigin.handshake())
                        .as("a client that is not a browser")
                        .startsWith("HTTP/1.1 101");
                assertAnswered(noOrigin, path);
            }
            assertThat(lifecycle.opened.get())
                    .as("only the two accepted sockets built one")
                    .isEqualTo(2);
        }
    }

    private static void assertAnswered(RawWebSocket socket, String path) throws Exception {
        socket.sendText(
                path.equals("/mcp")
                        ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"
                        : "{\"type\":\"reset\",\"data\":{}}");
        RawWebSocket.Frame reply = socket.next();
        assertThat(reply).isNotNull();
        assertThat(reply.opcode()).isEqualTo(0x1);
    }

    @Test
    void theMcpDialectRefusesAForeignOriginEvenWithATextPlainBody() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(CalculatorEnvironment.spec(lifecycle), ServerConfig.ephemeral())
                .start()) {
            HttpResponse<String> refused = post(
                    server,
                    "/mcp",
                    "text/plain",
                    "https://evil.example",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"tally\",\"arguments\":{}}}");

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("Forbidden: origin not allowed");
            assertThat(lifecycle.opened.get()).isZero();

            HttpResponse<String> local = post(
                    server,
                    "/mcp",
                    "text/plain",
                    "http://127.0.0.1:3000",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            assertThat(local.statusCode()).isEqualTo(200);
            assertThat(local.body()).contains("\"tools\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/reset", "/step", "/state", "/health"})
    void everyHttpRouteRefusesAForeignOrigin(String path) throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(CounterEnvironment.spec(lifecycle), ServerConfig.ephemeral())
                .start()) {
            String body = path.equals("/step") ? "{\"action\":{\"delta\":1}}" : "{}";
            HttpResponse<String> refused = path.equals("/state") || path.equals("/health")
                    ? get(server, path, "https://evil.example")
                    : post(server, path, "application/json", "https://evil.example", body);

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("{\"detail\":\"Forbidden: origin not allowed\"}");
            assertThat(lifecycle.opened.get()).isZero();
            HttpResponse<String> noOrigin = path.equals("/state") || path.equals("/health")
                    ? get(server, path, null)
                    : post(server, path, "application/json", null, body);
            assertThat(noOrigin.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void listedOriginsReplaceTheLoopbackDefault() throws Exception {
        var config = ServerConfig.fromEnvironment(java.util.Map.of("OPENENV_ALLOWED_ORIGINS", "https://app.example"))
                .withHost("127.0.0.1")
                .withPort(0);
        assertThat(config.mcp().allowedOrigins()).isEqualTo(List.of("https://app.example"));
        try (var server = EnvServer.create(CounterEnvironment.spec(), config).start()) {
            try (var app = RawWebSocket.open(server.port(), "/ws", "Origin: https://app.example\r\n")) {
                assertThat(app.handshake()).startsWith("HTTP/1.1 101");
            }
            try (var local = RawWebSocket.open(server.port(), "/ws", "Origin: http://localhost\r\n")) {
                assertThat(local.handshake()).startsWith("HTTP/1.1 403");
            }
        }
    }

    private static HttpResponse<String> post(EnvServer server, String path, String type, String origin, String body)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("origin", origin);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(EnvServer server, String path, String origin) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (origin != null) {
            request.header("origin", origin);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
