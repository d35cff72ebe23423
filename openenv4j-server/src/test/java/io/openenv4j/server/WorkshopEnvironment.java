package io.openenv4j.server;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tool environment built with the annotation API, for the spec MCP tests: {@code add}, {@code greet}
 * (a record result), {@code fail} (throws), {@code tally} (counts calls on this instance), {@code nap}
 * (sleeps, interruptibly, and records overlapping calls) and {@code move} (a record argument).
 */
final class WorkshopEnvironment implements ToolEnvironment<BasicState> {

    /** Calls of {@code nap} running at once, over every instance; and the most ever seen. */
    static final AtomicInteger NAPPING = new AtomicInteger();

    static final AtomicInteger MOST_NAPPING = new AtomicInteger();
    static final AtomicInteger INTERRUPTED_NAPS = new AtomicInteger();

    record Greeting(String text, int length) {}

    record Point(int x, int y) {}

    /** The tools; one object per environment instance, so {@code tally} is per session. */
    static final class Tools {
        private final AtomicInteger tally = new AtomicInteger();

        @ToolMethod(description = "Adds two integers.")
        public long add(long a, long b) {
            return a + b;
        }

        @ToolMethod(description = "Greets someone.")
        public Greeting greet(@ToolArg(required = true) @Description("Who to greet") String name) {
            String text = "Hello, " + name + "!";
            return new Greeting(text, text.length());
        }

        @ToolMethod(description = "Always fails.")
        public String fail() {
            throw new IllegalStateException("kaboom");
        }

        @ToolMethod(description = "Counts its own calls on this instance.")
        public int tally() {
            return tally.incrementAndGet();
        }

        @ToolMethod(description = "Sleeps for a while.")
        public String nap(long millis) throws InterruptedException {
            int now = NAPPING.incrementAndGet();
            MOST_NAPPING.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(millis);
                return "rested";
            } catch (InterruptedException e) {
                INTERRUPTED_NAPS.incrementAndGet();
                throw e;
            } finally {
                NAPPING.decrementAndGet();
            }
        }

        @ToolMethod(description = "Moves to a point.")
        public Point move(@ToolArg(required = true) Point to) {
            return to;
        }
    }

    private final Toolbox toolbox = Toolbox.of(new Tools());
    private final Lifecycle lifecycle;
    private BasicState state = new BasicState("workshop", 0);

    WorkshopEnvironment(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        lifecycle.opened.incrementAndGet();
    }

    static EnvSpec<ToolAction, ToolObservation, BasicState> spec(Lifecycle lifecycle) {
        return EnvSpec.of(
                EnvironmentMetadata.of("workshop", "Tools built with the annotation API."),
                ToolAction.class,
                ToolObservation.class,
                BasicState.class,
                () -> new WorkshopEnvironment(lifecycle));
    }

    @Override
    public Step<ToolObservation> reset(ResetRequest request) {
        state = new BasicState(request.episodeIdIfPresent().orElse("workshop"), 0);
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
