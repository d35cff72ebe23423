package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.openenv4j.server.EnvServer;
import io.openenv4j.server.McpOptions;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The official MCP TypeScript SDK ({@code @modelcontextprotocol/sdk} from npm, installed by the build under
 * {@code target/mcp-ts}) talks spec MCP over Streamable HTTP to {@code /mcp} of a Java server whose tools are
 * written with the annotation API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpTypeScriptSdkInteropTest {

    private EnvServer server;
    private JsonNode transcript;

    @BeforeAll
    void run() throws Exception {
        assumeFalse(Boolean.getBoolean("openenv4j.interop.skip"), "interop tests switched off");
        Path sdk = Path.of(System.getProperty("openenv4j.mcpts", "target/mcp-ts"));
        if (!Files.isRegularFile(sdk.resolve("node_modules/@modelcontextprotocol/sdk/package.json"))) {
            throw new IllegalStateException("the MCP TypeScript SDK is missing at " + sdk
                    + ": the build installs it (openenv4j-it/scripts/mcp-ts-sdk.sh)");
        }
        Path script = Path.of(System.getProperty("openenv4j.nodesrc", "src/test/node"))
                .resolve("mcp_ts_driver.cjs");
        server = EnvServer.create(
                        AnnotatedToolsEnvironment.spec(),
                        ServerConfig.ephemeral().withMcp(McpOptions.defaults().withToolsPageSize(4)))
                .start();
        PythonReference.Result result = PythonReference.run(
                List.of("node", script.toString(), "--sdk", sdk.toString(), "--url", server.baseUrl() + "/mcp"), 120);
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
    void connectsWithASessionAndTheLatestRevision() {
        assertThat(transcript.get("protocolVersion").stringValue()).isEqualTo("2025-11-25");
        assertThat(transcript.get("hasSessionId").asBoolean()).isTrue();
        assertThat(transcript.get("serverVersion").get("name").stringValue()).isEqualTo("annotated");
        assertThat(transcript
                        .get("capabilities")
                        .get("tools")
                        .get("listChanged")
                        .asBoolean())
                .isFalse();
        assertThat(step("ping").has("result")).isTrue();
    }

    @Test
    void toolsAreListedPageByPage() {
        assertThat(names(transcript.get("toolNames")))
                .containsExactly("add", "fail", "greet", "tally", "noop_a", "noop_b", "noop_c");
        assertThat(transcript.get("pages").asInt()).isEqualTo(2);
    }

    @Test
    void structuredResultsPassTheSdksOutputSchemaValidation() {
        JsonNode greet = step("call greet").get("result");
        JsonNode add = step("call add").get("result");

        assertThat(greet.get("structuredContent").get("length").asInt()).isEqualTo(11);
        assertThat(add.get("structuredContent").get("result").asInt()).isEqualTo(5);
    }

    @Test
    void errorsAreIsErrorResultsOrProtocolErrorsAndTheSessionGoesOn() {
        assertThat(step("call fail").get("result").get("isError").asBoolean()).isTrue();
        assertThat(step("call add invalid").get("result").get("isError").asBoolean())
                .isTrue();
        assertThat(step("call unknown").get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(step("call add after errors")
                        .get("result")
                        .get("structuredContent")
                        .get("result")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void terminatedSessionIsGone() {
        assertThat(step("terminate session").has("error")).isFalse();
        assertThat(transcript.get("afterTerminationStatus").asInt()).isEqualTo(404);
        assertThat(server.activeSessions()).isZero();
    }

    private JsonNode step(String op) {
        for (JsonNode step : transcript.get("steps")) {
            if (step.get("op").stringValue().equals(op)) {
                return step;
            }
        }
        throw new AssertionError("no step " + op + " in " + transcript);
    }

    private static List<String> names(JsonNode array) {
        var names = new ArrayList<String>();
        array.forEach(name -> names.add(name.stringValue()));
        return names;
    }
}
