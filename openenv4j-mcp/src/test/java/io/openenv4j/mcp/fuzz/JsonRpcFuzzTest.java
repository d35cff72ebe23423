package io.openenv4j.mcp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openenv4j.core.Description;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.mcp.McpMessage;
import io.openenv4j.mcp.ToolArg;
import io.openenv4j.mcp.ToolMethod;
import io.openenv4j.mcp.ToolWire;
import io.openenv4j.mcp.Toolbox;
import io.openenv4j.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON-RPC layer of {@code /mcp}: any request text is either a checked request or a well-formed JSON-RPC
 * error response; a checked {@code tools/call} is dispatched to a toolbox (typed arguments bound with the lax
 * rules), and the only failure that escapes a call is {@link ToolCallException}. The spec-MCP classifier reads
 * every JSON value without throwing.
 */
class JsonRpcFuzzTest {

    public enum Colour {
        RED,
        GREEN
    }

    public record Point(int x, int y) {}

    public static final class Tools {
        @ToolMethod(description = "Adds two integers.")
        public long add(long a, long b) {
            return a + b;
        }

        @ToolMethod(name = "paint", description = "Paints points.")
        public Map<String, Object> paint(
                @ToolArg(required = true) List<Point> points,
                @Description("The colour") Colour colour,
                @ToolArg("tag_name") String tag) {
            return Map.of("count", points.size(), "colour", String.valueOf(colour), "tag", String.valueOf(tag));
        }

        @ToolMethod(description = "Fails.")
        public String explode(String why) {
            throw new IllegalStateException(why);
        }
    }

    private static final Toolbox TOOLS = Toolbox.of(new Tools());

    @FuzzTest(maxDuration = "30s")
    void anyRequestIsCheckedAndDispatchedOrAnsweredWithAJsonRpcError(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        JsonRpc.Parsed parsed = JsonRpc.parse(text);
        assertThat(parsed).isNotNull();
        try {
            JsonNode node = WireJson.parse(text);
            assertThat(McpMessage.of(node)).isNotNull();
        } catch (JacksonException e) {
            assertThat(parsed).isInstanceOf(JsonRpc.Rejected.class);
        }
        switch (parsed) {
            case JsonRpc.Rejected rejected -> assertErrorResponse(rejected.response());
            case JsonRpc.Valid valid -> dispatch(valid.request());
        }
    }

    private static void dispatch(JsonRpc.Request request) {
        if (!request.method().equals("tools/call")) {
            assertErrorResponse(JsonRpc.error(request.id(), JsonRpc.METHOD_NOT_FOUND, "Method not found", null));
            return;
        }
        JsonNode name = request.params().get("name");
        JsonNode arguments = request.params().get("arguments");
        if (name == null || !name.isString() || (arguments != null && !arguments.isNull() && !arguments.isObject())) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> args =
                arguments == null || arguments.isNull() ? Map.of() : (Map<String, Object>) WireJson.toPlain(arguments);
        try {
            ToolResult result = TOOLS.call(name.stringValue(), args);
            ObjectNode response = JsonRpc.result(request.id(), ToolWire.toolResult(result));
            assertThat(WireJson.parse(WireJson.write(response)).get("result").isObject())
                    .isTrue();
        } catch (ToolCallException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertErrorResponse(JsonRpc.error(request.id(), JsonRpc.INVALID_PARAMS, e.getMessage(), null));
        }
    }

    private static void assertErrorResponse(ObjectNode response) {
        JsonNode written = WireJson.parse(WireJson.write(response));
        assertThat(written.get("jsonrpc").stringValue()).isEqualTo("2.0");
        assertThat(written.has("id")).isTrue();
        assertThat(written.get("error").get("code").isInt()).isTrue();
        assertThat(written.get("error").get("message").isString()).isTrue();
    }
}
