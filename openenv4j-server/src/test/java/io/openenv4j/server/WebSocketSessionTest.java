package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The {@code /ws} session protocol: transcripts, isolation, ordering, concurrency and disconnects. */
class WebSocketSessionTest {

    private final Lifecycle lifecycle = new Lifecycle();
    private EnvServer server;

    @BeforeEach
    void start() throws Exception {
        server = EnvServer.create(CounterEnvironment.spec(lifecycle), ServerConfig.ephemeral())
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void resetStepStateCloseTranscript() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode reset = socket.call("{\"type\":\"reset\",\"data\":{\"seed\":2,\"episode_id\":\"my-ep\"}}");
            assertThat(reset.propertyNames()).containsExactlyInAnyOrder("type", "data");
            assertThat(reset.get("type").stringValue()).isEqualTo("observation");
            assertThat(reset.get("data").propertyNames()).containsExactlyInAnyOrder("observation", "reward", "done");
            assertThat(reset.get("data").get("observation").get("count").asLong())
                    .isEqualTo(2);
            assertThat(reset.get("data").get("reward").asDouble()).isEqualTo(0.0);
            assertThat(reset.get("data").get("done").asBoolean()).isFalse();

            JsonNode step = socket.call("{\"type\":\"step\",\"data\":{\"delta\":3}}");
            assertThat(step.get("type").stringValue()).isEqualTo("observation");
            assertThat(step.get("data").get("observation").get("count").asLong())
                    .isEqualTo(5);
            assertThat(step.get("data").get("reward").asDouble()).isEqualTo(3.0);

            JsonNode state = socket.call("{\"type\":\"state\"}");
            assertThat(state.get("type").stringValue()).isEqualTo("state");
            assertThat(state.get("data").get("episode_id").stringValue()).isEqualTo("my-ep");
            assertThat(state.get("data").get("step_count").asLong()).isEqualTo(1);
            assertThat(state.get("data").get("count").asLong()).isEqualTo(5);

            socket.send("{\"type\":\"close\"}");
            assertThat(socket.awaitClose()).isEqualTo(1000);
            assertThat(socket.poll(Duration.ZERO)).as("close gets no reply").isNull();
        }
        lifecycle.awaitClosed(1, Duration.ofSeconds(2));
        Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));
    }

    @Test
    void resetWithoutDataUsesDefaults() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode reset = socket.call("{\"type\":\"reset\"}");

            assertThat(reset.get("data").get("observation").get("count").asLong())
                    .isZero();
        }
    }

    @Test
    void nonAsciiTextTravelsAsUtf8() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"épisode-日本-\uD83D\uDE00\"}}");

            JsonNode state = socket.call("{\"type\":\"state\"}");

            assertThat(state.get("data").get("episode_id").stringValue()).isEqualTo("épisode-日本-\uD83D\uDE00");
        }
    }

    @Test
    void resetOverWebSocketIsNoStricterThanTheReference() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode negative = socket.call("{\"type\":\"reset\",\"data\":{\"seed\":-5}}");
            JsonNode longId = socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"" + "x".repeat(300) + "\"}}");

            assertThat(negative.get("data").get("observation").get("count").asLong())
                    .isEqualTo(-5);
            assertThat(longId.get("type").stringValue()).isEqualTo("observation");
        }
    }

    @Test
    void rewardIsAlwaysAJsonNumberOrNull() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode reset = socket.call("{\"type\":\"reset\"}");
            JsonNode step = socket.call("{\"type\":\"step\",\"data\":{\"delta\":1}}");

            assertThat(reset.get("data").get("reward").isNumber()).isTrue();
            assertThat(step.get("data").get("reward").isNumber()).isTrue();
        }
        try (var tools = EnvServer.create(CalculatorEnvironment.spec(new Lifecycle()), ServerConfig.ephemeral())
                        .start();
                var socket = SocketPeer.open(tools, "/ws")) {
            JsonNode step = socket.call("{\"type\":\"step\",\"data\":{\"type\":\"list_tools\"}}");

            assertThat(step.get("data").has("reward")).isTrue();
            assertThat(step.get("data").get("reward").isNull()).isTrue();
        }
    }

    @Test
    void stepBeforeResetIsUpToTheEnvironment() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode step = socket.call("{\"type\":\"step\",\"data\":{\"delta\":4}}");
            JsonNode state = socket.call("{\"type\":\"state\"}");

            assertThat(step.get("type").stringValue()).isEqualTo("observation");
            assertThat(step.get("data").get("observation").get("count").asLong())
                    .isEqualTo(4);
            assertThat(state.get("data").get("episode_id").isNull()).isTrue();
        }
    }

    @Test
    void actionValuesAreCoercedLikePydanticLaxMode() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            JsonNode fromString = socket.call("{\"type\":\"step\",\"data\":{\"delta\":\"4\"}}");
            JsonNode fromFloat = socket.call("{\"type\":\"step\",\"data\":{\"delta\":2.0,\"metadata\":{\"a\":1}}}");

            assertThat(fromString.get("data").get("observation").get("count").asLong())
                    .isEqualTo(4);
            assertThat(fromFloat.get("data").get("observation").get("count").asLong())
                    .isEqualTo(6);
        }
    }

    @Test
    void eachSessionHasItsOwnEnvironment() throws Exception {
        try (var first = SocketPeer.open(server, "/ws");
                var second = SocketPeer.open(server, "/ws")) {
            first.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"one\"}}");
            second.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"two\"}}");
            first.call("{\"type\":\"step\",\"data\":{\"delta\":10}}");

            JsonNode firstState = first.call("{\"type\":\"state\"}").get("data");
            JsonNode secondState = second.call("{\"type\":\"state\"}").get("data");

            assertThat(firstState.get("episode_id").stringValue()).isEqualTo("one");
            assertThat(firstState.get("count").asLong()).isEqualTo(10);
            assertThat(secondState.get("episode_id").stringValue()).isEqualTo("two");
            assertThat(secondState.get("count").asLong()).isZero();
            assertThat(lifecycle.opened.get()).isEqualTo(2);
            assertThat(server.activeSessions()).isEqualTo(2);
        }
    }

    @Test
    void repliesComeInRequestOrderWhenFramesArePipelined() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            for (int i = 1; i <= 50; i++) {
                socket.send("{\"type\":\"step\",\"data\":{\"delta\":1}}");
            }
            for (int i = 1; i <= 50; i++) {
                assertThat(socket.next()
                                .get("data")
                                .get("observation")
                                .get("count")
                                .asLong())
                        .isEqualTo(i);
            }
        }
    }

    @Test
    void slowStepInOneSessionDoesNotDelayAnother() throws Exception {
        try (var slow = SocketPeer.open(server, "/ws");
                var fast = SocketPeer.open(server, "/ws")) {
            fast.call("{\"type\":\"reset\"}");
            long start = System.nanoTime();
            slow.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":2000}}");

            for (int i = 0; i < 20; i++) {
                assertThat(fast.call("{\"type\":\"step\",\"data\":{\"delta\":1}}")
                                .get("type")
                                .stringValue())
                        .isEqualTo("observation");
            }
            Duration fastSteps = Duration.ofNanos(System.nanoTime() - start);

            assertThat(slow.poll(Duration.ZERO))
                    .as("the slow step is still running")
                    .isNull();
            assertThat(fastSteps).isLessThan(Duration.ofMillis(1500));
            assertThat(slow.next().get("type").stringValue()).isEqualTo("observation");
        }
    }

    @Test
    void pingIsAnsweredWhileAStepRuns() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            socket.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":1500}}");
            Thread.sleep(100);

            Duration pong = socket.ping(Duration.ofSeconds(1));

            assertThat(pong).isLessThan(Duration.ofMillis(1000));
            assertThat(socket.poll(Duration.ZERO))
                    .as("pong came before the step's reply")
                    .isNull();
            assertThat(socket.next().get("type").stringValue()).isEqualTo("observation");
        }
    }

    @Test
    void closeFrameClosesTheEnvironmentOnce() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\"}");
            socket.send("{\"type\":\"close\"}");

            assertThat(socket.awaitClose()).isEqualTo(1000);
        }
        lifecycle.awaitClosed(1, Duration.ofSeconds(2));
        Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));
        Thread.sleep(100);
        assertThat(lifecycle.closed.get()).isEqualTo(1);
    }

    @Test
    void framesAfterCloseAreNotHandled() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\"}");
            socket.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":200}}");
            socket.send("{\"type\":\"close\"}");
            socket.send("{\"type\":\"step\",\"data\":{\"delta\":1}}");
            socket.send("{\"type\":\"step\",\"data\":{\"delta\":1}}");

            assertThat(socket.next().get("type").stringValue()).isEqualTo("observation");
            assertThat(socket.awaitClose()).isEqualTo(1000);
        }
        lifecycle.awaitClosed(1, Duration.ofSeconds(2));
        assertThat(lifecycle.steps.get())
                .as("only the step sent before close ran")
                .isEqualTo(1);
    }

    @Test
    void clientDisconnectClosesTheEnvironmentOnceAndFreesTheSlot() throws Exception {
        var socket = SocketPeer.open(server, "/ws");
        socket.call("{\"type\":\"reset\"}");
        assertThat(server.activeSessions()).isEqualTo(1);

        socket.abort();

        lifecycle.awaitClosed(1, Duration.ofSeconds(2));
        Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));
        Thread.sleep(100);
        assertThat(lifecycle.closed.get()).isEqualTo(1);
    }

    @Test
    void disconnectMidStepInterruptsTheStepThenClosesTheEnvironment() throws Exception {
        var socket = SocketPeer.open(server, "/ws");
        socket.call("{\"type\":\"reset\"}");
        int stepsBefore = lifecycle.steps.get();
        socket.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":30000}}");
        Eventually.until(() -> lifecycle.steps.get() > stepsBefore, Duration.ofSeconds(3));

        socket.abort();

        // Closed long before the 30 s step would have ended (issue 16 item 7; DisconnectTest).
        Eventually.until(() -> lifecycle.closed.get() > 0, Duration.ofSeconds(5));
        Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));
        Thread.sleep(100);
        assertThat(lifecycle.closed.get()).isEqualTo(1);
    }
}
