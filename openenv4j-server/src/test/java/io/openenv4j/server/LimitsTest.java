package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Limits with clear errors: a step past the step timeout is cancelled and answered with an error, a call
 * that ignores the cancellation ends its session, a server low on memory refuses new sessions, and a client
 * that sends without reading is slowed down instead of filling the server's memory.
 */
class LimitsTest {

    private static final String LONG_STEP = "{\"delta\":1,\"sleep_ms\":60000}";

    private static ServerConfig withLimits(java.util.function.UnaryOperator<ServerLimits> change) {
        var config = ServerConfig.ephemeral();
        return config.withLimits(change.apply(config.limits()));
    }

    private static EnvSpec<CounterEnvironment.Action, CounterEnvironment.Observation, CounterEnvironment.Counter>
            stubborn() {
        return EnvSpec.of(
                EnvironmentMetadata.of("stubborn", "Ignores interrupts."),
                CounterEnvironment.Action.class,
                CounterEnvironment.Observation.class,
                CounterEnvironment.Counter.class,
                Stubborn::new);
    }

    @Test
    void aWebSocketStepPastTheStepTimeoutIsCancelledAndTheSessionGoesOn() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(
                                CounterEnvironment.spec(lifecycle),
                                withLimits(limits -> limits.withStepTimeout(Duration.ofSeconds(1))))
                        .start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\"}");

            JsonNode error = socket.call("{\"type\":\"step\",\"data\":" + LONG_STEP + "}")
                    .get("data");

            assertThat(error.get("code").stringValue()).isEqualTo("EXECUTION_ERROR");
            assertThat(error.get("message").stringValue())
                    .isEqualTo("the call ran longer than the server's step timeout of 1 s and was cancelled");
            assertThat(socket.call("{\"type\":\"step\",\"data\":{\"delta\":2}}")
                            .get("data")
                            .get("observation")
                            .get("count")
                            .asLong())
                    .as("the session goes on")
                    .isEqualTo(2);
        }
    }

    @Test
    void anHttpStepPastTheStepTimeoutIs504AndItsEnvironmentClosed() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(
                        CounterEnvironment.spec(lifecycle),
                        withLimits(limits -> limits.withStepTimeout(Duration.ofSeconds(1))))
                .start()) {
            HttpPeer.Reply reply = HttpPeer.post(server, "/step", "{\"action\":" + LONG_STEP + "}");

            assertThat(reply.status()).isEqualTo(504);
            assertThat(reply.json().get("detail").stringValue()).contains("step timeout of 1 s");
            lifecycle.awaitClosed(1, Duration.ofSeconds(5));
            assertThat(server.activeSessions()).isZero();
        }
    }

    @Test
    void aStepThatIgnoresItsCancellationEndsTheSessionAndFreesTheSlotWhenItStops() throws Exception {
        try (var server = EnvServer.create(
                                stubborn(),
                                withLimits(limits -> limits.withStepTimeout(Duration.ofSeconds(1)))
                                        .withMaxSessions(1))
                        .start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\"}");

            JsonNode error =
                    socket.call("{\"type\":\"step\",\"data\":{\"delta\":1}}").get("data");

            assertThat(error.get("code").stringValue()).isEqualTo("SESSION_ERROR");
            assertThat(error.get("message").stringValue()).contains("did not stop when cancelled");
            assertThat(socket.awaitClose()).isEqualTo(1000);
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(10));
        }
    }

    @Test
    void aBatchStepPastTheStepTimeoutIsAnErrorForThatEnvironmentAndTheSocketGoesOn() throws Exception {
        try (var server = EnvServer.create(
                                CounterEnvironment.spec(),
                                withLimits(limits -> limits.withStepTimeout(Duration.ofSeconds(1)))
                                        .withMaxSessions(4))
                        .start();
                var socket = SocketPeer.open(server, "/ws/batch?envs=2")) {
            socket.call("{\"type\":\"reset\",\"data\":{}}");

            JsonNode results = socket.call(
                            "{\"type\":\"step\",\"data\":{\"actions\":[" + LONG_STEP + ",{\"delta\":3}]}}")
                    .get("data")
                    .get("results");

            assertThat(results.get(0).get("error").get("code").stringValue()).isEqualTo("EXECUTION_ERROR");
            assertThat(results.get(0).get("error").get("message").stringValue())
                    .isEqualTo("the call ran longer than the server's step timeout of 1 s and was cancelled");
            assertThat(results.get(1).get("observation").get("count").asLong()).isEqualTo(3);
            JsonNode next = socket.call("{\"type\":\"step\",\"data\":{\"actions\":[{\"delta\":2},{\"delta\":1}]}}")
                    .get("data")
                    .get("results");
            assertThat(next.get(0).get("observation").get("count").asLong())
                    .as("the socket goes on")
                    .isEqualTo(2);
            assertThat(next.get(1).get("observation").get("count").asLong()).isEqualTo(4);
        }
    }

    @Test
    void aBatchResetPastTheStepTimeoutIsAnErrorForThatEnvironment() throws Exception {
        var slowReset = EnvSpec.of(
                EnvironmentMetadata.of("slow-reset", "Resets to a seed take a minute."),
                CounterEnvironment.Action.class,
                CounterEnvironment.Observation.class,
                CounterEnvironment.Counter.class,
                SlowReset::new);
        try (var server = EnvServer.create(
                                slowReset,
                                withLimits(limits -> limits.withStepTimeout(Duration.ofSeconds(1)))
                                        .withMaxSessions(4))
                        .start();
                var socket = SocketPeer.open(server, "/ws/batch?envs=2")) {
            JsonNode results = socket.call("{\"type\":\"reset\",\"data\":{\"requests\":[{\"seed\":1},{}]}}")
                    .get("data")
                    .get("results");

            assertThat(results.get(0).get("error").get("message").stringValue()).contains("step timeout of 1 s");
            assertThat(results.get(1).get("observation").get("note").stringValue())
                    .isEqualTo("reset");
        }
    }

    @Test
    void aBatchStepThatIgnoresItsCancellationClosesTheSocketAndFreesTheSlotsWhenItStops() throws Exception {
        try (var server = EnvServer.create(
                                stubborn(),
                                withLimits(limits -> limits.withStepTimeout(Duration.ofSeconds(1)))
                                        .withMaxSessions(2))
                        .start();
                var socket = SocketPeer.open(server, "/ws/batch?envs=2")) {
            socket.call("{\"type\":\"reset\",\"data\":{}}");

            JsonNode error = socket.call("{\"type\":\"step\",\"data\":{\"actions\":[{\"delta\":1},null]}}")
                    .get("data");

            assertThat(error.get("code").stringValue()).isEqualTo("SESSION_ERROR");
            assertThat(error.get("message").stringValue()).contains("did not stop when cancelled");
            assertThat(socket.awaitClose()).isEqualTo(1000);
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(10));
        }
    }

    @Test
    void aServerLowOnMemoryRefusesNewSessionsWithTheRealCount() throws Exception {
        // A guard at one millionth of the heap: whatever the heap holds, the server counts as low on memory.
        try (var server = EnvServer.create(
                                CounterEnvironment.spec(),
                                withLimits(limits -> limits.withMaxHeapUse(1e-6))
                                        .withMaxSessions(4))
                        .start();
                var socket = SocketPeer.open(server, "/ws")) {
            JsonNode error = socket.next().get("data");

            assertThat(error.get("code").stringValue()).isEqualTo("CAPACITY_REACHED");
            assertThat(error.get("message").stringValue())
                    .isEqualTo("Server low on memory: 0/4 sessions active. Cannot accept new connections.");
            assertThat(error.get("active_sessions").asInt()).isZero();
            assertThat(socket.awaitClose()).isEqualTo(1000);
            HttpPeer.Reply reset = HttpPeer.post(server, "/reset", "{}");
            assertThat(reset.status()).isEqualTo(503);
            assertThat(reset.json().get("detail").stringValue()).startsWith("Server low on memory: 0/4");
        }
    }

    @Test
    void aClientThatSendsWithoutReadingIsHeldBackInsteadOfBufferedWithoutBound() throws Exception {
        int requests = 400;
        var steps = new AtomicInteger();
        var loud = EnvSpec.of(
                EnvironmentMetadata.of("loud", "Answers each step with 64 KiB."),
                CounterEnvironment.Action.class,
                CounterEnvironment.Observation.class,
                CounterEnvironment.Counter.class,
                () -> new Loud(steps));
        try (var server = EnvServer.create(loud, withLimits(limits -> limits.withMaxPendingWriteBytes(1024)))
                .start()) {
            var received = new LinkedBlockingQueue<String>();
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(
                            URI.create(server.baseUrl().replace("http://", "ws://") + "/ws"), new WebSocket.Listener() {
                                private final StringBuilder text = new StringBuilder();

                                @Override
                                public void onOpen(WebSocket webSocket) {
                                    // no demand: nothing is read until the test asks
                                }

                                @Override
                                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                    text.append(data);
                                    if (last) {
                                        received.add(text.toString());
                                        text.setLength(0);
                                    }
                                    webSocket.request(1);
                                    return null;
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            var sender = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < requests; i++) {
                    ws.sendText("{\"type\":\"step\",\"data\":{\"delta\":1}}", true)
                            .join();
                }
            });
            // 400 replies are 25 MiB the client does not read: without backpressure all 400 steps would run.
            Thread.sleep(3000);
            int whileNotReading = steps.get();

            assertThat(whileNotReading)
                    .as("steps run while the client reads nothing")
                    .isLessThan(requests);
            ws.request(1);
            for (int i = 0; i < requests; i++) {
                String reply = received.poll(30, TimeUnit.SECONDS);
                assertThat(reply).as("reply " + i).isNotNull().contains("\"observation\"");
            }
            sender.join(Duration.ofSeconds(30));
            assertThat(steps.get())
                    .as("reading again lets every request through")
                    .isEqualTo(requests);
            ws.abort();
        }
    }

    /** Answers every step with a 64 KiB note. */
    private record Loud(AtomicInteger steps)
            implements Environment<
                    CounterEnvironment.Action, CounterEnvironment.Observation, CounterEnvironment.Counter> {
        private static final String NOTE = "x".repeat(64 * 1024);

        @Override
        public Step<CounterEnvironment.Observation> reset(ResetRequest request) {
            return Step.of(new CounterEnvironment.Observation(0, "reset"), 0.0, false);
        }

        @Override
        public Step<CounterEnvironment.Observation> step(CounterEnvironment.Action action) {
            return Step.of(new CounterEnvironment.Observation(steps.incrementAndGet(), NOTE), 0.0, false);
        }

        @Override
        public CounterEnvironment.Counter state() {
            return new CounterEnvironment.Counter(null, 0, 0);
        }

        @Override
        public void close() {}
    }

    /** Resets with a seed that sleep for a minute (interruptibly); other calls answer at once. */
    private static final class SlowReset
            implements Environment<
                    CounterEnvironment.Action, CounterEnvironment.Observation, CounterEnvironment.Counter> {
        @Override
        public Step<CounterEnvironment.Observation> reset(ResetRequest request) {
            if (request.seed() != null) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("reset interrupted", e);
                }
            }
            return Step.of(new CounterEnvironment.Observation(0, "reset"), 0.0, false);
        }

        @Override
        public Step<CounterEnvironment.Observation> step(CounterEnvironment.Action action) {
            return Step.of(new CounterEnvironment.Observation(1, "step"), 0.0, false);
        }

        @Override
        public CounterEnvironment.Counter state() {
            return new CounterEnvironment.Counter(null, 0, 0);
        }

        @Override
        public void close() {}
    }

    /** Steps that take 5 s and ignore interrupts. */
    private static final class Stubborn
            implements Environment<
                    CounterEnvironment.Action, CounterEnvironment.Observation, CounterEnvironment.Counter> {
        @Override
        public Step<CounterEnvironment.Observation> reset(ResetRequest request) {
            return Step.of(new CounterEnvironment.Observation(0, "reset"), 0.0, false);
        }

        @Override
        public Step<CounterEnvironment.Observation> step(CounterEnvironment.Action action) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ignored) {
                    // deliberately ignored
                }
            }
            return Step.of(new CounterEnvironment.Observation(1, "step"), 0.0, false);
        }

        @Override
        public CounterEnvironment.Counter state() {
            return new CounterEnvironment.Counter(null, 0, 0);
        }

        @Override
        public void close() {}
    }
}
