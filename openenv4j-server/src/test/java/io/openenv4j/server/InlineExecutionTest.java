package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Execution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Environments that declare {@link Execution#NON_BLOCKING} are called on the event loop; the safety net
 * moves a session whose calls overrun the budget to virtual threads, so a slow or failing environment
 * does not hold up the other sessions, and a session's order holds across the move.
 */
class InlineExecutionTest {

    private static final String STEP = "{\"type\":\"step\",\"data\":{\"delta\":1}}";
    private static final String RESET = "{\"type\":\"reset\"}";

    private static EnvSpec<CounterEnvironment.Action, CounterEnvironment.Observation, CounterEnvironment.Counter>
            nonBlocking(Lifecycle lifecycle) {
        return CounterEnvironment.spec(lifecycle).withExecution(Execution.NON_BLOCKING);
    }

    private static String lastThread(Lifecycle lifecycle) {
        return new ArrayList<>(lifecycle.stepThreads).getLast();
    }

    @Test
    void aNonBlockingEnvironmentStepsOnTheEventLoopAndABlockingOneOnAVirtualThread() throws Exception {
        var inline = new Lifecycle();
        var blocking = new Lifecycle();
        try (var fast = EnvServer.create(nonBlocking(inline), ServerConfig.ephemeral()).start();
                var slow = EnvServer.create(CounterEnvironment.spec(blocking), ServerConfig.ephemeral()).start();
                var a = SocketPeer.open(fast, "/ws");
                var b = SocketPeer.open(slow, "/ws")) {
            a.call(RESET); // the first message may wait for the factory off the event loop
            b.call(RESET);
            assertThat(a.call(STEP).path("data").path("observation").path("count").asLong()).isEqualTo(1);
            assertThat(b.call(STEP).path("data").path("observation").path("count").asLong()).isEqualTo(1);

            assertThat(lastThread(inline)).startsWith("vert.x-eventloop-thread");
            assertThat(lastThread(blocking)).isEqualTo("virtual");
        }
    }

    @Test
    void aSlowNonBlockingEnvironmentIsMovedOffTheEventLoopAndDoesNotHoldUpOtherSessions() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral()).start();
                var slow = SocketPeer.open(server, "/ws");
                var other = SocketPeer.open(server, "/ws")) {
            slow.call(RESET);
            other.call(RESET);

            // Five steps of 300 ms each, sent at once: on the event loop they would hold it up for 1.5 s.
            for (int i = 0; i < 5; i++) {
                slow.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":300}}");
            }
            Thread.sleep(50);
            for (int i = 1; i <= 10; i++) {
                assertThat(other.call(STEP).path("data").path("observation").path("count").asLong()).isEqualTo(i);
            }
            // The other session was served while the slow one still had steps to go.
            var early = new ArrayList<String>();
            String reply;
            while ((reply = slow.poll(Duration.ZERO)) != null) {
                early.add(reply);
            }
            assertThat(early.size()).isLessThan(5);
            for (int i = early.size() + 1; i <= 5; i++) {
                assertThat(slow.next(Duration.ofSeconds(5)).path("data").path("observation").path("count").asLong())
                        .isEqualTo(i);
            }
            assertThat(lifecycle.stepThreads).contains("virtual");
            // The other session was never moved.
            assertThat(lastThread(lifecycle)).isEqualTo("virtual");
            other.call(STEP);
            assertThat(lastThread(lifecycle)).startsWith("vert.x-eventloop-thread");
        }
    }

    @Test
    void aSessionKeepsItsOrderWhenItIsMovedOffTheEventLoop() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral()).start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call(RESET);
            socket.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":80}}");
            for (int i = 0; i < 30; i++) {
                socket.send(STEP);
            }
            for (int i = 1; i <= 31; i++) {
                assertThat(socket.next().path("data").path("observation").path("count").asLong()).isEqualTo(i);
            }
            assertThat(lastThread(lifecycle)).isEqualTo("virtual");
        }
    }

    @Test
    void callsOverTheBudgetAreStrikesAndTheTenthMovesTheSession() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral()).start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call(RESET); // the first message may wait for the factory off the event loop
            socket.call(STEP);
            for (int i = 0; i < 10; i++) {
                socket.call("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":5}}");
            }
            socket.call(STEP);

            List<String> threads = new ArrayList<>(lifecycle.stepThreads);
            // Ten strikes move it: the calls before ran on the event loop (one may have been struck by chance,
            // on a busy machine, so the tenth may already have moved), the last one runs on a virtual thread.
            assertThat(threads.subList(0, 11).stream().filter(name -> name.startsWith("vert.x-eventloop-thread")))
                    .hasSizeGreaterThanOrEqualTo(10);
            assertThat(threads.get(11)).isEqualTo("virtual");
        }
    }

    @Test
    void aFailingNonBlockingStepGetsAnErrorReplyAndTheSessionsCarryOn() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral()).start();
                var failing = SocketPeer.open(server, "/ws");
                var other = SocketPeer.open(server, "/ws")) {
            failing.call(RESET);
            other.call(RESET);
            JsonNode error = failing.call("{\"type\":\"step\",\"data\":{\"delta\":1,\"fail\":\"boom\"}}");
            assertThat(error.path("type").asString()).isEqualTo("error");
            assertThat(error.path("data").path("message").asString()).contains("boom");

            assertThat(failing.call(STEP).path("data").path("observation").path("count").asLong()).isEqualTo(1);
            assertThat(other.call(STEP).path("data").path("observation").path("count").asLong()).isEqualTo(1);
            assertThat(lastThread(lifecycle)).startsWith("vert.x-eventloop-thread");
        }
    }

    @Test
    void closingANonBlockingSessionClosesItsEnvironment() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral()).start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call(STEP);
            socket.send(STEP);
            socket.send("{\"type\":\"close\"}");
            assertThat(socket.next().path("data").path("observation").path("count").asLong()).isEqualTo(2);
            assertThat(socket.awaitClose()).isEqualTo(1000);
            lifecycle.awaitClosed(1, Duration.ofSeconds(5));
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));
        }
    }
}
