package io.openenv4j.mcp;

import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolResult;
import io.openenv4j.wire.WireJson;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of tools with their code: what a {@link io.openenv4j.core.ToolEnvironment} delegates to. Three ways
 * to add tools, which mix freely:
 *
 * <ul>
 *   <li>annotated methods of a tools object: {@link #of(Object...)}, {@link Builder#tools(Object)} (see
 *       {@link ToolMethod});
 *   <li>a handler taking an arguments record: {@link Builder#tool(String, String, Class, TypedHandler)}, with
 *       the input schema generated from the record (and the output schema from a result type, if given);
 *   <li>a hand-written {@link Tool} and a handler of the raw arguments map: {@link Builder#tool(Tool,
 *       Handler)}; calls check the arguments against the tool's schema (required keys, no unknown keys when
 *       the schema is closed, JSON types of declared properties) without coercing them.
 * </ul>
 *
 * <p>Typed tools bind and coerce their arguments with the reference's lax rules before the code runs; an
 * argument that does not fit is a {@link ToolCallException} of kind {@code INVALID_ARGS} naming every
 * problem. Return values are shaped as OpenEnv's reference shapes them (see {@link #shape(Object)}); an
 * exception thrown by a tool becomes an error result ({@code isError}), not a crash. Names {@code reset},
 * {@code step}, {@code state} and {@code close} are refused when the toolbox is built. Tools are listed in
 * the order they were added; the tools of one object in the order of their names.
 *
 * <p>Immutable and thread-safe; the tools' code must be safe for the way its environment is used (the
 * server calls one environment from one thread at a time).
 */
public final class Toolbox {

    /** Names reserved for simulation control, never tools. */
    public static final Set<String> RESERVED = Set.of("reset", "step", "state", "close");

    /** Runs one tool on its raw arguments. A thrown exception becomes an error result ({@code isError}). */
    @FunctionalInterface
    public interface Handler {
        Object call(Map<String, Object> arguments) throws Exception;
    }

    /** Runs one tool on its arguments bound to a record. A thrown exception becomes an error result. */
    @FunctionalInterface
    public interface TypedHandler<R> {
        Object call(R arguments) throws Exception;
    }

    /** What a registered tool does when called. */
    interface Invoker {
        ToolResult invoke(Map<String, Object> arguments) throws ToolCallException;
    }

    /**
     * Result metadata marking structured content that wraps a non-object value as {@code {"result": …}}; the
     * key is FastMCP's, which its clients read to unwrap the value.
     */
    private static final Map<String, Object> WRAPPED = Map.of("fastmcp", Map.of("wrap_result", true));

    private final Map<String, Entry> entries;

    private record Entry(Tool tool, Invoker invoker) {}

    private Toolbox(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The tools of the {@link ToolMethod} methods of {@code toolsObjects}.
     *
     * @throws IllegalArgumentException when an object has no tool methods, a name is reserved or taken twice,
     *     or a parameter cannot be named
     */
    public static Toolbox of(Object... toolsObjects) {
        Builder builder = builder();
        for (Object tools : toolsObjects) {
            builder.tools(tools);
        }
        return builder.build();
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
        return entry.invoker().invoke(arguments == null ? Map.of() : arguments);
    }

    /**
     * The result for a tool's return value: a {@link ToolResult} as it is; a map, a record or a JSON object as
     * structured content with its JSON as text (a record's {@code null} components left out); {@code null} as
     * an empty result; anything else (strings, numbers, booleans, enums, lists) as text, wrapped as {@code
     * {"result": value}} in the structured content. {@code data} is the value as OpenEnv's Python client hands
     * it to its caller.
     */
    public static ToolResult shape(Object value) {
        if (value instanceof ToolResult result) {
            return result;
        }
        if (value == null) {
            return new ToolResult(List.of(), null, null, null, false);
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> structured = (Map<String, Object>) map;
            return new ToolResult(List.of(ToolResult.Content.text(WireJson.write(map))), structured, null, map, false);
        }
        if (value instanceof Record || value instanceof ObjectNode) {
            JsonNode tree = WireJson.mapper().valueToTree(value);
            if (value instanceof Record) {
                dropNulls(tree);
            }
            // The tree stays: McpWire and ToolWire write it as it is (JsonObjectMap).
            JsonObjectMap structured = JsonObjectMap.of((ObjectNode) tree);
            return new ToolResult(
                    List.of(ToolResult.Content.text(WireJson.write(tree))), structured, null, structured, false);
        }
        Object plain = value instanceof JsonNode node
                ? WireJson.toPlain(node)
                : value instanceof Enum<?> constant ? constant.name() : value;
        String text = plain instanceof String s ? s : WireJson.write(plain);
        var structured = new LinkedHashMap<String, Object>();
        structured.put("result", plain);
        return new ToolResult(List.of(ToolResult.Content.text(text)), structured, WRAPPED, plain, false);
    }

    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(entry -> entry.getValue().isNull());
            object.forEach(Toolbox::dropNulls);
        } else if (node.isArray()) {
            node.forEach(Toolbox::dropNulls);
        }
    }

    /** The error result for a tool that threw. */
    static ToolResult failure(String name, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return ToolResult.error("Error calling tool '" + name + "': " + message);
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
        Map<String, Object> properties =
                schema.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        boolean closed = Boolean.FALSE.equals(schema.get("additionalProperties"));
        for (var arg : args.entrySet()) {
            Object property = properties.get(arg.getKey());
            if (property == null) {
                if (closed) {
                    problems.add("'" + arg.getKey() + "': Unexpected keyword argument");
                }
                continue;
            }
            if (property instanceof Map<?, ?> p
                    && p.get("type") instanceof String type
                    && !fits(type, arg.getValue())) {
                problems.add("'" + arg.getKey() + "': Input should be a valid " + type);
            }
        }
        if (!problems.isEmpty()) {
            throw ToolCallException.invalidArguments(
                    "Invalid arguments for tool '" + tool.name() + "': " + String.join("; ", problems));
        }
    }

    private static boolean fits(String type, Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "integer" ->
                value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "array" -> value instanceof List<?>;
            case "object" -> value instanceof Map<?, ?>;
            case "null" -> value == null;
            default -> true;
        };
    }

    /** Collects tools; rejects duplicates and reserved names. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {}

        /** A hand-described tool whose handler takes the raw arguments map. */
        public Builder tool(Tool tool, Handler handler) {
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(handler, "handler");
            return add(tool, arguments -> {
                checkArguments(tool, arguments);
                Object value;
                try {
                    value = handler.call(arguments);
                } catch (ToolCallException e) {
                    throw e;
                } catch (Exception e) {
                    return failure(tool.name(), e);
                }
                return shape(value);
            });
        }

        /**
         * A tool whose arguments are the components of {@code argumentsType} (named in snake_case, or by
         * {@link ToolArg}; required when primitive or {@code @ToolArg(required = true)}); no output schema.
         */
        public <R extends Record> Builder tool(
                String name, String description, Class<R> argumentsType, TypedHandler<R> handler) {
            return tool(name, description, argumentsType, null, handler);
        }

        /**
         * As {@link #tool(String, String, Class, TypedHandler)}, with the output schema derived from {@code
         * resultType} (a record, a map, or a wrapped scalar or list; {@code null} for none).
         */
        public <R extends Record> Builder tool(
                String name, String description, Class<R> argumentsType, Type resultType, TypedHandler<R> handler) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(argumentsType, "argumentsType");
            Objects.requireNonNull(handler, "handler");
            TypedTools.Typed typed = TypedTools.fromRecord(name, description, argumentsType, resultType, handler);
            return add(typed.tool(), typed);
        }

        /** Every {@link ToolMethod} method of {@code toolsObject}, in the order of their tool names. */
        public Builder tools(Object toolsObject) {
            Objects.requireNonNull(toolsObject, "toolsObject");
            for (TypedTools.Typed typed : TypedTools.scan(toolsObject)) {
                add(typed.tool(), typed);
            }
            return this;
        }

        private Builder add(Tool tool, Invoker invoker) {
            if (RESERVED.contains(tool.name())) {
                throw new IllegalArgumentException(
                        "'" + tool.name() + "' is reserved for simulation control and cannot be a tool name");
            }
            if (entries.putIfAbsent(tool.name(), new Entry(tool, invoker)) != null) {
                throw new IllegalArgumentException("duplicate tool '" + tool.name() + "'");
            }
            return this;
        }

        public Toolbox build() {
            return new Toolbox(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
        }
    }
}
