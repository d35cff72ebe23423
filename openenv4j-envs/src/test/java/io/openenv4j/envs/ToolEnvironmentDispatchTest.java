package io.openenv4j.envs;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.Toolbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolEnvironmentDispatchTest {

    private static final Toolbox TOOLS = Toolbox.builder()
            .tool(new Tool("explode", "Always fails.", null), args -> {
                throw new IllegalStateException("kaboom");
            })
            .build();

    private static final class Exploding implements ToolEnvironment<BasicState> {
        public Step<ToolObservation> reset(ResetRequest request) {
            return Step.of(new ToolObservation.Ready());
        }

        public Step<ToolObservation> step(ToolAction action) {
            return Step.of(dispatch(action));
        }

        public BasicState state() {
            return new BasicState("e", 0);
        }

        public List<Tool> tools() {
            return TOOLS.tools();
        }

        public ToolResult callTool(String name, Map<String, Object> arguments) throws ToolCallException {
            return TOOLS.call(name, arguments);
        }
    }

    @Test
    void aToolThatThrowsIsAnExecutionErrorThroughStepAsInTheReference() {
        var observation =
                new Exploding().step(ToolAction.callTool("explode", Map.of())).observation();
        assertThat(observation)
                .isEqualTo(new ToolObservation.ToolCallOutcome(
                        "explode",
                        null,
                        new ToolError(ToolError.Kind.EXECUTION_ERROR, "Error calling tool 'explode': kaboom")));
    }

    @Test
    void theDirectCallStillReturnsAnErrorResultForSpecMcp() throws Exception {
        ToolResult result = new Exploding().callTool("explode", Map.of());
        assertThat(result.isError()).isTrue();
        assertThat(result.text()).isEqualTo("Error calling tool 'explode': kaboom");
    }
}
