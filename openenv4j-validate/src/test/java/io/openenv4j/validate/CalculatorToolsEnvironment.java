package io.openenv4j.validate;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.Description;
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
import io.openenv4j.mcp.ToolArg;
import io.openenv4j.mcp.ToolMethod;
import io.openenv4j.mcp.Toolbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A tool environment for the MCP checks; {@code brokenSchema} lists a tool whose input schema is not valid JSON Schema. */
final class CalculatorToolsEnvironment implements ToolEnvironment<BasicState> {

    record Sum(long sum) {}

    static final class Tools {
        @ToolMethod(description = "Adds two integers.")
        public Sum add(long a, long b) {
            return new Sum(a + b);
        }

        @ToolMethod(description = "Greets someone.")
        public String greet(@ToolArg(required = true) @Description("Who to greet") String who) {
            return "Hello, " + who;
        }
    }

    private static final Toolbox TOOLS = Toolbox.of(new Tools());

    private final boolean brokenSchema;
    private BasicState state = new BasicState(UUID.randomUUID().toString(), 0);

    CalculatorToolsEnvironment(boolean brokenSchema) {
        this.brokenSchema = brokenSchema;
    }

    static EnvSpec<ToolAction, ToolObservation, BasicState> spec(boolean brokenSchema) {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        brokenSchema ? "calculator-broken-schema" : "calculator", "Adds and greets through tools."),
                ToolAction.class,
                ToolObservation.class,
                BasicState.class,
                () -> new CalculatorToolsEnvironment(brokenSchema));
    }

    @Override
    public Step<ToolObservation> reset(ResetRequest request) {
        state = new BasicState(
                request.episodeIdIfPresent().orElseGet(() -> UUID.randomUUID().toString()), 0);
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
        if (!brokenSchema) {
            return TOOLS.tools();
        }
        var tools = new ArrayList<>(TOOLS.tools());
        Tool greet = tools.get(1);
        var schema = new LinkedHashMap<String, Object>(greet.inputSchema());
        schema.put("type", "objekt"); // no such JSON Schema type
        schema.put("required", "who"); // must be an array
        tools.set(1, new Tool(greet.name(), greet.description(), schema, greet.outputSchema()));
        return tools;
    }

    @Override
    public ToolResult callTool(String name, Map<String, Object> arguments) throws ToolCallException {
        return TOOLS.call(name, arguments);
    }
}
