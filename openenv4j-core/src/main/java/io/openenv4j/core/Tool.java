package io.openenv4j.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tool an agent may call.
 *
 * @param name unique within its environment; {@code reset}, {@code step}, {@code state} and {@code close}
 *     are reserved for simulation control and rejected
 * @param description what the tool does, for the agent
 * @param inputSchema JSON Schema of the arguments object
 * @param outputSchema JSON Schema of the result's structured content, or {@code null} when the tool does not
 *     promise one. Spec MCP clients see it; OpenEnv's dialect and {@code step} observations leave it out, as
 *     the reference's echo environment does.
 */
public record Tool(String name, String description, Map<String, Object> inputSchema, Map<String, Object> outputSchema) {

    public Tool {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tool name must not be blank");
        }
        description = description == null ? "" : description;
        inputSchema = inputSchema == null
                ? Map.of("type", "object", "properties", Map.of())
                : Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
        outputSchema = outputSchema == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(outputSchema));
    }

    /** A tool without an output schema. */
    public Tool(String name, String description, Map<String, Object> inputSchema) {
        this(name, description, inputSchema, null);
    }
}
