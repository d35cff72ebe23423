package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.server.EnvServer;
import io.openenv4j.server.McpOptions;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The official MCP Python SDK ({@code mcp}, installed beside openenv-core) talks spec MCP over Streamable HTTP
 * to {@code /mcp} of a Java server whose tools are written with the annotation API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpPythonSdkInteropTest {

    private EnvServer server;
    private JsonNode transcript;

    @BeforeAll
    void run() throws Exception {
        PythonReference.assumeAvailable();
        server = EnvServer.create(
                        AnnotatedToolsEnvironment.spec(),
                        ServerConfig.ephemeral().withMcp(McpOptions.defaults().withToolsPageSize(3)))
                .start();
        PythonReference.Result result = PythonReference.run(
                List.of(
                        PythonReference.python().toString(),
                        PythonReference.script("mcp_sdk_driver.py").toString(),
                        "--url",
                        server.baseUrl() + "/mcp"),
                120);
        assertThat(result.exitCode()).as(result.error()).isZero();
        transcript = WireJson.parse(result.output());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bothConnectModesNegotiateTheLatestRevision() {
        for (JsonNode session : transcript.get("sessions")) {
            assertThat(session.get("protocol_version").stringValue()).isEqualTo("2025-11-25");
            assertThat(session.get("server_info").get("name").stringValue()).isEqualTo("annotated");
            assertThat(session.get("capabilities")
                            .get("tools")
                            .get("listChanged")
                            .asBoolean())
                    .isFalse();
            assertThat(step(session, "ping").has("result")).isTrue();
        }
    }

    @Test
    void toolsAreListedPageByPage() {
        JsonNode session = transcript.get("sessions").get(0);

        assertThat(names(session.get("tool_names")))
                .containsExactly("add", "fail", "greet", "tally", "noop_a", "noop_b", "noop_c");
        assertThat(session.get("pages").asInt()).isEqualTo(3);
    }

    @Test
    void structuredAndWrappedResultsPassTheSdksOutputSchemaValidation() {
        JsonNode session = transcript.get("sessions").get(0);

        JsonNode greet = step(session, "call greet").get("result");
        JsonNode add = step(session, "call add").get("result");
        assertThat(greet.get("structuredContent").get("text").stringValue()).isEqualTo("Hello, Ada!");
        assertThat(greet.path("isError").asBoolean(false)).isFalse();
        assertThat(add.get("structuredContent").get("result").asInt()).isEqualTo(5);
        assertThat(add.get("content").get(0).get("text").stringValue()).isEqualTo("5");
    }

    @Test
    void eachSessionHasItsOwnEnvironment() {
        for (JsonNode session : transcript.get("sessions")) {
            assertThat(step(session, "call tally")
                            .get("result")
                            .get("structuredContent")
                            .get("result")
                            .asInt())
                    .isEqualTo(1);
            assertThat(step(session, "call tally again")
                            .get("result")
                            .get("structuredContent")
                            .get("result")
                            .asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void errorsAreIsErrorResultsOrProtocolErrorsAndTheSessionGoesOn() {
        JsonNode session = transcript.get("sessions").get(0);

        JsonNode fail = step(session, "call fail").get("result");
        JsonNode invalid = step(session, "call add invalid").get("result");
        JsonNode unknown = step(session, "call unknown").get("error");
        assertThat(fail.get("isError").asBoolean()).isTrue();
        assertThat(fail.get("content").get(0).get("text").stringValue()).contains("kaboom");
        assertThat(invalid.get("isError").asBoolean()).isTrue();
        assertThat(invalid.get("content").get(0).get("text").stringValue()).contains("'b': Missing required argument");
        assertThat(unknown.get("code").asInt()).isEqualTo(-32602);
        assertThat(step(session, "call add after errors")
                        .get("result")
                        .get("structuredContent")
                        .get("result")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void sessionsAreDeletedWhenTheClientCloses() {
        assertThat(server.activeSessions()).isZero();
    }

    private static JsonNode step(JsonNode session, String op) {
        for (JsonNode step : session.get("steps")) {
            if (step.get("op").stringValue().equals(op)) {
                return step;
            }
        }
        throw new AssertionError("no step " + op + " in " + session);
    }

    private static List<String> names(JsonNode array) {
        var names = new ArrayList<String>();
        array.forEach(name -> names.add(name.stringValue()));
        return names;
    }
}
