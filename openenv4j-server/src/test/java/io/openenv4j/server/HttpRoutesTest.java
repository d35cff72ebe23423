package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The HTTP routes: shapes, status codes, validation, modes and limits. */
class HttpRoutesTest {

    private static final Lifecycle lifecycle = new Lifecycle();
    private static EnvServer server;
    private static EnvServer broken;
    private static EnvServer production;

    @BeforeAll
    static void start() throws Exception {
        server = EnvServer.create(CounterEnvironment.spec(lifecycle), ServerConfig.ephemeral())
                .start();
        broken = EnvServer.create(CounterEnvironment.brokenFactorySpec(), ServerConfig.ephemeral())
                .start();
        production = EnvServer.create(
                        CounterEnvironment.spec(), ServerConfig.ephemeral().withMode(ServerMode.PRODUCTION))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        broken.close();
        production.close();
    }

    @Test
    void healthIsAlwaysHealthy() throws Exception {
        var reply = HttpPeer.get(server, "/health");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("application/json");
        assertThat(reply.json().get("status").stringValue()).isEqualTo("healthy");
    }

    @Test
    void healthStaysHealthyWhenTheFactoryFails() throws Exception {
        assertThat(HttpPeer.get(broken, "/health").status()).isEqualTo(200);
    }

    @Test
    void metadataReportsNameDescriptionAndDefaults() throws Exception {
        JsonNode body = HttpPeer.get(server, "/metadata").json();

        assertThat(body.get("name").stringValue()).isEqualTo("counter");
        assertThat(body.get("description").stringValue()).isEqualTo("Counts the deltas it is sent.");
        assertThat(body.get("version").stringValue()).isEqualTo("1.0.0");
        assertThat(body.has("readme_content")).isTrue();
        assertThat(body.get("readme_content").isNull()).isTrue();
        assertThat(body.has("author")).isTrue();
        assertThat(body.has("documentation_url")).isTrue();
    }

    @Test
    void schemaDescribesActionObservationAndStateAsObjects() throws Exception {
        var reply = HttpPeer.get(server, "/schema");
        JsonNode body = reply.json();

        assertThat(reply.status()).isEqualTo(200);
        JsonNode action = body.get("action");
        assertThat(action.get("type").stringValue()).isEqualTo("object");
        assertThat(action.get("properties").propertyNames()).contains("delta", "sleep_ms", "fail", "metadata");
        assertThat(names(action.get("required"))).containsExactly("delta");
        assertThat(action.get("additionalProperties").asBoolean()).isFalse();
        assertThat(action.get("properties").get("delta").get("type").stringValue())
                .isEqualTo("integer");
        JsonNode observation = body.get("observation");
        assertThat(observation.get("type").stringValue()).isEqualTo("object");
        // Every field the server always sends is required (as pydantic lists fields without a default), the
        // reference's base fields done, reward and metadata (which have defaults) are not.
        var ownFields = new java.util.ArrayList<>(observation.get("properties").propertyNames());
        ownFields.removeAll(java.util.List.of("done", "reward", "metadata"));
        assertThat(names(observation.get("required"))).contains("count").containsExactlyElementsOf(ownFields);
        assertThat(body.get("reset_observation")).isEqualTo(observation);
        JsonNode state = body.get("state");
        assertThat(state.get("type").stringValue()).isEqualTo("object");
        assertThat(state.get("properties").propertyNames()).contains("episode_id", "step_count", "count");
        assertThat(state.get("additionalProperties").asBoolean()).isTrue();
    }

    @Test
    void openApiDocumentHasVersionOneAndTheSimulationPaths() throws Exception {
        JsonNode doc = HttpPeer.get(server, "/openapi.json").json();

        assertThat(doc.get("info").get("version").stringValue()).isEqualTo("1.0.0");
        assertThat(doc.get("info").get("title").stringValue()).isEqualTo("OpenEnv Environment HTTP API");
        assertThat(doc.get("paths").propertyNames())
                .contains("/reset", "/step", "/state", "/metadata", "/health", "/schema", "/mcp");
    }

    @Test
    void openApiDocumentsTheTaskRoutesAsTheReferenceDoes() throws Exception {
        JsonNode doc = HttpPeer.get(server, "/openapi.json").json();

        assertThat(doc.get("paths").propertyNames())
                .contains(
                        "/list_environments",
                        "/{env_name}/splits",
                        "/{env_name}/tasks",
                        "/{env_name}/num_tasks",
                        "/{env_name}/task",
                        "/{env_name}/task_range");
        JsonNode task = doc.at("/paths/~1{env_name}~1task/post");
        assertThat(task.path("tags").toString()).isEqualTo("[\"Task API\"]");
        assertThat(task.path("operationId").asString()).isEqualTo("get_task__env_name__task_post");
        assertThat(task.at("/parameters/0/name").asString()).isEqualTo("env_name");
        assertThat(task.at("/requestBody/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/GetTaskRequest");
        assertThat(task.path("responses").propertyNames()).containsExactly("200", "422");
        JsonNode request = doc.at("/components/schemas/GetTaskRequest");
        assertThat(request.path("required").toString()).isEqualTo("[\"split\",\"index\"]");
        assertThat(request.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(doc.at("/components/schemas/GetTaskRangeRequest/properties").propertyNames())
                .containsExactly("split", "start", "stop");
        assertThat(doc.at("/paths/~1list_environments/get/responses/200/content/application~1json/schema/type")
                        .asString())
                .isEqualTo("array");
    }

    @Test
    void resetAppliesSeedAndEpisodeId() throws Exception {
        var reply =
                HttpPeer.post(server, "/reset", "{\"seed\":7,\"episode_id\":\"episode-001\",\"difficulty\":\"hard\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("application/json");
        JsonNode body = reply.json();
        // As the newest reference's ResetResponse: metadata beside the observation, null when empty; the
        // observation's own metadata {} (openenv 0.4+).
        assertThat(body.propertyNames()).containsExactly("observation", "reward", "done", "metadata");
        assertThat(body.get("metadata").isNull()).isTrue();
        assertThat(body.get("observation").get("metadata").isEmpty()).isTrue();
        assertThat(body.get("observation").get("count").asLong()).isEqualTo(7);
        assertThat(body.get("observation").has("reward")).isFalse();
        assertThat(body.get("reward").isNumber()).isTrue();
        assertThat(body.get("reward").asDouble()).isEqualTo(0.0);
        assertThat(body.get("done").asBoolean()).isFalse();
    }

    @Test
    void resetWithoutBodyUsesDefaults() throws Exception {
        var empty = HttpPeer.post(server, "/reset", "");
        var nullBody = HttpPeer.post(server, "/reset", "null");

        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().get("observation").get("count").asLong()).isZero();
        assertThat(nullBody.status()).isEqualTo(200);
    }

    @Test
    void resetRejectsNegativeSeed() throws Exception {
        var reply = HttpPeer.post(server, "/reset", "{\"seed\":-1}");

        assertThat(reply.status()).isEqualTo(422);
        JsonNode issue = reply.json().get("detail").get(0);
        assertThat(issue.get("type").stringValue()).isEqualTo("greater_than_equal");
        assertThat(locations(issue)).containsExactly("body", "seed");
        assertThat(issue.get("input").asInt()).isEqualTo(-1);
    }

    @Test
    void resetRejectsNonIntegerSeed() throws Exception {
        var reply = HttpPeer.post(server, "/reset", "{\"seed\":\"abc\"}");

        assertThat(reply.status()).isEqualTo(422);
        JsonNode issue = reply.json().get("detail").get(0);
        assertThat(locations(issue)).containsExactly("body", "seed");
        assertThat(issue.get("input").stringValue()).isEqualTo("abc");
    }

    @Test
    void resetAcceptsIntegerStringSeed() throws Exception {
        var reply = HttpPeer.post(server, "/reset", "{\"seed\":\"12\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("observation").get("count").asLong()).isEqualTo(12);
    }

    @Test
    void resetRejectsEpisodeIdLongerThan255Characters() throws Exception {
        var ok = HttpPeer.post(server, "/reset", "{\"episode_id\":\"" + "x".repeat(255) + "\"}");
        var tooLong = HttpPeer.post(server, "/reset", "{\"episode_id\":\"" + "x".repeat(256) + "\"}");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(locations(tooLong.json().get("detail").get(0))).containsExactly("body", "episode_id");
    }

    @Test
    void resetRejectsMalformedJson() throws Exception {
        var reply = HttpPeer.post(server, "/reset", "{\"seed\":");

        assertThat(reply.status()).isEqualTo(422);
        JsonNode issue = reply.json().get("detail").get(0);
        assertThat(issue.get("type").stringValue()).isEqualTo("json_invalid");
        assertThat(issue.get("loc").get(0).stringValue()).isEqualTo("body");
    }

    @Test
    void resetRejectsBodyThatIsNotAnObject() throws Exception {
        var reply = HttpPeer.post(server, "/reset", "[1,2]");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("detail").isArray()).isTrue();
    }

    @Test
    void stepAppliesTheActionToAFreshInstance() throws Exception {
        var first = HttpPeer.post(server, "/step", "{\"action\":{\"delta\":3}}");
        var second = HttpPeer.post(server, "/step", "{\"action\":{\"delta\":3}}");

        assertThat(first.status()).isEqualTo(200);
        JsonNode body = first.json();
        assertThat(body.get("observation").get("count").asLong()).isEqualTo(3);
        assertThat(body.get("reward").isNumber()).isTrue();
        assertThat(body.get("reward").asDouble()).isEqualTo(3.0);
        assertThat(body.get("done").asBoolean()).isFalse();
        assertThat(second.json().get("observation").get("count").asLong())
                .as("stateless")
                .isEqualTo(3);
    }

    @Test
    void stepCoercesIntegerStringsLikePydantic() throws Exception {
        var reply = HttpPeer.post(server, "/step", "{\"action\":{\"delta\":\"4\"}}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("observation").get("count").asLong()).isEqualTo(4);
    }

    @Test
    void stepAcceptsTimeoutRequestIdAndActionMetadata() throws Exception {
        var reply = HttpPeer.post(
                server,
                "/step",
                "{\"action\":{\"delta\":1,\"metadata\":{\"k\":1}},\"timeout_s\":2.5,\"request_id\":\"r-1\"}");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void stepRequiresAnAction() throws Exception {
        var reply = HttpPeer.post(server, "/step", "{\"timeout_s\":1}");

        assertThat(reply.status()).isEqualTo(422);
        JsonNode issue = reply.json().get("detail").get(0);
        assertThat(issue.get("type").stringValue()).isEqualTo("missing");
        assertThat(locations(issue)).containsExactly("body", "action");
    }

    @Test
    void stepRejectsActionThatIsNotAnObject() throws Exception {
        var reply = HttpPeer.post(server, "/step", "{\"action\":5}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(locations(reply.json().get("detail").get(0))).containsExactly("body", "action");
    }

    @Test
    void stepReportsUnknownActionKeysRelativeToTheAction() throws Exception {
        var reply = HttpPeer.post(server, "/step", "{\"action\":{\"delta\":1,\"bogus\":1}}");

        assertThat(reply.status()).isEqualTo(422);
        JsonNode issue = reply.json().get("detail").get(0);
        assertThat(issue.get("type").stringValue()).isEqualTo("extra_forbidden");
        assertThat(locations(issue)).containsExactly("bogus");
        assertThat(issue.get("input").asInt()).isEqualTo(1);
    }

    @Test
    void stepReportsMissingRequiredActionField() throws Exception {
        var reply = HttpPeer.post(server, "/step", "{\"action\":{}}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(locations(reply.json().get("detail").get(0))).containsExactly("delta");
    }

    @Test
    void stepRejectsTimeoutThatIsNotPositive() throws Exception {
        var zero = HttpPeer.post(server, "/step", "{\"action\":{\"delta\":1},\"timeout_s\":0}");
        var negative = HttpPeer.post(server, "/step", "{\"action\":{\"delta\":1},\"timeout_s\":-1.5}");

        assertThat(zero.status()).isEqualTo(422);
        assertThat(locations(zero.json().get("detail").get(0))).containsExactly("body", "timeout_s");
        assertThat(negative.status()).isEqualTo(422);
    }

    @Test
    void stepRejectsMalformedJson() throws Exception {
        var reply = HttpPeer.post(server, "/step", "{not json");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("detail").get(0).get("type").stringValue()).isEqualTo("json_invalid");
    }

    @Test
    void stepRejectsEmptyBody() throws Exception {
        var reply = HttpPeer.post(server, "/step", "");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("detail").isArray()).isTrue();
    }

    @Test
    void stateReportsAFreshInstance() throws Exception {
        var reply = HttpPeer.get(server, "/state");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("episode_id").isNull()).isTrue();
        assertThat(body.get("step_count").isIntegralNumber()).isTrue();
        assertThat(body.get("step_count").asLong()).isZero();
    }

    @Test
    void environmentExceptionIsA500() throws Exception {
        var reply = HttpPeer.post(server, "/step", "{\"action\":{\"delta\":1,\"fail\":\"cannot move\"}}");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body()).doesNotContain("at io.openenv4j");
    }

    @Test
    void factoryFailureIsA500OnEveryStatelessRoute() throws Exception {
        assertThat(HttpPeer.post(broken, "/reset", "{}").status()).isEqualTo(500);
        assertThat(HttpPeer.post(broken, "/step", "{\"action\":{\"delta\":1}}").status())
                .isEqualTo(500);
        assertThat(HttpPeer.get(broken, "/state").status()).isEqualTo(500);
        assertThat(HttpPeer.get(broken, "/state").body()).doesNotContain("no GPU available");
    }

    @Test
    void statelessRoutesCloseTheInstanceTheyCreate() throws Exception {
        var local = new Lifecycle();
        try (var own = EnvServer.create(CounterEnvironment.spec(local), ServerConfig.ephemeral())
                .start()) {
            HttpPeer.post(own, "/reset", "{}");
            HttpPeer.post(own, "/step", "{\"action\":{\"delta\":1}}");
            HttpPeer.post(own, "/step", "{\"action\":{\"delta\":1,\"fail\":\"x\"}}");
            HttpPeer.get(own, "/state");

            local.awaitClosed(4, Duration.ofSeconds(2));
            assertThat(local.opened.get()).isEqualTo(4);
            // The slot is given back just after the instance closes: wait for it rather than race it.
            Eventually.until(() -> own.activeSessions() == 0, Duration.ofSeconds(5));
            assertThat(own.activeSessions()).as("stateless routes keep no slot").isZero();
        }
    }

    @Test
    void unknownPathIs404NotFound() throws Exception {
        var reply = HttpPeer.get(server, "/nope");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("detail").stringValue()).isEqualTo("Not Found");
    }

    @Test
    void plainGetOfTheWebSocketPathIs404() throws Exception {
        assertThat(HttpPeer.get(server, "/ws").status()).isEqualTo(404);
    }

    @Test
    void wrongMethodIs405WithAllowHeader() throws Exception {
        var getReset = HttpPeer.get(server, "/reset");
        var postHealth = HttpPeer.post(server, "/health", "{}");

        assertThat(getReset.status()).isEqualTo(405);
        assertThat(getReset.json().get("detail").stringValue()).isEqualTo("Method Not Allowed");
        assertThat(getReset.header("allow")).isEqualTo("POST");
        assertThat(postHealth.status()).isEqualTo(405);
        assertThat(postHealth.header("allow")).isEqualTo("GET");
    }

    @Test
    void trailingSlashRedirectsWith307() throws Exception {
        var reply = HttpPeer.post(server, "/reset/", "{}");
        var health = HttpPeer.get(server, "/health/?x=1");

        assertThat(reply.status()).isEqualTo(307);
        assertThat(reply.header("location")).endsWith("/reset");
        assertThat(health.status()).isEqualTo(307);
        assertThat(health.header("location")).endsWith("/health?x=1");
    }

    @Test
    void productionModeRemovesTheSimulationRoutes() throws Exception {
        assertThat(HttpPeer.post(production, "/reset", "{}").status()).isEqualTo(404);
        assertThat(HttpPeer.post(production, "/step", "{\"action\":{\"delta\":1}}")
                        .status())
                .isEqualTo(404);
        assertThat(HttpPeer.get(production, "/state").status()).isEqualTo(404);
        assertThat(HttpPeer.post(production, "/reset/", "{}").status()).isEqualTo(404);
    }

    @Test
    void productionModeKeepsTheAgentFacingRoutes() throws Exception {
        assertThat(HttpPeer.get(production, "/health").status()).isEqualTo(200);
        assertThat(HttpPeer.get(production, "/metadata").status()).isEqualTo(200);
        assertThat(HttpPeer.get(production, "/schema").status()).isEqualTo(200);
        assertThat(HttpPeer.post(production, "/mcp", "{}").status()).isEqualTo(200);
        try (var socket = SocketPeer.open(production, "/ws")) {
            assertThat(socket.call("{\"type\":\"reset\"}").get("type").stringValue())
                    .isEqualTo("observation");
        }
    }

    @Test
    void openenvModeChoosesTheModeAsTheNewestReferenceReadsIt() {
        // openenv 0.7+: OPENENV_MODE selects the mode when none is given; simulation by default.
        assertThat(ServerConfig.fromEnvironment(java.util.Map.of()).mode()).isEqualTo(ServerMode.SIMULATION);
        assertThat(ServerConfig.fromEnvironment(java.util.Map.of("OPENENV_MODE", "production"))
                        .mode())
                .isEqualTo(ServerMode.PRODUCTION);
        assertThat(ServerConfig.fromEnvironment(java.util.Map.of("OPENENV_MODE", "simulation"))
                        .mode())
                .isEqualTo(ServerMode.SIMULATION);
    }

    @Test
    void theHarnessSocketOfTheNewestReferenceIsNotServed() throws Exception {
        // openenv 0.7+ serves WS /harness for harness environments in production mode; we have none (W9).
        assertThat(HttpPeer.get(production, "/harness").status()).isEqualTo(404);
    }

    @Test
    void productionOpenApiListsOnlyItsPaths() throws Exception {
        JsonNode doc = HttpPeer.get(production, "/openapi.json").json();

        assertThat(doc.get("info").get("version").stringValue()).isEqualTo("1.0.0");
        assertThat(doc.get("paths").propertyNames())
                .contains("/metadata", "/health", "/schema", "/mcp", "/list_environments", "/{env_name}/task")
                .doesNotContain("/reset", "/step", "/state");
    }

    @Test
    void bodyLargerThanTheLimitIs413() throws Exception {
        try (var small = EnvServer.create(
                        CounterEnvironment.spec(), ServerConfig.ephemeral().withMaxMessageBytes(4096))
                .start()) {
            String padding = "x".repeat(20_000);
            var reply = HttpPeer.post(small, "/reset", "{\"padding\":\"" + padding + "\"}");
            var fits = HttpPeer.post(small, "/reset", "{\"padding\":\"" + "x".repeat(1000) + "\"}");

            assertThat(reply.status()).isEqualTo(413);
            assertThat(fits.status()).isEqualTo(200);
        }
    }

    @Test
    void expectContinueIsAnsweredWithoutWaitingForTheBody() throws Exception {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream()
                    .write(("POST /reset HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[64];
            int read = socket.getInputStream().read(buffer);

            assertThat(new String(buffer, 0, Math.max(read, 0), StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 100 Continue");
        }
    }

    static List<String> names(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(node -> out.add(node.stringValue()));
        return out;
    }

    static List<Object> locations(JsonNode issue) {
        var out = new ArrayList<Object>();
        issue.get("loc").forEach(node -> out.add(node.isNumber() ? node.asInt() : node.stringValue()));
        return out;
    }
}
