package io.openenv4j.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The actions of a tool environment, as OpenEnv's MCP dialect sends them through {@code step}:
 * {@code {"type":"list_tools"}} and {@code {"type":"call_tool","tool_name":…,"arguments":{…}}}.
 */
public sealed interface ToolAction {

    /** Asks for the tools on offer. */
    record ListTools() implements ToolAction {}

    /**
     * Calls one tool.
     *
     * @param toolName the tool's name
     * @param arguments its arguments, JSON-shaped
     */
    record CallTool(String toolName, Map<String, Object> arguments) implements ToolAction {
        public CallTool {
            Objects.requireNonNull(toolName, "toolName");
            arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        }
    }

    static ToolAction listTools() {
        return new ListTools();
    }

    static ToolAction callTool(String toolName, Map<String, Object> arguments) {
        return new CallTool(toolName, arguments);
    }
}
