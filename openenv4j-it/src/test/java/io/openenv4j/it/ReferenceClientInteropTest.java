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
        javaEcho = EnvServer.create(EchoEnvironment.spec(), ServerConfig.ephemeral())
                .start();
        javaCounter = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start();
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
        if (isOpenenvCore030(expected)) {
            actual = withoutNewestMetadata(actual, expected);
        }
        assertThat(actual.path("steps").size()).isEqualTo(expected.path("steps").size());
        for (int i = 0; i < expected.path("steps").size(); i++) {
            assertThat(WireJson.write(actual.path("steps").get(i)))
                    .as("step %d of %s", i, scenario)
                    .isEqualTo(WireJson.write(expected.path("steps").get(i)));
        }
    }

    /** Whether a transcript was recorded with the clients of {@code openenv-core} 0.3.0 (the oldest reference). */
    static boolean isOpenenvCore030(JsonNode transcript) {
        return transcript.path("client").path("openenv-core").asString("").equals("0.3.0");
    }

    /**
     * Our transcript without the observation metadata that the newest reference sends and 0.3.0 never did
     * (docs/protocol.md, W2: 0.3.0's server left {@code metadata} out of every observation, so its transcripts
     * show none, or the client's own empty default): ours is set aside only where the 0.3.0 transcript has no
     * {@code metadata} or an empty one at that place. Every other difference is still compared, and the newest
     * reference's run compares the metadata byte for byte.
     */
    static JsonNode withoutNewestMetadata(JsonNode ours, JsonNode reference) {
        JsonNode copy = ours.deepCopy();
        dropAddedMetadata(copy, reference);
        return copy;
    }

    private static void dropAddedMetadata(JsonNode ours, JsonNode reference) {
        if (ours instanceof ObjectNode object && reference != null && reference.isObject()) {
            JsonNode metadata = object.get("metadata");
            JsonNode theirs = reference.get("metadata");
            boolean neverSent = theirs == null || (theirs.isObject() && theirs.isEmpty());
            if (metadata != null && neverSent && (metadata.isNull() || metadata.isObject())) {
                object.remove("metadata");
                if (theirs != null) {
                    object.set("metadata", theirs.deepCopy()); // the 0.3.0 client's own default, where it shows one
                }
            }
            object.properties().forEach(entry -> dropAddedMetadata(entry.getValue(), reference.get(entry.getKey())));
        } else if (ours != null && ours.isArray() && reference != null && reference.isArray()) {
            for (int i = 0; i < ours.size() && i < reference.size(); i++) {
                dropAddedMetadata(ours.get(i), reference.get(i));
            }
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
    /** The newest client's wording: the server's argument validation message, without the error type. */
    private static final java.util.regex.Pattern INVALID_ARGS_NEWEST = java.util.regex.Pattern.compile(
            "(?s)^(Tool '[^']*' failed: )(?:Invalid arguments for tool |1 validation error for call\\[|\\d+ validation errors for call\\[).*");

    private static JsonNode sortedKeys(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode sorted = object.objectNode();
            new java.util.TreeSet<>(object.propertyNames())
                    .forEach(name -> sorted.set(name, sortedKeys(object.get(name))));
            return sorted;
        }
        if (node != null && node.isArray()) {
            var array = ((tools.jackson.databind.node.ArrayNode) node).arrayNode();
            node.forEach(item -> array.add(sortedKeys(item)));
            return array;
        }
        return node;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.get("message") != null && object.get("message").isString()) {
                String message = INVALID_ARGS
                        .matcher(object.get("message").stringValue())
                        .replaceAll("$1<argument validation message>$2");
                object.put(
                        "message", INVALID_ARGS_NEWEST.matcher(message).replaceAll("$1<argument validation message>"));
            }
            if (object.has("inputSchema") && !object.has("input_schema")) {
                // The newest reference's /mcp tools/list dumps mcp 1.x Tool models (camelCase); ours and 0.3.0's
                // use the reference's own Tool spelling. Both reference clients read either (docs/protocol.md).
                var renamed = new java.util.LinkedHashMap<String, JsonNode>();
                object.properties()
                        .forEach(entry -> renamed.put(
                                entry.getKey().equals("inputSchema") ? "input_schema" : entry.getKey(),
                                entry.getValue()));
                object.removeAll();
                renamed.forEach(object::set);
            }
            if (object.get("input_schema") instanceof ObjectNode schema) {
                // FastMCP 3 writes a schema's keys in another order; the content is compared, key by key.
                object.set("input_schema", sortedKeys(schema));
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
