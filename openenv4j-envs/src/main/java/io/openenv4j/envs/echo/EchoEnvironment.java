package io.openenv4j.envs.echo;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Execution;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.ToolArg;
import io.openenv4j.mcp.ToolMethod;
import io.openenv4j.mcp.Toolbox;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The echo environment, wire-identical to the reference's {@code echo_env}: a pure tool environment with
 * two tools, {@code echo_message} (returns the message) and {@code echo_with_length} (returns {@code
 * {"message":…,"length":…}}). Reset returns an empty observation with reward 0.0; every step, tool listing
 * included, counts in {@code step_count}; steps carry no reward and never end the episode.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class EchoEnvironment implements ToolEnvironment<BasicState> {

    public static final String NAME = "echo";

    private static final String MESSAGE = "The message to echo back";
    private static final Toolbox TOOLS = Toolbox.of(new EchoTools());

    /** The result of {@code echo_with_length}. */
    public record MessageLength(String message, int length) {}

    /** The two tools; stateless, so one instance serves every session. */
    static final class EchoTools {
        @ToolMethod(description = "Echo back the provided message.")
        public String echoMessage(@ToolArg(required = true) @Description(MESSAGE) String message) {
            return message;
        }

        @ToolMethod(description = "Echo back the message with its length.")
        public MessageLength echoWithLength(@ToolArg(required = true) @Description(MESSAGE) String message) {
            return new MessageLength(message, message.codePointCount(0, message.length()));
        }
    }

    private BasicState state = new BasicState(UUID.randomUUID().toString(), 0);

    /** The metadata of the reset observation, the reference echo environment's. */
    static final Map<String, Object> READY = readyMetadata();

    private static Map<String, Object> readyMetadata() {
        var metadata = new java.util.LinkedHashMap<String, Object>();
        metadata.put("status", "ready");
        metadata.put("message", "Echo environment ready!");
        return java.util.Collections.unmodifiableMap(metadata);
    }

    /** How to serve it. */
    public static EnvSpec<ToolAction, ToolObservation, BasicState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME, "Echoes messages back through two MCP tools: echo_message and echo_with_length."),
                        ToolAction.class,
                        ToolObservation.class,
                        BasicState.class,
                        EchoEnvironment::new)
                .withExecution(Execution.NON_BLOCKING);
    }

    @Override
    public Step<ToolObservation> reset(ResetRequest request) {
        state = new BasicState(
                request.episodeIdIfPresent().orElseGet(() -> UUID.randomUUID().toString()), 0);
        // As the reference's echo_env says it: since openenv 0.4 observation metadata is on the wire.
        return Step.of(new ToolObservation.Ready(READY), 0.0, false);
    }

    @Override
    public Step<ToolObservation> step(ToolAction action) {
        state = new BasicState(state.episodeId(), state.stepCount() + 1);
        return Step.of(dispatch(action));
    }

    @Override
    public BasicState state() {
        return state;
    }

    @Override
    public List<Tool> tools() {
        return TOOLS.tools();
    }

    @Override
    public ToolResult callTool(String name, Map<String, Object> arguments) throws ToolCallException {
        return TOOLS.call(name, arguments);
    }
}
