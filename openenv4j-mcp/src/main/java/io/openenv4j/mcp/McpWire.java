package io.openenv4j.mcp;

import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolResult;
import io.openenv4j.wire.WireJson;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON shapes of spec-compliant MCP (revisions 2025-06-18 and 2025-11-25) for a tool server: the
 * {@code initialize} result, {@code tools/list} items (camelCase: {@code inputSchema}, {@code outputSchema})
 * and {@code tools/call} results ({@code content}, {@code structuredContent}, {@code isError}). Optional
 * fields are left out rather than written as {@code null}. OpenEnv's own dialect is {@link ToolWire}.
 */
public final class McpWire {

    /** The newest protocol revision served, answered to clients asking for one not served. */
    public static final String LATEST_VERSION = "2025-11-25";

    /**
     * Every protocol revision served, newest first. The two oldest are negotiated as the official SDKs still
     * negotiate them (same messages; their clients send no {@code MCP-Protocol-Version} header); they behave as
     * 2025-06-18 where revisions differ in what a server answers.
     */
    public static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

    /** JSON-RPC error code of a request the client cancelled (answered so its HTTP request can end). */
    public static final int REQUEST_CANCELLED = -32800;

    /** JSON-RPC error code sent with HTTP 404 for an unknown, expired or terminated session. */
    public static final int SESSION_NOT_FOUND = -32001;

    private McpWire() {}

    /** The revision to answer {@code initialize} with: the client's when served, else the latest. */
    public static String negotiate(String requested) {
        return VERSIONS.contains(requested) ? requested : LATEST_VERSION;
    }

    /**
     * The {@code initialize} result.
     *
     * @param tools whether to declare the {@code tools} capability (with {@code listChanged: false}: a session's
     *     tools never change)
     * @param instructions text for the client, or {@code null}
     */
    public static ObjectNode initializeResult(
            String version, String serverName, String serverVersion, boolean tools, String instructions) {
        var result = WireJson.object();
        result.put("protocolVersion", version);
        ObjectNode capabilities = result.putObject("capabilities");
        if (tools) {
            capabilities.putObject("tools").put("listChanged", false);
        }
        ObjectNode info = result.putObject("serverInfo");
        info.put("name", serverName);
        info.put("version", serverVersion);
        if (instructions != null && !instructions.isBlank()) {
            result.put("instructions", instructions);
        }
        return result;
    }

    /** One {@code tools/list} item. */
    public static ObjectNode tool(Tool tool) {
        var item = WireJson.object();
        item.put("name", tool.name());
        item.put("description", tool.description());
        item.set("inputSchema", WireJson.mapper().valueToTree(tool.inputSchema()));
        if (tool.outputSchema() != null) {
            item.set("outputSchema", WireJson.mapper().valueToTree(tool.outputSchema()));
        }
        return item;
    }

    /** A {@code tools/list} result: one page of tools and the cursor of the next, if any. */
    public static ObjectNode toolsListResult(List<Tool> page, String nextCursor) {
        var result = WireJson.object();
        ArrayNode tools = result.putArray("tools");
        page.forEach(tool -> tools.add(tool(tool)));
        if (nextCursor != null) {
            result.put("nextCursor", nextCursor);
        }
        return result;
    }

    /** A {@code tools/call} result. */
    public static ObjectNode toolResult(ToolResult toolResult) {
        var result = WireJson.object();
        ArrayNode content = result.putArray("content");
        for (ToolResult.Content block : toolResult.content()) {
            ObjectNode item = content.addObject();
            item.put("type", block.type());
            if (block.text() != null) {
                item.put("text", block.text());
            }
            if (block.annotations() != null) {
                item.set("annotations", WireJson.mapper().valueToTree(block.annotations()));
            }
            if (block.meta() != null) {
                item.set("_meta", WireJson.mapper().valueToTree(block.meta()));
            }
        }
        if (toolResult.structuredContent() != null) {
            ObjectNode tree = JsonObjectMap.treeOf(toolResult.structuredContent());
            result.set(
                    "structuredContent",
                    tree != null ? tree : WireJson.mapper().valueToTree(toolResult.structuredContent()));
        }
        result.put("isError", toolResult.isError());
        if (toolResult.meta() != null) {
            result.set("_meta", WireJson.mapper().valueToTree(toolResult.meta()));
        }
        return result;
    }

    /** An error result ({@code isError}) carrying {@code message} as text. */
    public static ObjectNode errorResult(String message) {
        return toolResult(ToolResult.error(message));
    }
}
