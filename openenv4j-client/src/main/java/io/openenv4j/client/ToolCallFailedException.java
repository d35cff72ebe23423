package io.openenv4j.client;

import io.openenv4j.core.ToolError;
import java.util.Objects;

/**
 * A tool call made through {@code step} could not be carried out: the observation carried an {@code
 * error} ({@code tool_not_found}, {@code invalid_args}, {@code timeout}, …). The message reads as the
 * Python client's: {@code Tool 'x' failed: <message> (type: <error_type>)}. The session lives on.
 *
 * <p>A tool that ran and reported a failure itself is not an exception: its result has {@code isError}.
 */
public final class ToolCallFailedException extends OpenEnvClientException {

    private static final long serialVersionUID = 1L;

    private final String toolName;
    private final ToolError.Kind kind;
    private final String toolMessage;

    public ToolCallFailedException(String toolName, ToolError error) {
        super(
                Failure.TOOL_CALL_FAILED,
                "Tool '" + toolName + "' failed: " + error.message() + " (type: "
                        + error.errorType().wireName() + ")",
                null);
        this.toolName = Objects.requireNonNull(toolName, "toolName");
        this.kind = error.errorType();
        this.toolMessage = error.message();
    }

    /** The tool that was called. */
    public String toolName() {
        return toolName;
    }

    /** Why the call failed. */
    public ToolError.Kind kind() {
        return kind;
    }

    /** The server's message. */
    public String toolMessage() {
        return toolMessage;
    }
}
