package io.openenv4j.mcp.client;

import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads MCP result objects into the client's records, checking what MCP requires. Stateless. */
final class Results {

    private Results() {}

    static McpServerInfo serverInfo(JsonNode result, String server) {
        JsonNode version = result.get("protocolVersion");
        if (version == null || !version.isString()) {
            throw new McpProtocolException("the initialize result from " + server + " has no protocolVersion");
        }
        if (!McpClientOptions.SUPPORTED_VERSIONS.contains(version.asString())) {
            throw new McpProtocolException("the MCP server " + server + " chose protocol version " + version.asString()
                    + ", which this client does not speak (it speaks " + McpClientOptions.SUPPORTED_VERSIONS + ")");
        }
        JsonNode info = result.path("serverInfo");
        JsonNode capabilities = result.get("capabilities");
        if (capabilities != null && !capabilities.isNull() && !capabilities.isObject()) {
            throw new McpProtocolException(
                    "the initialize result from " + server + " has capabilities that are not " + "an object");
        }
        return new McpServerInfo(
                version.asString(),
                info.path("name").asString(""),
                info.path("version").asString(""),
                text(info.get("title")),
                capabilities == null || capabilities.isNull() ? Map.of() : map(capabilities),
                text(result.get("instructions")));
    }

    static McpTool tool(JsonNode tool, String server) {
        if (!tool.isObject() || !tool.path("name").isString()) {
            throw new McpProtocolException(
                    "tools/list from " + server + " lists a tool without a name: " + WireJson.write(tool));
        }
        JsonNode input = tool.get("inputSchema");
        JsonNode output = tool.get("outputSchema");
        return new McpTool(
                tool.get("name").asString(),
                text(tool.get("title")),
                text(tool.get("description")),
                input != null && input.isObject() ? map(input) : null,
                output != null && output.isObject() ? map(output) : null,
                map(tool));
    }

    static McpToolResult toolResult(String name, JsonNode result, String server) {
        JsonNode content = result.get("content");
        if (content != null && !content.isNull() && !content.isArray()) {
            throw new McpProtocolException(
                    "the result of tools/call '" + name + "' from " + server + " has content that is not an array");
        }
        var blocks = new ArrayList<McpContent>();
        if (content != null && content.isArray()) {
            for (JsonNode block : content) {
                if (!block.isObject() || !block.path("type").isString()) {
                    throw new McpProtocolException("the result of tools/call '" + name + "' from " + server
                            + " has a content block without a type: " + WireJson.write(block));
                }
                blocks.add(McpContent.of(map(block)));
            }
        }
        JsonNode structured = result.get("structuredContent");
        if (structured != null && !structured.isNull() && !structured.isObject()) {
            throw new McpProtocolException("the result of tools/call '" + name + "' from " + server
                    + " has structuredContent that is not an object");
        }
        JsonNode isError = result.get("isError");
        JsonNode meta = result.get("_meta");
        return new McpToolResult(
                blocks,
                structured == null || structured.isNull() ? null : map(structured),
                isError != null && isError.asBoolean(false),
                meta != null && meta.isObject() ? map(meta) : null);
    }

    static McpListener.Progress progress(JsonNode params) {
        JsonNode total = params.get("total");
        return new McpListener.Progress(
                plain(params.get("progressToken")),
                params.path("progress").asDouble(0),
                total != null && total.isNumber() ? total.asDouble() : null,
                text(params.get("message")));
    }

    static McpListener.LogMessage logMessage(JsonNode params) {
        return new McpListener.LogMessage(
                params.path("level").asString("info"), text(params.get("logger")), plain(params.get("data")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode node) {
        return (Map<String, Object>) WireJson.toPlain(node);
    }

    private static Object plain(JsonNode node) {
        return node == null || node.isNull() ? null : WireJson.toPlain(node);
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }
}
