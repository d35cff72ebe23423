package io.openenv4j.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a tool environment's {@code step} observes: the tool list, or the outcome of one call. On the wire
 * these are {@code {"tools":[…]}} and {@code {"tool_name":…,"result":…,"error":…}}.
 */
public sealed interface ToolObservation {

    /** Observation of a {@code list_tools} step, and of a reset of a tool environment ({@code tools}). */
    record ToolList(List<Tool> tools) implements ToolObservation {
        public ToolList {
            tools = List.copyOf(tools);
        }
    }

    /**
     * Observation of a {@code call_tool} step. Exactly one of {@code result} and {@code error} is set.
     *
     * @param toolName the tool that was called
     * @param result the tool's result, or {@code null} when the call could not be made
     * @param error why the call could not be made, or {@code null}
     */
    record ToolCallOutcome(String toolName, ToolResult result, ToolError error) implements ToolObservation {
        public ToolCallOutcome {
            Objects.requireNonNull(toolName, "toolName");
            if ((result == null) == (error == null)) {
                throw new IllegalArgumentException("exactly one of result and error must be set");
            }
        }
    }

    /**
     * The observation a tool environment returns from {@code reset}: no tools, no outcome, only the reference's
     * observation {@code metadata} ({@code {"metadata":{}}} on the wire when empty).
     *
     * @param metadata what the environment says about the fresh episode (the reference's echo environment says
     *     {@code {"status":"ready","message":"Echo environment ready!"}}); empty by default
     */
    record Ready(Map<String, Object> metadata) implements ToolObservation {
        public Ready {
            metadata = metadata == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        }

        /** A reset observation without metadata. */
        public Ready() {
            this(Map.of());
        }
    }
}
