package io.openenv4j.mcp;

import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolResult;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A set of tools with their handlers: what a {@link io.openenv4j.core.ToolEnvironment} delegates to. Calls
 * check the arguments against each tool's input schema (required keys, no unknown keys when the schema is
 * closed, JSON types of declared properties) and shape the handler's return value into a {@link ToolResult}
 * the way OpenEnv's reference does: a string or number becomes text content plus {@code {"result": value}}
 * structured content; an object becomes JSON text plus itself as structured content.
 *
 * <p>Immutable and thread-safe; handlers must be safe for the way their environment is used.
 */
public final class Toolbox {

    /** Names reserved for simulation control, never tools. */
    public static final Set<String> RESERVED = Set.of("reset", "step", "state", "close");

    /** Runs one tool. A thrown exception becomes an error result ({@code isError}), not a crash. */
    @FunctionalInterface
    public interface Handler {
        Object call(Map<String, Object> arguments) throws Exception;
    }

    /**
     * Result metadata marking structured content that wraps a non-object value as {@code {"result": …}}; the
     * key is FastMCP's, which its clients read to unwrap the value.
     */
    private static final Map<String, Object> WRAPPED = Map.of("fastmcp", Map.of("wrap_result", true));

    private final Map<String, Entry> entries;

    private record Entry(Tool tool, Handler handler) {}

    private Toolbox(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Tool> tools() {
        return entries.values().stream().map(Entry::tool).toList();
    }

    /**
     * Calls a tool.
     *
     * @throws ToolCallException for an unknown tool or arguments that do not fit its schema
     */
    public ToolResult call(String name, Map<String, Object> arguments) throws ToolCallException {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw ToolCallException.unknownTool(name);
        }
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        checkArguments(entry.tool(), args);
        Object value;
        try {
            value = entry.handler().call(args);
        } catch (Exception e) {
            return ToolResult.error("Error executing tool " + name + ": " + e.getMessage());
        }
        return shape(value);
    }

    /** The result for a handler's return value. */
    public static ToolResult shape(Object value) {
        if (value instanceof ToolResult result) {
            return result;
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> structured = (Map<String, Object>) map;
            return new ToolResult(List.of(ToolResult.Content.text(WireJson.write(map))), structured, null, map, false);
        }
        if (value == null) {
            return new ToolResult(List.of(), null, null, null, false);
        }
        String text = value instanceof String s ? s : WireJson.write(value);
        var structured = new LinkedHashMap<String, Object>();
        structured.put("result", value);
        return new ToolResult(List.of(ToolResult.Content.text(text)), structured, WRAPPED, value, false);
    }

    @SuppressWarnings("unchecked")
    private static void checkArguments(Tool tool, Map<String, Object> args) throws ToolCallException {
        Map<String, Object> schema = tool.inputSchema();
        var problems = new ArrayList<String>();
        Object required = schema.get("required");
        if (required instanceof List<?> keys) {
            for (Object key : keys) {
                if (!args.containsKey(String.valueOf(key))) {
                    problems.add("'" + key + "': Missing required argument");
                }
            }
        }
        Map<String, Object> properties = schema.get("properties") instanceof Map<?, ?> p
                ? (Map<String, Object>) p : Map.of();
        boolean closed = Boolean.FALSE.equals(schema.get("additionalProperties"));
        for (var arg : args.entrySet()) {
            Object property = properties.get(arg.getKey());
            if (property == null) {
                if (closed) {
                    problems.add("'" + arg.getKey() + "': Unexpected keyword argument");
                }
                continue;
            }
            if (property instanceof Map<?, ?> p && p.get("type") instanceof String type && !fits(type, arg.getValue())) {
                problems.add("'" + arg.getKey() + "': Input should be a valid " + type);
            }
        }
        if (!problems.isEmpty()) {
            throw ToolCallException.invalidArguments("Invalid arguments for tool '" + tool.name() + "': "
                    + String.join("; ", problems));
        }
    }

    private static boolean fits(String type, Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "array" -> value instanceof List<?>;
            case "object" -> value instanceof Map<?, ?>;
            case "null" -> value == null;
            default -> true;
        };
    }

    /** Collects tools; rejects duplicates and reserved names. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {}

        public Builder tool(Tool tool, Handler handler) {
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(handler, "handler");
            if (RESERVED.contains(tool.name())) {
                throw new IllegalArgumentException("'" + tool.name()
                        + "' is reserved for simulation control and cannot be a tool name");
            }
            if (entries.putIfAbsent(tool.name(), new Entry(tool, handler)) != null) {
                throw new IllegalArgumentException("duplicate tool '" + tool.name() + "'");
            }
            return this;
        }

        public Toolbox build() {
            return new Toolbox(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
        }
    }
}
