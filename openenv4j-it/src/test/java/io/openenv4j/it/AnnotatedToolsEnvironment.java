package io.openenv4j.it;

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
import java.util.List;
import java.util.Map;

/**
 * A tool environment written with the annotation API, for the MCP interop tests: {@code add} (integers,
 * wrapped result), {@code greet} (a record result), {@code fail} (throws), {@code tally} (per-session count)
 * and six {@code noop_*} tools, so that paging shows.
 */
final class AnnotatedToolsEnvironment implements ToolEnvironment<BasicState> {

    record Greeting(String text, int length) {}

    static final class Tools {
        private int tally;

        @ToolMethod(description = "Adds two integers.")
        public long add(long a, long b) {
            return a + b;
        }

        @ToolMethod(description = "Greets someone.")
        public Greeting greet(@ToolArg(required = true) @Description("Who to greet") String who) {
            String text = "Hello, " + who + "!";
            return new Greeting(text, text.length());
        }

        @ToolMethod(description = "Always fails.")
        public String fail() {
            throw new IllegalStateException("kaboom");
        }

        @ToolMethod(description = "Counts its calls in this session.")
        public int tally() {
            return ++tally;
        }
    }

    /** Padding tools. */
    static final class Noops {
        @ToolMethod(description = "Does nothing.")
        public String noopA() {
            return "a";
        }

        @ToolMethod(description = "Does nothing.")
        public String noopB() {
            return "b";
        }

        @ToolMethod(description = "Does nothing.")
        public String noopC() {
            return "c";
        }
    }

    private final Toolbox toolbox = Toolbox.of(new Tools(), new Noops());
    private BasicState state = new BasicState("annotated", 0);

    static EnvSpec<ToolAction, ToolObservation, BasicState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of("annotated", "Tools written with @ToolMethod."),
                ToolAction.class,
                ToolObservation.class,
                BasicState.class,
                AnnotatedToolsEnvironment::new);
    }

    @Override
    public Step<ToolObservation> reset(ResetRequest request) {
        state = new BasicState(request.episodeIdIfPresent().orElse("annotated"), 0);
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
}
