package io.openenv4j.mcp;

import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolResult;
import io.openenv4j.wire.WireJson;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The JSON shapes of OpenEnv's MCP dialect results ({@code tools/list} and {@code tools/call}). */
public final class ToolWire {

    private ToolWire() {}

    /**
     * {@code tools/list} result: {@code {"tools":[…]}}, each tool dumped with the keys the reference's
     * current {@code mcp} library writes (snake_case, {@code input_schema}).
     */
    public static ObjectNode toolsListResult(List<Tool> tools) {
        var result = WireJson.object();
        var array = result.putArray("tools");
        for (Tool tool : tools) {
            ObjectNode item = array.addObject();
            item.put("name", tool.name());
            item.putNull("title");
            item.put("description", tool.description());
            item.set("input_schema", WireJson.mapper().valueToTree(tool.inputSchema()));
            item.putNull("execution");
            item.putNull("output_schema");
            item.putNull("icons");
            item.putNull("annotations");
            item.putNull("meta");
        }
        return result;
    }

    /** {@code tools/call} result: the tool result with snake_case keys and the unwrapped {@code data}. */
    public static ObjectNode toolResult(ToolResult result) {
        ObjectNode structured = JsonObjectMap.treeOf(result.structuredContent());
        if (structured == null) {
            return WireJson.mapper().valueToTree(result);
        }
        // Shaped from a tree (Toolbox): the tree goes out as it is, where the map would have been written.
        ObjectNode node = WireJson.mapper()
                .valueToTree(new ToolResult(
                        result.content(),
                        null,
                        result.meta(),
                        result.data() == result.structuredContent() ? null : result.data(),
                        result.isError()));
        node.set("structured_content", structured);
        if (result.data() == result.structuredContent()) {
            node.set("data", structured);
        }
        return node;
    }
}
