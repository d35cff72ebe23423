package io.openenv4j.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolResult;
import io.openenv4j.wire.WireJson;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tool calls whose arguments and results stay JSON trees ({@link JsonObjectMap}, as MCP serving hands them
 * over): bound, shaped and written exactly as the same call made with plain maps, and read as those maps by
 * code that reads them.
 */
class JsonTreeToolCallTest {

    record Place(
            String name, double lat, List<Integer> tags, Map<String, Object> extra, BigDecimal price, String missing) {}

    static final class Tools {
        @ToolMethod(description = "Echoes a place.")
        public Place place(
                @ToolArg(required = true) String name,
                double lat,
                List<Integer> tags,
                Map<String, Object> extra,
                BigDecimal price) {
            return new Place(name, lat, tags, extra, price, null);
        }

        @ToolMethod(description = "Counts.")
        public int count(@ToolArg(required = true) List<String> items) {
            return items.size();
        }
    }

    private final Toolbox toolbox = Toolbox.of(new Tools());

    private static final String ARGUMENTS = "{\"name\":\"Zürich \\\"HB\\\"\",\"lat\":47.378177,\"tags\":[1,2,3],"
            + "\"extra\":{\"nested\":{\"deep\":[true,null,1.5e-7]},\"big\":12345678901234567890},\"price\":0.10}";

    @Test
    void aCallWithTreeArgumentsAnswersByteForByteAsTheSameCallWithAMap() throws ToolCallException {
        ObjectNode tree = (ObjectNode) WireJson.parse(ARGUMENTS);
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) WireJson.toPlain(tree);

        ToolResult fromTree = toolbox.call("place", JsonObjectMap.of(tree));
        ToolResult fromMap = toolbox.call("place", plain);

        assertThat(JsonObjectMap.treeOf(fromTree.structuredContent())).isNotNull();
        assertThat(WireJson.write(McpWire.toolResult(fromTree))).isEqualTo(WireJson.write(McpWire.toolResult(fromMap)));
        assertThat(WireJson.write(ToolWire.toolResult(fromTree)))
                .isEqualTo(WireJson.write(ToolWire.toolResult(fromMap)));
        // And as the shapes were written before results kept their trees: the structured content as a plain map.
        ToolResult asMaps = new ToolResult(
                fromMap.content(),
                new java.util.LinkedHashMap<>(fromMap.structuredContent()),
                null,
                fromMap.structuredContent(),
                false);
        assertThat(WireJson.write(ToolWire.toolResult(fromMap)))
                .isEqualTo(WireJson.write(WireJson.mapper().valueToTree(asMaps)));
        assertThat(WireJson.write(McpWire.toolResult(fromMap)))
                .contains("\"structuredContent\":{\"name\":\"Zürich \\\"HB\\\"\"");
    }

    @Test
    void aTreeResultReadsAsThePlainMapItWouldHaveBeen() throws ToolCallException {
        ToolResult result = toolbox.call("place", JsonObjectMap.of((ObjectNode) WireJson.parse(ARGUMENTS)));
        Map<String, Object> structured = result.structuredContent();

        assertThat(structured).isEqualTo(WireJson.toPlain(JsonObjectMap.treeOf(structured)));
        assertThat(structured)
                .containsEntry("name", "Zürich \"HB\"")
                .containsEntry("tags", List.of(1, 2, 3))
                .doesNotContainKey("missing");
        assertThat(structured.get("extra")).isInstanceOf(Map.class);
        assertThat(result.data()).isSameAs(structured);
        assertThatThrownBy(() -> structured.put("name", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void argumentProblemsAreReportedAlikeForTreesAndMaps() {
        String arguments = "{\"items\":null,\"surplus\":1}";
        ObjectNode tree = (ObjectNode) WireJson.parse(arguments);
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) WireJson.toPlain(tree);

        assertThatThrownBy(() -> toolbox.call("count", JsonObjectMap.of(tree)))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("Invalid arguments for tool 'count': 'items': Input should not be null; "
                        + "'surplus': Unexpected keyword argument");
        assertThatThrownBy(() -> toolbox.call("count", plain))
                .hasMessage(
                        "Invalid arguments for tool 'count': 'items': Input should not be null; 'surplus': Unexpected keyword argument");
        assertThatThrownBy(() -> toolbox.call("place", JsonObjectMap.of(WireJson.object())))
                .hasMessage("Invalid arguments for tool 'place': 'name': Missing required argument; "
                        + "'lat': Missing required argument");
    }
}
