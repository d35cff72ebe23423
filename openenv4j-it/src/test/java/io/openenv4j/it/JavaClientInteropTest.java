package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.client.EnvClient;
import io.openenv4j.client.EnvHttpClient;
import io.openenv4j.client.ServerErrorException;
import io.openenv4j.client.ToolCallFailedException;
import io.openenv4j.client.ToolClient;
import io.openenv4j.core.BasicState;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.wire.ErrorCode;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** Our Java client drives servers built with the Python reference's own {@code create_app}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaClientInteropTest {

    private PythonReference.Server echo;
    private PythonReference.Server counter;
    private PythonReference.Server broken;

    @BeforeAll
    void start() throws Exception {
        PythonReference.assumeAvailable();
        echo = PythonReference.startServer("ref_echo_server.py");
        counter = PythonReference.startServer("ref_counter_server.py", "--max-sessions", "2");
        broken = PythonReference.startServer("ref_broken_server.py");
    }

    @AfterAll
    void stop() {
        for (PythonReference.Server server : new PythonReference.Server[] {echo, counter, broken}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void typedClientRunsACounterEpisodeOnThePythonServer() {
        try (var env = EnvClient.connect(
                counter.url(),
                CounterEnvironment.Action.class,
                CounterEnvironment.Observation.class,
                CounterEnvironment.CounterState.class)) {
            Step<CounterEnvironment.Observation> reset = env.reset(new ResetRequest(7L, "c-1", Map.of("start", 2)));
            assertThat(reset.observation())
                    .isEqualTo(new CounterEnvironment.Observation(2, 0, List.of(), "reset seed=7"));
            assertThat(reset.reward()).isEqualTo(0.0);
            var step = env.step(new CounterEnvironment.Action(3, null));
            assertThat(step.observation()).isEqualTo(new CounterEnvironment.Observation(5, 3, List.of(3L), "added 3"));
            assertThat(step.reward()).isEqualTo(3.0);
            assertThat(step.done()).isFalse();
            var last = env.step(new CounterEnvironment.Action(5, "five"));
            assertThat(last.observation().message()).isEqualTo("five");
            assertThat(last.done()).isTrue();
            assertThat(env.state()).isEqualTo(new CounterEnvironment.CounterState("c-1", 2, 10));
        }
    }

    @Test
    void environmentErrorsFromThePythonServerArriveAsServerErrorsAndTheSessionLivesOn() {
        try (var env = EnvClient.connect(
                counter.url(),
                CounterEnvironment.Action.class,
                CounterEnvironment.Observation.class,
                CounterEnvironment.CounterState.class)) {
            env.reset();
            assertThatThrownBy(() -> env.step(new CounterEnvironment.Action(13, null)))
                    .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_ERROR);
                        assertThat(e.serverMessage()).isEqualTo("unlucky delta 13");
                    });
            assertThat(env.step(new CounterEnvironment.Action(1, null))
                            .observation()
                            .total())
                    .isEqualTo(1);
        }
    }

    @Test
    void genericClientWorksWithPlainMaps() {
        try (var env = EnvClient.generic(counter.url())) {
            env.reset(ResetRequest.withSeed(1));
            var step = env.step(Map.of("delta", 4));
            assertThat(step.observation()).containsEntry("total", 4).containsEntry("message", "added 4");
            assertThat(env.state()).containsEntry("step_count", 1).containsEntry("total", 4);
            assertThatThrownBy(() -> env.step(Map.of("delta", 1, "bogus", true)))
                    .isInstanceOfSatisfying(
                            ServerErrorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR));
        }
    }

    @Test
    void toolClientListsAndCallsThePythonEchoTools() {
        try (ToolClient tools = EnvClient.tools(echo.url())) {
            tools.reset();
            assertThat(tools.listTools()).extracting(Tool::name).containsExactly("echo_message", "echo_with_length");
            assertThat(tools.callTool("echo_message", Map.of("message", "hello")))
                    .isEqualTo("hello");
            assertThat(tools.callTool("echo_with_length", Map.of("message", "héllo")))
                    .isEqualTo(Map.of("message", "héllo", "length", 5));
            assertThatThrownBy(() -> tools.callTool("nope", Map.of()))
                    .isInstanceOfSatisfying(
                            ToolCallFailedException.class,
                            e -> assertThat(e.kind()).isEqualTo(ToolError.Kind.TOOL_NOT_FOUND));
            assertThat(tools.state()).containsEntry("step_count", 4);
        }
    }

    @Test
    void typedToolObservationsDecodeFromThePythonEcho() {
        try (var env = EnvClient.connect(echo.url(), ToolAction.class, ToolObservation.class, BasicState.class)) {
            env.reset(new ResetRequest(null, "ep-j", Map.of()));
            var list = env.step(ToolAction.listTools());
            assertThat(list.observation()).isInstanceOf(ToolObservation.ToolList.class);
            var call = env.step(ToolAction.callTool("echo_message", Map.of("message", "hi")));
            assertThat(call.observation())
                    .isInstanceOfSatisfying(
                            ToolObservation.ToolCallOutcome.class,
                            outcome -> assertThat(outcome.result().data()).isEqualTo("hi"));
            assertThat(env.state()).isEqualTo(new BasicState("ep-j", 2));
            JsonNode reply = env.mcp(WireJson.parse("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}"));
            assertThat(reply.path("result").path("tools").size()).isEqualTo(2);
        }
    }

    @Test
    void capacityAndFactoryErrorsFromThePythonServerAreReportedAsSuch() {
        try (var first = EnvClient.generic(counter.url());
                var second = EnvClient.generic(counter.url())) {
            first.reset();
            second.reset();
            try (var third = EnvClient.generic(counter.url())) {
                assertThatThrownBy(third::reset)
                        .isInstanceOfSatisfying(
                                ServerErrorException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.CAPACITY_REACHED));
            }
        }
        try (var env = EnvClient.generic(broken.url())) {
            assertThatThrownBy(env::reset).isInstanceOfSatisfying(ServerErrorException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.FACTORY_ERROR);
                assertThat(e.details()).containsEntry("factory_name", "BrokenEnvironment");
            });
        }
    }

    @Test
    void httpClientReadsThePythonServersRoutes() {
        try (var http = EnvHttpClient.create(
                counter.url(),
                CounterEnvironment.Action.class,
                CounterEnvironment.Observation.class,
                CounterEnvironment.CounterState.class)) {
            assertThat(http.health()).isEqualTo("healthy");
            assertThat(http.metadata().name()).isEqualTo("counter");
            assertThat(http.schema().path("action").path("properties").has("delta"))
                    .isTrue();
            assertThat(http.openApi().path("info").path("version").asString()).isEqualTo("1.0.0");
            assertThat(http.reset(new ResetRequest(3L, null, Map.of("start", 1)))
                            .observation()
                            .total())
                    .isEqualTo(1);
            assertThat(http.step(new CounterEnvironment.Action(2, null)).reward())
                    .isEqualTo(2.0);
        }
    }
}
