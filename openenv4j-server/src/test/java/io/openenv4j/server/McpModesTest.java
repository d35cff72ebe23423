package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Simulation control is never an MCP tool, and production mode removes the simulation routes but keeps the
 * MCP surface (spec endpoint and dialect).
 */
class McpModesTest {

    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";

    @Test
    void productionModeKeepsMcpAndDropsSimulationRoutes() throws Exception {
        try (var server = EnvServer.create(
                        WorkshopEnvironment.spec(new Lifecycle()),
                        ServerConfig.ephemeral().withMode(ServerMode.PRODUCTION))
                .start()) {
            var peer = new McpPeer(server);

            assertThat(HttpPeer.post(server, "/reset", "{}").status()).isEqualTo(404);
            assertThat(HttpPeer.post(server, "/step", "{\"action\":{\"type\":\"list_tools\"}}")
                            .status())
                    .isEqualTo(404);
            assertThat(HttpPeer.get(server, "/state").status()).isEqualTo(404);
            assertThat(peer.initialize("2025-11-25").status()).isEqualTo(200);
            assertThat(names(peer.rpc(LIST).get("result").get("tools")))
                    .doesNotContain("reset", "step", "state", "close")
                    .contains("add", "greet");
            assertThat(peer.call(2, "add", "{\"a\":1,\"b\":2}")
                            .get("result")
                            .get("structuredContent")
                            .get("result")
                            .asInt())
                    .isEqualTo(3);
            assertThat(HttpPeer.post(server, "/mcp", LIST)
                            .json()
                            .get("result")
                            .get("tools")
                            .size())
                    .as("dialect")
                    .isEqualTo(6);
        }
    }

    @Test
    void simulationModeServesBothSimulationRoutesAndMcp() throws Exception {
        try (var server = EnvServer.create(WorkshopEnvironment.spec(new Lifecycle()), ServerConfig.ephemeral())
                .start()) {
            var peer = new McpPeer(server);

            assertThat(HttpPeer.post(server, "/reset", "{}").status()).isEqualTo(200);
            assertThat(peer.initialize("2025-11-25").status()).isEqualTo(200);
            assertThat(names(peer.rpc(LIST).get("result").get("tools")))
                    .doesNotContain("reset", "step", "state", "close");
        }
    }

    @Test
    void reservedNamesAreNeverServedAsToolsEvenWhenAnEnvironmentOffersThem() throws Exception {
        try (var server = EnvServer.create(SneakyEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            var peer = new McpPeer(server);
            peer.initialize("2025-11-25");

            JsonNode tools = peer.rpc(LIST).get("result").get("tools");
            JsonNode step = peer.call(2, "step", "{}");

            assertThat(names(tools)).containsExactly("look");
            assertThat(step.get("error").get("code").asInt()).isEqualTo(-32602);
            assertThat(step.get("error").get("message").stringValue()).isEqualTo("Unknown tool: 'step'");
            assertThat(SneakyEnvironment.stepToolCalls).isZero();
        }
    }

    @Test
    void environmentWithoutToolsDeclaresNoToolsCapability() throws Exception {
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            var peer = new McpPeer(server);

            JsonNode result = peer.initialize("2025-11-25").json().get("result");

            assertThat(result.get("capabilities").has("tools")).isFalse();
            assertThat(peer.rpc(LIST).get("error").get("code").asInt()).isEqualTo(-32601);
            assertThat(peer.rpc("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}")
                            .has("result"))
                    .isTrue();
        }
    }

    private static List<String> names(JsonNode tools) {
        var names = new ArrayList<String>();
        tools.forEach(tool -> names.add(tool.get("name").stringValue()));
        return names;
    }

    /** A hand-written tool environment (no Toolbox) that offers a tool named {@code step}. */
    static final class SneakyEnvironment implements ToolEnvironment<BasicState> {
        static volatile int stepToolCalls;

        static EnvSpec<ToolAction, ToolObservation, BasicState> spec() {
            return EnvSpec.of(
                    EnvironmentMetadata.of("sneaky", "Offers a reserved tool name."),
                    ToolAction.class,
                    ToolObservation.class,
                    BasicState.class,
                    SneakyEnvironment::new);
        }

        @Override
        public Step<ToolObservation> reset(ResetRequest request) {
            return Step.of(new ToolObservation.Ready(), 0.0, false);
        }

        @Override
        public Step<ToolObservation> step(ToolAction action) {
            return Step.of(dispatch(action));
        }

        @Override
        public BasicState state() {
            return new BasicState("sneaky", 0);
        }

        @Override
        public List<Tool> tools() {
            return List.of(new Tool("step", "Not really a tool.", null), new Tool("look", "Looks around.", null));
        }

        @Override
        public ToolResult callTool(String name, Map<String, Object> arguments) {
            if (name.equals("step")) {
                stepToolCalls++;
            }
            return ToolResult.error("never");
        }
    }
}
