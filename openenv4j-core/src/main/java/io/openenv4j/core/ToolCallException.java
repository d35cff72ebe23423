package io.openenv4j.core;

import java.util.Objects;

/** A tool call that could not be made: the tool does not exist, or its arguments are invalid. */
public class ToolCallException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ToolError.Kind kind;

    public ToolCallException(ToolError.Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ToolError.Kind kind() {
        return kind;
    }

    public static ToolCallException unknownTool(String name) {
        return new ToolCallException(ToolError.Kind.TOOL_NOT_FOUND, "Unknown tool: '" + name + "'");
    }

    public static ToolCallException invalidArguments(String message) {
        return new ToolCallException(ToolError.Kind.INVALID_ARGS, message);
    }
}
