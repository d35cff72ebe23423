package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.envs.echo.EchoEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bad input and every route, sent byte for byte to the Python reference server and to ours (both serving
 * echo with two sessions): the same status codes, reply types, error codes, validation locations and
 * connection outcomes. Free-text messages (parser wording), pydantic's {@code url}/{@code ctx} extras and
 * FastMCP's own tool metadata are left out of the comparison; the deliberate differences listed in
 * docs/protocol.md are asserted separately.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceParityTest {

    /** Steps where we differ on purpose (docs/protocol.md, "Deliberate differences"). */
    private static final Set<String> SESSION_KEPT = Set.of(
            "fresh connection: binary frame",
            "fresh connection: non-object JSON array",
            "fresh connection: non-object JSON string",
            "fresh connection: non-object JSON number",
            "fresh connection: JSON null");

    private static final Map<String, String> DESCRIBED_DIFFERENTLY = Map.of(
            "GET /metadata", "our echo is named 'echo' and says what it does",
            "GET /schema", "schemas are generated from the Java types",
            "GET /openapi.json (info + sorted paths)", "our document describes OpenEnv4j; the paths are compared");
    /** The task API's routes (openenv 0.4.2+), which 0.3.0 does not serve. */
    private static final Set<String> TASK_ROUTES = Set.of(
            "/list_environments",
            "/{env_name}/splits",
            "/{env_name}/tasks",
            "/{env_name}/num_tasks",
            "/{env_name}/task",
            "/{env_name}/task_range");

    private static final Set<String> IGNORED_KEYS = Set.of(
            "url",
            "ctx",
            "reply",
            "unsolicited_frame",
            "title",
            "output_schema",
            "outputSchema",
            "execution",
            "icons",
            "annotations");

    private PythonReference.Server python;
    private EnvServer java;

    @BeforeAll
    void start() throws Exception {
        PythonReference.assumeAvailable();
        python = PythonReference.startServer("ref_echo_server.py", "--max-sessions", "2");
        java = EnvServer.create(EchoEnvironment.spec(), ServerConfig.ephemeral().withMaxSessions(2))
                .start();
    }

    @AfterAll
    void stop() {
        if (java != null) {
            java.close();
        }
        if (python != null) {
            python.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"errors-raw", "http-routes", "mcp-raw"})
    void theSameRequestsGetTheSameOutcomes(String scenario) throws Exception {
        JsonNode expected = PythonReference.drive(python.url(), scenario);
        JsonNode actual = PythonReference.drive(java.baseUrl(), scenario);
        boolean oldest = ReferenceClientInteropTest.isOpenenvCore030(expected);
        if (oldest) {
            // What the newest reference added (observation metadata, the task routes) is compared against it in
            // the interop-newest-openenv run; against 0.3.0 only those additions are set aside.
            actual = ReferenceClientInteropTest.withoutNewestMetadata(actual, expected);
        }
        assertThat(actual.path("steps").size()).isEqualTo(expected.path("steps").size());
        for (int i = 0; i < expected.path("steps").size(); i++) {
            JsonNode reference = expected.path("steps").get(i);
            JsonNode ours = actual.path("steps").get(i);
            String op = reference.path("op").asString();
            assertThat(ours.path("op").asString()).isEqualTo(op);
            if (SESSION_KEPT.contains(op)) {
                assertThat(ours.path("result").path("reply_json").path("type").asString())
                        .as(op)
                        .isEqualTo("error");
                assertThat(ours.path("result")
                                .path("reply_json")
                                .path("data")
                                .path("code")
                                .asString())
                        .as(op)
                        .isIn("INVALID_JSON", "VALIDATION_ERROR");
                assertThat(ours.path("result").path("connection").path("open").asBoolean(false))
                        .as(op + ": the session survives")
                        .isTrue();
            } else if (DESCRIBED_DIFFERENTLY.containsKey(op)) {
                assertThat(ours.path("result").path("status").asInt())
                        .as(op)
                        .isEqualTo(reference.path("result").path("status").asInt());
                var paths = new java.util.ArrayList<String>();
                ours.path("result").path("body").path("paths").forEach(path -> paths.add(path.asString()));
                if (oldest) {
                    paths.removeIf(TASK_ROUTES::contains);
                }
                var referencePaths = new java.util.ArrayList<String>();
                reference
                        .path("result")
                        .path("body")
                        .path("paths")
                        .forEach(path -> referencePaths.add(path.asString()));
                assertThat(paths).as(op).isEqualTo(referencePaths);
            } else {
                assertThat(WireJson.write(comparable(ours)))
                        .as("%s: %s", scenario, op)
                        .isEqualTo(WireJson.write(comparable(reference)));
            }
        }
    }

    private static JsonNode comparable(JsonNode step) {
        JsonNode copy = ReferenceClientInteropTest.comparable(step);
        normalise(copy);
        return copy;
    }

    private static void normalise(JsonNode node) {
        if (node instanceof ObjectNode object) {
            IGNORED_KEYS.forEach(object::remove);
            if (object.has("message") && object.get("message").isString()) {
                object.put("message", "<text>");
            }
            if (object.get("meta") instanceof ObjectNode meta
                    && meta.has("fastmcp")
                    && meta.get("fastmcp").has("tags")) {
                object.putNull("meta");
            }
            object.properties().forEach(entry -> normalise(entry.getValue()));
        } else if (node != null && node.isArray()) {
            node.forEach(ReferenceParityTest::normalise);
        }
    }
}
