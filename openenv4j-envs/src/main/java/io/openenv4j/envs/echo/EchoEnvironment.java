package io.openenv4j.envs.echo;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.Toolbox;
import java.util.LinkedHashMap;
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

    private static final Toolbox TOOLS = Toolbox.builder()
            .tool(new Tool("echo_message", "Echo back the provided message.", messageSchema()),
                    args -> (String) args.get("message"))
            .tool(new Tool("echo_with_length", "Echo back the message with its length.", messageSchema()),
                    args -> {
                        String message = (String) args.get("message");
                        var result = new LinkedHashMap<String, Object>();
                        result.put("message", message);
                        result.put("length", message.codePointCount(0, message.length()));
                        return result;
                    })
            .build();

    private BasicState state = new BasicState(UUID.randomUUID().toString(), 0);

    /** How to serve it. */
    public static EnvSpec<ToolAction, ToolObservation, BasicState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of(NAME, "Echoes messages back through two MCP tools: echo_message and echo_with_length."),
                ToolAction.class, ToolObservation.class, BasicState.class, EchoEnvironment::new);
    }

    @Override
    public Step<ToolObservation> reset(ResetRequest request) {
        state = new BasicState(request.episodeIdIfPresent().orElseGet(() -> UUID.randomUUID().toString()), 0);
        return Step.of(new ToolObservation.Ready(), 0.0, false);
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

    private static Map<String, Object> messageSchema() {
        var message = new LinkedHashMap<String, Object>();
        message.put("type", "string");
        message.put("description", "The message to echo back");
        var schema = new LinkedHashMap<String, Object>();
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        schema.put("properties", Map.of("message", message));
        schema.put("required", List.of("message"));
        return schema;
    }
}
