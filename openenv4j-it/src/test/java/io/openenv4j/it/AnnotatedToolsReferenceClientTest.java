package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The reference's unmodified {@code MCPToolClient} drives a tool environment written with the annotation
 * API, through {@code step} over {@code /ws} and through OpenEnv's {@code /mcp} dialect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotatedToolsReferenceClientTest {

    private EnvServer server;
    private JsonNode transcript;

    @BeforeAll
    void run() throws Exception {
        PythonReference.assumeAvailable();
        server = EnvServer.create(AnnotatedToolsEnvironment.spec(), ServerConfig.ephemeral())
                .start();
        PythonReference.Result result = PythonReference.run(
                List.of(
                        PythonReference.python().toString(),
                        PythonReference.script("mcp_tool_client_annotated.py").toString(),
                        "--url",
                        server.baseUrl()),
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

    @ParameterizedTest
    @ValueSource(strings = {"step", "production"})
    void toolsAreListedAndCalledWithCoercedArguments(String path) {
        JsonNode steps = transcript.get(path);

        assertThat(WireJson.write(step(steps, "list_tools").get("result")))
                .isEqualTo("[\"add\",\"fail\",\"greet\",\"tally\",\"noop_a\",\"noop_b\",\"noop_c\"]");
        assertThat(WireJson.write(step(steps, "greet").get("result")))
                .isEqualTo("{\"text\":\"Hello, Ada!\",\"length\":11}");
        assertThat(step(steps, "add").get("result").asInt()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"step", "production"})
    void toolStateLastsForTheClientsSession(String path) {
        JsonNode steps = transcript.get(path);

        assertThat(step(steps, "tally").get("result").asInt()).isEqualTo(1);
        assertThat(step(steps, "tally again").get("result").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"step", "production"})
    void failuresReachTheClient(String path) {
        JsonNode steps = transcript.get(path);

        assertThat(step(steps, "add invalid").get("exception").get("message").stringValue())
                .contains("'b': Missing required argument");
        assertThat(step(steps, "unknown").get("exception").get("message").stringValue())
                .contains("Unknown tool: 'no_such_tool'");
        // A tool that throws is reported as the reference reports it: an execution error the client raises.
        assertThat(step(steps, "fail").get("exception").get("message").stringValue())
                .contains("Error calling tool 'fail': kaboom");
    }

    private static JsonNode step(JsonNode steps, String op) {
        for (JsonNode step : steps) {
            if (step.get("op").stringValue().equals(op)) {
                return step;
            }
        }
        throw new AssertionError("no step " + op + " in " + steps);
    }
}
