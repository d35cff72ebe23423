package io.openenv4j.client;

import static io.openenv4j.client.FakeServer.observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.client.TestTypes.GridObservation;
import io.openenv4j.client.TestTypes.MoveAction;
import io.openenv4j.core.BasicState;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.wire.WireJson;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The session client against a scripted peer: envelopes, decoding, misuse and serialisation of calls. */
class EnvClientTest {

    private static final String GRID = observation("{\"board\":\"..x\",\"moves_left\":3,\"score\":0.5}", "0.0", false);

    @Test
    void resetSendsItsArgumentsAsTheFrameDataAndDecodesTheObservation() throws Exception {
        try (var server = FakeServer.replying(text -> GRID);
                var env = EnvClient.connect(
                        server.baseUrl(), MoveAction.class, GridObservation.class, BasicState.class)) {
            Step<GridObservation> step = env.reset(new ResetRequest(42L, "ep-1", Map.of("difficulty", "hard")));

            assertThat(server.received)
                    .containsExactly(
                            "{\"type\":\"reset\",\"data\":{\"seed\":42,\"episode_id\":\"ep-1\",\"difficulty\":\"hard\"}}");
            assertThat(step).isEqualTo(new Step<>(new GridObservation("..x", 3, 0.5), 0.0, false));
        }
    }

    @Test
    void resetWithoutArgumentsSendsAnEmptyDataObject() throws Exception {
        try (var server = FakeServer.replying(text -> GRID);
                var env = EnvClient.generic(server.baseUrl())) {
            env.reset();

            assertThat(server.received).containsExactly("{\"type\":\"reset\",\"data\":{}}");
        }
    }

    @Test
    void stepSendsTheActionInSnakeCaseAsTheFrameData() throws Exception {
        try (var server = FakeServer.replying(
                        text -> observation("{\"board\":\"x..\",\"moves_left\":2,\"score\":1}", "1.0", true));
                var env = EnvClient.connect(
                        server.baseUrl(), MoveAction.class, GridObservation.class, BasicState.class)) {
            Step<GridObservation> step = env.step(new MoveAction("left", 2));

            assertThat(server.received)
                    .containsExactly("{\"type\":\"step\",\"data\":{\"direction\":\"left\",\"step_size\":2}}");
            assertThat(step).isEqualTo(new Step<>(new GridObservation("x..", 2, 1.0), 1.0, true));
        }
    }

    @Test
    void stateSendsABareStateFrameAndKeepsOnlyTheFieldsOfTheStateType() throws Exception {
        try (var server = FakeServer.replying(
                        text ->
                                "{\"type\":\"state\",\"data\":{\"episode_id\":\"E\",\"step_count\":5,\"last_cmd\":\"raise\"}}");
                var env = EnvClient.connect(
                        server.baseUrl(), MoveAction.class, GridObservation.class, BasicState.class)) {
            assertThat(env.state()).isEqualTo(new BasicState("E", 5));
            assertThat(server.received).containsExactly("{\"type\":\"state\"}");
        }
    }

    @Test
    void unknownKeysInTheEnvelopePayloadAndObservationAreIgnored() throws Exception {
        String reply =
                "{\"type\":\"observation\",\"extra\":1,\"data\":{\"observation\":{\"board\":\"b\",\"moves_left\":1,"
                        + "\"score\":2.0,\"added_in_v2\":[1,2]},\"reward\":null,\"done\":false,\"info\":{}}}";
        try (var server = FakeServer.replying(text -> reply);
                var env = EnvClient.connect(
                        server.baseUrl(), MoveAction.class, GridObservation.class, BasicState.class)) {
            assertThat(env.reset()).isEqualTo(new Step<>(new GridObservation("b", 1, 2.0), null, false));
        }
    }

    @Test
    void aBooleanRewardIsReadAsOneOrZero() throws Exception {
        try (var server = FakeServer.replying(
                        text -> observation("{}", text.contains("reset") ? "true" : "false", false));
                var env = EnvClient.generic(server.baseUrl())) {
            assertThat(env.reset().reward()).isEqualTo(1.0);
            assertThat(env.step(Map.of()).reward()).isEqualTo(0.0);
        }
    }

    @Test
    void anIntegerRewardIsReadAsADouble() throws Exception {
        try (var server = FakeServer.replying(text -> observation("{}", "3", false));
                var env = EnvClient.generic(server.baseUrl())) {
            assertThat(env.reset().reward()).isEqualTo(3.0);
        }
    }

    @Test
    void aNanRewardIsReadAsNoRewardAndNanValuesInTheObservationAreAccepted() throws Exception {
        try (var server = FakeServer.replying(
                        text -> observation("{\"board\":\"b\",\"moves_left\":0,\"score\":NaN}", "NaN", true));
                var env = EnvClient.connect(
                        server.baseUrl(), MoveAction.class, GridObservation.class, BasicState.class)) {
            Step<GridObservation> step = env.reset();

            assertThat(step.reward()).isNull();
            assertThat(step.observation().score()).isNaN();
            assertThat(step.done()).isTrue();
        }
    }

    @Test
    void theGenericClientSpeaksJsonShapedMaps() throws Exception {
        try (var server = FakeServer.replying(text -> text.contains("state")
                        ? "{\"type\":\"state\",\"data\":{\"episode_id\":null,\"step_count\":0,\"extra\":[true]}}"
                        : observation("{\"echoed\":\"hi\",\"nested\":{\"n\":1}}", "null", false));
                var env = EnvClient.generic(server.baseUrl())) {
            Step<Map<String, Object>> step = env.step(Map.of("message", "hi"));

            assertThat(step.observation()).isEqualTo(Map.of("echoed", "hi", "nested", Map.of("n", 1)));
            assertThat(env.state()).containsEntry("extra", List.of(true)).containsEntry("step_count", 0);
            assertThat(server.received.get(0)).isEqualTo("{\"type\":\"step\",\"data\":{\"message\":\"hi\"}}");
        }
    }

    @Test
    void mcpFramesCarryTheJsonRpcRequestAndReturnTheResponseAsItCame() throws Exception {
        String response =
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"Method not found: ping\",\"data\":null}}";
        try (var server = FakeServer.replying(text -> "{\"type\":\"mcp\",\"data\":" + response + "}");
                var env = EnvClient.generic(server.baseUrl())) {
            JsonNode reply = env.mcp(WireJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));

            assertThat(server.received)
                    .containsExactly("{\"type\":\"mcp\",\"data\":{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}}");
            assertThat(reply).isEqualTo(WireJson.parse(response));
        }
    }

    @Test
    void anMcpRequestThatIsNotAnObjectIsMisuse() throws Exception {
        try (var server = FakeServer.replying(text -> null);
                var env = EnvClient.generic(server.baseUrl())) {
            assertThatThrownBy(() -> env.mcp(WireJson.parse("[1]"))).isInstanceOf(ClientMisuseException.class);
            assertThat(server.received).isEmpty();
        }
    }

    @Test
    void anActionThatDoesNotEncodeAsAnObjectIsMisuse() throws Exception {
        try (var server = FakeServer.replying(text -> GRID);
                var env = EnvClient.connect(server.baseUrl(), String.class, GridObservation.class, BasicState.class)) {
            assertThatThrownBy(() -> env.step("left")).isInstanceOf(ClientMisuseException.class);
            assertThat(env.reset().observation().board()).isEqualTo("..x");
        }
    }

    @Test
    void anOversizedFrameIsRefusedBeforeSendingAndTheClientStaysUsable() throws Exception {
        var options = ClientOptions.defaults().withMaxOutgoingBytes(1024);
        try (var server = FakeServer.replying(text -> GRID);
                var env = EnvClient.generic(server.baseUrl(), options)) {
            assertThatThrownBy(() -> env.step(Map.of("blob", "é".repeat(600))))
                    .isInstanceOf(ClientMisuseException.class)
                    .hasMessageContaining("maxOutgoingBytes");

            env.reset();
            assertThat(server.received).containsExactly("{\"type\":\"reset\",\"data\":{}}");
        }
    }

    @Test
    void closeSendsTheCloseMessageOnceAndClosesTheSocket() throws Exception {
        try (var server = FakeServer.replying(text -> text.contains("close") ? null : GRID)) {
            var env = EnvClient.generic(server.baseUrl());
            env.reset();

            env.close();
            env.close();

            assertThat(server.awaitSocketClosed()).isTrue();
            assertThat(server.received).containsExactly("{\"type\":\"reset\",\"data\":{}}", "{\"type\":\"close\"}");
            assertThat(env.isOpen()).isFalse();
        }
    }

    @Test
    void callsOnAClosedClientAreMisuse() throws Exception {
        try (var server = FakeServer.replying(text -> GRID)) {
            var env = EnvClient.generic(server.baseUrl());
            env.close();

            assertThatThrownBy(env::reset)
                    .isInstanceOf(ClientMisuseException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(env::state).isInstanceOf(ClientMisuseException.class);
        }
    }

    @Test
    void concurrentCallersAreServedOneAtATimeEachWithItsOwnReply() throws Exception {
        var inFlight = new AtomicBoolean();
        var overlaps = new AtomicInteger();
        try (var server = FakeServer.start((ws, text) -> {
                    if (!inFlight.compareAndSet(false, true)) {
                        overlaps.incrementAndGet();
                    }
                    String n = WireJson.parse(text).path("data").path("n").asString();
                    Vertx.currentContext().owner().setTimer(1, id -> {
                        inFlight.set(false);
                        ws.writeTextMessage(observation("{\"n\":\"" + n + "\"}", "null", false));
                    });
                });
                var env = EnvClient.generic(server.baseUrl());
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        String n = thread + "-" + i;
                        if (!env.step(Map.of("n", n)).observation().get("n").equals(n)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
            assertThat(overlaps).hasValue(0);
            assertThat(server.received).hasSize(200);
        }
    }

    @Test
    void theSessionUrlIsTheBaseUrlWithSlashesStrippedAndWsAppended() throws Exception {
        try (var server = FakeServer.replying(text -> GRID)) {
            try (var env = EnvClient.generic(server.baseUrl() + "//")) {
                assertThat(env.uri()).hasToString("ws://127.0.0.1:" + server.port() + "/ws");
            }
            try (var env = EnvClient.generic("127.0.0.1:" + server.port() + "/prefix/")) {
                assertThat(env.uri()).hasToString("ws://127.0.0.1:" + server.port() + "/prefix/ws");
            }
            assertThat(server.paths).containsExactly("/ws", "/prefix/ws");
        }
    }
}
