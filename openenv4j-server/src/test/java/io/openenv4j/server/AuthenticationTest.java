package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server started with an access token refuses every unauthenticated request on every surface, before
 * any environment is built, and serves requests that carry the token; the trainer channel keeps its own.
 */
class AuthenticationTest {

    static final String TOKEN = "access-token-0123456789abcdef";
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Lifecycle LIFECYCLE = new Lifecycle();
    private static EnvServer server;

    @BeforeAll
    static void start() throws Exception {
        server = EnvServer.create(
                        CalculatorEnvironment.spec(LIFECYCLE),
                        ServerConfig.ephemeral()
                                .withAccess(ServerAccess.open().withToken(TOKEN))
                                .withTrainer(TrainerChannel.of(TrainerChannelTest.TOKEN)))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /metadata",
                "GET /schema",
                "GET /openapi.json",
                "POST /reset",
                "POST /step",
                "GET /state",
                "POST /mcp",
                "POST /mcp spec",
                "GET /nowhere"
            })
    void everyHttpRouteNeedsTheToken(String route) throws Exception {
        int before = LIFECYCLE.opened.get();
        for (String authorization : new String[] {
            null,
            "Bearer wrong-token-0123456789",
            "Bearer " + TOKEN + "x",
            "Basic " + base64("openenv:nope"),
            TOKEN,
            "Bearer"
        }) {
            HttpResponse<String> refused = send(route, authorization);
            assertThat(refused.statusCode())
                    .as(route + " with " + authorization)
                    .isEqualTo(401);
            assertThat(refused.headers().firstValue("www-authenticate")).contains("Bearer realm=\"openenv4j\"");
            assertThat(refused.body()).doesNotContain(TOKEN);
        }
        assertThat(LIFECYCLE.opened.get())
                .as("no environment built for a refused request")
                .isEqualTo(before);

        int expected = route.equals("GET /nowhere") ? 404 : 200;
        assertThat(send(route, "Bearer " + TOKEN).statusCode()).isEqualTo(expected);
        assertThat(send(route, "bearer  " + TOKEN + " ").statusCode())
                .as("scheme case and spaces")
                .isEqualTo(expected);
        assertThat(send(route, "Basic " + base64("openenv:" + TOKEN)).statusCode())
                .as("token as Basic password")
                .isEqualTo(expected);
    }

    @Test
    void theHealthProbeAnswersWithoutTheTokenAndSaysNothingMore() throws Exception {
        int before = LIFECYCLE.opened.get();
        for (String authorization : new String[] {null, "Bearer wrong-token-0123456789", "Bearer " + TOKEN}) {
            HttpResponse<String> health = send("GET /health", authorization);
            assertThat(health.statusCode())
                    .as("GET /health with " + authorization)
                    .isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"healthy\"}");
        }
        assertThat(send("GET /health/", null).statusCode())
                .as("only the exact path is open")
                .isEqualTo(401);
        assertThat(send("POST /health", null).statusCode())
                .as("only GET and HEAD are open")
                .isEqualTo(401);
        assertThat(LIFECYCLE.opened.get()).as("a probe builds no environment").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws", "/mcp", "/ws/batch?envs=1"})
    void everyWebSocketNeedsTheToken(String path) throws Exception {
        int before = LIFECYCLE.opened.get();
        try (var refused = RawWebSocket.open(server.port(), path, "")) {
            assertThat(refused.handshake()).startsWith("HTTP/1.1 401");
        }
        try (var wrong = RawWebSocket.open(server.port(), path, "Authorization: Bearer not-the-token-0123456789\r\n")) {
            assertThat(wrong.handshake()).startsWith("HTTP/1.1 401");
        }
        assertThat(LIFECYCLE.opened.get()).isEqualTo(before);
        try (var allowed = RawWebSocket.open(server.port(), path, "Authorization: Bearer " + TOKEN + "\r\n")) {
            assertThat(allowed.handshake()).startsWith("HTTP/1.1 101");
            allowed.sendText(
                    path.equals("/mcp")
                            ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"
                            : "{\"type\":\"reset\",\"data\":{}}");
            assertThat(allowed.next().text()).doesNotContain("\"error\"");
        }
    }

    @Test
    void theTrainerChannelKeepsItsOwnToken() throws Exception {
        assertThat(get("/trainer/episodes", "Bearer " + TrainerChannelTest.TOKEN)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/trainer/episodes", "Bearer " + TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void theTokenComesFromAFileOrAVariableAndIsNeverPrinted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        var fromFile = ServerConfig.fromEnvironment(Map.of("OPENENV_AUTH_TOKEN_FILE", file.toString()));
        var fromVariable = ServerConfig.fromEnvironment(Map.of("OPENENV_AUTH_TOKEN", TOKEN));

        assertThat(fromFile.access().token()).isEqualTo(TOKEN);
        assertThat(fromVariable.access().token()).isEqualTo(TOKEN);
        assertThat(fromFile.toString()).doesNotContain(TOKEN);
        assertThat(ServerConfig.fromEnvironment(Map.of()).access().token())
                .as("off by default")
                .isNull();
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("OPENENV_AUTH_TOKEN", "short")))
                .hasMessageContaining("OPENENV_AUTH_TOKEN")
                .hasMessageContaining("16 characters");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(
                        Map.of("OPENENV_AUTH_TOKEN_FILE", dir.resolve("missing").toString())))
                .hasMessageContaining("cannot read the token file");
    }

    private static HttpResponse<String> send(String route, String authorization) throws Exception {
        String[] parts = route.split(" ");
        if (parts[0].equals("GET")) {
            return get(parts[1], authorization);
        }
        String body = switch (parts[1]) {
            case "/step" -> "{\"action\":{\"type\":\"list_tools\"}}";
            case "/mcp" ->
                parts.length > 2
                        ? "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"
                        : "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
            default -> "{}";
        };
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + parts[1]))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .header("accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
