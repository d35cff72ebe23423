package io.openenv4j.mcp.client;

import io.openenv4j.core.Tool;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tool as an MCP server lists it.
 *
 * @param name the tool's name
 * @param title a display name, or {@code null}
 * @param description what it does, or {@code null}
 * @param inputSchema JSON Schema of its arguments
 * @param outputSchema JSON Schema of its structured result, or {@code null}
 * @param json the tool exactly as listed, every key included ({@code annotations}, {@code icons},
 *     {@code _meta}, and whatever later MCP versions add)
 */
public record McpTool(
        String name,
        String title,
        String description,
        Map<String, Object> inputSchema,
        Map<String, Object> outputSchema,
        Map<String, Object> json) {

    public McpTool {
        Objects.requireNonNull(name, "name");
        inputSchema = inputSchema == null ? Map.of("type", "object") : unmodifiable(inputSchema);
        outputSchema = outputSchema == null ? null : unmodifiable(outputSchema);
        json = json == null ? Map.of() : unmodifiable(json);
    }

    /** The tool as OpenEnv describes tools: name, description, input and output schema. */
    public Tool toTool() {
        return new Tool(name, description, inputSchema, outputSchema);
    }

    private static Map<String, Object> unmodifiable(Map<String, Object> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
