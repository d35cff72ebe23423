package io.openenv4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openenv4j.client.TestTypes.GridObservation;
import io.openenv4j.client.TestTypes.MoveAction;
import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.StepOptions;
import io.openenv4j.wire.WireJson;
import io.vertx.core.http.HttpServerRequest;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The HTTP client against a small Vert.x server that answers the routes like the reference. */
class EnvHttpClientTest {

    /** One request as the server saw it. */
    record Seen(String method, String path, String contentType, String body) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private FakeServer referenceLike() throws Exception {
        return FakeServer.http(request -> request.body().onSuccess(body -> {
            seen.add(new Seen(
                    request.method().name(), request.path(), request.getHeader("content-type"), body.toString()));
            switch (request.path()) {
                case "/health" -> json(request, 200, "{\"status\":\"healthy\"}");
                case "/metadata" ->
                    json(
                            request,
                            200,
                            "{\"name\":\"grid\",\"description\":\"A grid.\",\"readme_content\":null,"
                                    + "\"version\":\"1.0.0\",\"author\":null,\"documentation_url\":null,\"added_later\":true}");
                case "/schema" -> json(request, 200, "{\"action\":{},\"observation\":{},\"state\":{}}");
                case "/openapi.json" -> json(request, 200, "{\"info\":{\"version\":\"1.0.0\"},\"paths\":{}}");
                case "/reset" ->
                    json(
                            request,
                            200,
                            "{\"observation\":{\"board\":\"...\",\"moves_left\":9,\"score\":0.0},\"reward\":0.0,\"done\":false}");
                case "/step" ->
                    json(
                            request,
                            200,
                            "{\"observation\":{\"board\":\"x..\",\"moves_left\":8,\"score\":1.0},\"reward\":1.0,\"done\":false}");
                case "/state" -> json(request, 200, "{\"episode_id\":null,\"step_count\":0}");
                case "/mcp" -> json(request, 200, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[]}}");
                default -> json(request, 404, "{\"detail\":\"Not Found\"}");
            }
        }));
    }

    private static void json(HttpServerRequest request, int status, String body) {
        request.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(body);
    }

    private static EnvHttpClient<MoveAction, GridObservation, BasicState> client(
            FakeServer server, ClientOptions options) {
        return EnvHttpClient.create(
                server.baseUrl() + "/", MoveAction.class, GridObservation.class, BasicState.class, options);
    }

    @Test
    void healthMetadataSchemaAndOpenApiAreRead() throws Exception {
        try (var server = referenceLike();
                var http = client(server, ClientOptions.defaults())) {
            assertThat(http.health()).isEqualTo("healthy");
            assertThat(http.metadata()).isEqualTo(EnvironmentMetadata.of("grid", "A grid."));
            assertThat(http.schema().propertyNames()).containsExactly("action", "observation", "state");
            assertThat(http.openApi().path("info").path("version").asString()).isEqualTo("1.0.0");
            assertThat(seen).extracting(Seen::method).containsOnly("GET");
        }
    }

    @Test
    void resetPostsTheRequestAsJson() throws Exception {
        try (var server = referenceLike();
                var http = client(server, ClientOptions.defaults())) {
            Step<GridObservation> step = http.reset(ResetRequest.withSeed(7));

            assertThat(seen).containsExactly(new Seen("POST", "/reset", "application/json", "{\"seed\":7}"));
            assertThat(step).isEqualTo(new Step<>(new GridObservation("...", 9, 0.0), 0.0, false));
        }
    }

    @Test
    void stepPostsTheActionWithItsTimeoutAndRequestId() throws Exception {
        try (var server = referenceLike();
                var http = client(server, ClientOptions.defaults())) {
            Step<GridObservation> step =
                    http.step(new MoveAction("up", 1), new StepOptions(Duration.ofMillis(1500), "r-1"));

            assertThat(WireJson.parse(seen.get(0).body()))
                    .isEqualTo(
                            WireJson.parse(
                                    "{\"action\":{\"direction\":\"up\",\"step_size\":1},\"timeout_s\":1.5,\"request_id\":\"r-1\"}"));
            assertThat(step.reward()).isEqualTo(1.0);
            assertThat(http.step(new MoveAction("up", 1)).observation().movesLeft())
                    .isEqualTo(8);
            assertThat(seen.get(1).body()).isEqualTo("{\"action\":{\"direction\":\"up\",\"step_size\":1}}");
        }
    }

    @Test
    void stateDecodesTheBaseFields() throws Exception {
        try (var server = referenceLike();
                var http = client(server, ClientOptions.defaults())) {
            assertThat(http.state()).isEqualTo(new BasicState(null, 0));
        }
    }

    @Test
    void mcpPostsTheJsonRpcRequestAndReturnsTheResponse() throws Exception {
        try (var server = referenceLike();
                var http = EnvHttpClient.generic(server.baseUrl())) {
            var response = http.mcp(WireJson.parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}"));

            assertThat(response.path("result").path("tools").isArray()).isTrue();
            assertThat(seen)
                    .containsExactly(new Seen(
                            "POST",
                            "/mcp",
                            "application/json",
                            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}"));
        }
    }

    @Test
    void aValidationFailureIs422AndACrashIs500() throws Exception {
        try (var server = FakeServer.http(request -> {
                    if (request.path().equals("/reset")) {
                        json(
                                request,
                                422,
                                "{\"detail\":[{\"type\":\"greater_than_equal\",\"loc\":[\"body\",\"seed\"]}]}");
                    } else {
                        request.response().setStatusCode(500).end("Internal Server Error");
                    }
                });
                var http = client(server, ClientOptions.defaults())) {
            var invalid = catchThrowableOfType(
                    HttpStatusException.class, () -> http.reset(new ResetRequest(-1L, null, Map.of())));
            assertThat(invalid.status()).isEqualTo(422);
            assertThat(invalid.body()).contains("greater_than_equal");

            var crash = catchThrowableOfType(HttpStatusException.class, () -> http.step(new MoveAction("up", 1)));
            assertThat(crash.status()).isEqualTo(500);
            assertThat(crash.body()).isEqualTo("Internal Server Error");
            assertThat(crash).hasMessageContaining("POST /step answered 500");
        }
    }

    @Test
    void aRouteTheServerDoesNotOfferIs404() throws Exception {
        try (var server = FakeServer.http(request -> json(request, 404, "{\"detail\":\"Not Found\"}"));
                var http = client(server, ClientOptions.defaults())) {
            assertThatThrownBy(http::state)
                    .isInstanceOfSatisfying(
                            HttpStatusException.class,
                            e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void aBodyThatIsNotJsonIsAProtocolError() throws Exception {
        try (var server = FakeServer.http(request -> request.response().end("hello"));
                var http = client(server, ClientOptions.defaults())) {
            assertThatThrownBy(http::health).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void metadataWithoutANameIsAProtocolError() throws Exception {
        try (var server = FakeServer.http(request -> json(request, 200, "{\"description\":\"d\"}"));
                var http = client(server, ClientOptions.defaults())) {
            assertThatThrownBy(http::metadata).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() throws Exception {
        try (var server = FakeServer.http(request -> {});
                var http = client(server, ClientOptions.defaults().withReplyTimeout(Duration.ofMillis(200)))) {
            assertThatThrownBy(http::health)
                    .isInstanceOfSatisfying(
                            TransportException.class,
                            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.TIMEOUT));
        }
    }

    @Test
    void aResponseBeyondTheLimitIsRefused() throws Exception {
        try (var server = FakeServer.http(request -> json(request, 200, "{\"blob\":\"" + "z".repeat(4096) + "\"}"));
                var http = client(server, ClientOptions.defaults().withMaxMessageBytes(1024))) {
            assertThatThrownBy(http::schema)
                    .isInstanceOfSatisfying(
                            TransportException.class,
                            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.MESSAGE_TOO_LARGE));
        }
    }

    @Test
    void anUnreachableServerIsAConnectFailure() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (var http = EnvHttpClient.generic("127.0.0.1:" + port)) {
            assertThatThrownBy(http::health)
                    .isInstanceOfSatisfying(
                            TransportException.class,
                            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT_FAILED));
        }
    }
}
