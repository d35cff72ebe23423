package io.openenv4j.envs.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.testkit.EnvironmentContract;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoEnvironmentTest extends EnvironmentContract<ToolAction, ToolObservation, BasicState> {

    @Override
    protected EnvSpec<ToolAction, ToolObservation, BasicState> spec() {
        return EchoEnvironment.spec();
    }

    @Override
    protected List<ToolAction> script() {
        return List.of(
                ToolAction.listTools(),
                ToolAction.callTool("echo_message", Map.of("message", "hello")),
                ToolAction.callTool("echo_with_length", Map.of("message", "héllo wörld")));
    }

    @Test
    void resetSaysItIsReadyInTheObservationMetadataAsTheReferenceEchoWithZeroReward() {
        var env = new EchoEnvironment();
        Step<ToolObservation> step = env.reset(ResetRequest.empty());
        String ready = "{\"status\":\"ready\",\"message\":\"Echo environment ready!\"}";
        assertThat(WireJson.write(codec().encodeStep(step)))
                .isEqualTo("{\"observation\":{\"metadata\":" + ready + "},\"reward\":0.0,\"done\":false,\"metadata\":"
                        + ready + "}");
    }

    @Test
    void echoMessageReturnsTheMessageWrappedAsTheReferenceDoes() {
        var env = new EchoEnvironment();
        env.reset(ResetRequest.empty());
        var step = env.step(ToolAction.callTool("echo_message", Map.of("message", "hello")));
        assertThat(WireJson.write(codec().encodeStep(step)))
                .isEqualTo("{\"observation\":{\"metadata\":{},\"tool_name\":\"echo_message\","
                        + "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hello\",\"annotations\":null,\"meta\":null}],"
                        + "\"structured_content\":{\"result\":\"hello\"},\"meta\":{\"fastmcp\":{\"wrap_result\":true}},"
                        + "\"data\":\"hello\",\"is_error\":false},\"error\":null},\"reward\":null,\"done\":false}");
    }

    @Test
    void echoWithLengthCountsCharactersNotBytes() throws Exception {
        var result = new EchoEnvironment().callTool("echo_with_length", Map.of("message", "héllo wörld"));
        assertThat(result.data()).isEqualTo(Map.of("message", "héllo wörld", "length", 11));
        assertThat(result.content().get(0).text()).isEqualTo("{\"message\":\"héllo wörld\",\"length\":11}");
    }

    @Test
    void everyStepCountsIncludingToolListings() {
        var env = new EchoEnvironment();
        env.reset(new ResetRequest(null, "ep", Map.of()));
        env.step(ToolAction.listTools());
        env.step(ToolAction.callTool("echo_message", Map.of("message", "x")));
        assertThat(env.state()).isEqualTo(new BasicState("ep", 2));
    }

    @Test
    void unknownToolIsAnErrorObservationNotACrash() {
        var env = new EchoEnvironment();
        var observation = env.step(ToolAction.callTool("nope", Map.of())).observation();
        assertThat(observation)
                .isEqualTo(new ToolObservation.ToolCallOutcome(
                        "nope", null, new ToolError(ToolError.Kind.TOOL_NOT_FOUND, "Unknown tool: 'nope'")));
    }

    @Test
    void missingArgumentIsReportedAsInvalidArgs() {
        var env = new EchoEnvironment();
        var outcome = (ToolObservation.ToolCallOutcome)
                env.step(ToolAction.callTool("echo_message", Map.of())).observation();
        assertThat(outcome.error().errorType()).isEqualTo(ToolError.Kind.INVALID_ARGS);
        assertThat(outcome.error().message()).contains("message").contains("Missing required argument");
    }

    @Test
    void wrongArgumentTypeIsRejectedBeforeTheToolRuns() {
        assertThatThrownBy(() -> new EchoEnvironment().callTool("echo_message", Map.of("message", 5)))
                .isInstanceOf(ToolCallException.class)
                .hasMessageContaining("Input should be a valid string");
    }
}
