package io.openenv4j.server;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tool test environment: {@code add} (two integers), {@code tally} (counts its calls on this instance,
 * which shows whether calls share a session) and {@code explode} (a tool that fails).
 */
final class CalculatorEnvironment implements ToolEnvironment<BasicState> {

    private final AtomicLong tally = new AtomicLong();
    private final Toolbox toolbox = Toolbox.builder()
            .tool(
                    new Tool(
                            "add",
                            "Adds two integers.",
                            Map.of(
                                    "type",
                                    "object",
                                    "additionalProperties",
                                    false,
                                    "properties",
                                    Map.of("a", Map.of("type", "integer"), "b", Map.of("type", "integer")),
                                    "required",
                                    List.of("a", "b"))),
                    args -> ((Number) args.get("a")).longValue() + ((Number) args.get("b")).longValue())
            .tool(new Tool("tally", "Counts its own calls.", null), args -> tally.incrementAndGet())
            .tool(new Tool("explode", "Always fails.", null), args -> {
                throw new IllegalStateException("kaboom");
            })
            .build();
    private final Lifecycle lifecycle;
    private BasicState state = new BasicState(null, 0);

    CalculatorEnvironment(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        lifecycle.opened.incrementAndGet();
    }

    static EnvSpec<ToolAction, ToolObservation, BasicState> spec(Lifecycle lifecycle) {
        return EnvSpec.of(
                EnvironmentMetadata.of("calculator", "Adds numbers through tools."),
                ToolAction.class,
                ToolObservation.class,
                BasicState.class,
                () -> new CalculatorEnvironment(lifecycle));
    }

    @Override
    public Step<ToolObservation> reset(ResetRequest request) {
        state = new BasicState(request.episodeIdIfPresent().orElse("calc"), 0);
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
        return toolbox.tools();
    }

    @Override
    public ToolResult callTool(String name, Map<String, Object> arguments) throws ToolCallException {
        return toolbox.call(name, arguments);
    }

    @Override
    public void close() {
        lifecycle.closed.incrementAndGet();
    }
}
