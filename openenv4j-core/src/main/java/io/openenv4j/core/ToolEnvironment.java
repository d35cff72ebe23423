package io.openenv4j.core;

import java.util.List;
import java.util.Map;

/**
 * An environment whose actions are tool calls (OpenEnv's "MCP environment"). Its tools are reachable two
 * ways: through {@code step} with {@link ToolAction}s, which counts as a step of the episode, and directly
 * through the server's MCP routes ({@link #tools()} and {@link #callTool}), which does not.
 *
 * <p>Implementations usually answer {@code step} with {@link #dispatch(ToolAction)} and add their own
 * bookkeeping (step counts, rewards, termination).
 */
public interface ToolEnvironment<S> extends Environment<ToolAction, ToolObservation, S> {

    /** The tools on offer, in a stable order. */
    List<Tool> tools();

    /**
     * Calls a tool. A tool that runs and fails reports it in the result ({@link ToolResult#isError()}).
     *
     * @throws ToolCallException when the call cannot be made: unknown tool, invalid arguments
     */
    ToolResult callTool(String name, Map<String, Object> arguments) throws ToolCallException;

    /**
     * Carries out a tool action and returns its observation; never throws for a failed call. A tool that
     * fails (an error result) is reported as an {@code execution_error}, as OpenEnv's reference does.
     */
    default ToolObservation dispatch(ToolAction action) {
        return switch (action) {
            case ToolAction.ListTools ignored -> new ToolObservation.ToolList(tools());
            case ToolAction.CallTool call -> {
                try {
                    ToolResult result = callTool(call.toolName(), call.arguments());
                    // As the reference (whose client raises on an error result): the step path reports a
                    // failed tool as an execution error, not as a result.
                    yield result.isError()
                            ? new ToolObservation.ToolCallOutcome(
                                    call.toolName(), null, new ToolError(ToolError.Kind.EXECUTION_ERROR, result.text()))
                            : new ToolObservation.ToolCallOutcome(call.toolName(), result, null);
                } catch (ToolCallException e) {
                    yield new ToolObservation.ToolCallOutcome(
                            call.toolName(), null, new ToolError(e.kind(), e.getMessage()));
                } catch (RuntimeException e) {
                    yield new ToolObservation.ToolCallOutcome(
                            call.toolName(),
                            null,
                            new ToolError(ToolError.Kind.EXECUTION_ERROR, String.valueOf(e.getMessage())));
                }
            }
        };
    }
}
