package io.openenv4j.core;

import java.util.Objects;

/**
 * Why a tool call through {@code step} could not be made (as opposed to a tool that ran and reported an
 * error, which is a {@link ToolResult} with {@code isError}).
 *
 * @param errorType the kind of failure
 * @param message what went wrong
 */
public record ToolError(Kind errorType, String message) {

    public ToolError {
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(message, "message");
    }

    /** Failure kinds, with the wire names of OpenEnv's dialect. */
    public enum Kind {
        EXECUTION_ERROR("execution_error"),
        INVALID_ARGS("invalid_args"),
        TRANSPORT_ERROR("transport_error"),
        TOOL_NOT_FOUND("tool_not_found"),
        TIMEOUT("timeout");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
