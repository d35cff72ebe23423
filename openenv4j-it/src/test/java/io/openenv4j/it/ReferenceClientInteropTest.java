package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.envs.echo.EchoEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The unmodified Python reference clients run the same scripted episodes against the Python reference
 * server and against ours; the transcripts must match (observations, rewards, done flags, state, errors).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceClientInteropTest {

    private PythonReference.Server pythonEcho;
    private PythonReference.Server pythonCounter;
    private EnvServer javaEcho;
    private EnvServer javaCounter;

    @BeforeAll
    void start() throws Exception {
        PythonReference.assumeAvailable();
        pythonEcho = PythonReference.startServer("ref_echo_server.py");
        pythonCounter = PythonReference.startServer("ref_counter_server.py");
        javaEcho = EnvServer.create(EchoEnvironment.spec(), ServerConfig.ephemeral()).start();
        javaCounter = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral()).start();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {javaEcho, javaCounter, pythonEcho, pythonCounter}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @Test
    void genericClientSeesTheSameEchoEpisodeFromBothServers() throws Exception {
        assertSameTranscript("echo-generic", pythonEcho.url(), javaEcho.baseUrl());
    }

    @Test
    void mcpToolClientSeesTheSameEchoToolsFromBothServers() throws Exception {
        assertSameTranscript("echo-mcp", pythonEcho.url(), javaEcho.baseUrl());
    }

    @Test
    void typedClientSeesTheSameCounterEpisodeFromBothServers() throws Exception {
        assertSameTranscript("counter-typed", pythonCounter.url(), javaCounter.baseUrl());
    }

    private static void assertSameTranscript(String scenario, String python, String java) throws Exception {
        JsonNode expected = comparable(PythonReference.drive(python, scenario));
        JsonNode actual = comparable(PythonReference.drive(java, scenario));
        assertThat(actual.path("steps").size()).isEqualTo(expected.path("steps").size());
        for (int i = 0; i < expected.path("steps").size(); i++) {
            assertThat(WireJson.write(actual.path("steps").get(i)))
                    .as("step %d of %s", i, scenario)
                    .isEqualTo(WireJson.write(expected.path("steps").get(i)));
        }
    }

    /**
     * The transcript without what legitimately differs: FastMCP's server-info entry in tool-result
     * {@code meta} (names the Python library and its version; we do not impersonate it), and the wording
     * of argument-validation messages (pydantic's text, with its documentation URL; the error type
     * {@code invalid_args} is still compared).
     */
    static JsonNode comparable(JsonNode transcript) {
        JsonNode copy = transcript.deepCopy();
        strip(copy);
        return copy;
    }

    private static final java.util.regex.Pattern INVALID_ARGS =
            java.util.regex.Pattern.compile("(?s)(failed: ).*( \\(type: invalid_args\\))");

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.get("message") != null && object.get("message").isString()) {
                object.put("message", INVALID_ARGS.matcher(object.get("message").stringValue())
                        .replaceAll("$1<argument validation message>$2"));
            }
            if (object.path("error_type").asString("").equals("invalid_args")) {
                object.put("message", "<argument validation message>");
            }
            if (object.get("meta") instanceof ObjectNode meta && meta.has("io.modelcontextprotocol/serverInfo")) {
                meta.remove("io.modelcontextprotocol/serverInfo");
                if (meta.isEmpty()) {
                    object.putNull("meta");
                }
            }
            object.properties().forEach(entry -> strip(entry.getValue()));
        } else if (node != null && node.isArray()) {
            node.forEach(ReferenceClientInteropTest::strip);
        }
    }
}
