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

    private static boolean onEventLoop(String thread) {
        return thread.startsWith("vert.x-eventloop-thread");
    }

    /*
     * Where a call runs depends on the wall-clock time of earlier calls (a busy machine can stretch any call
     * past the budget and move its session), so these tests assert only what holds however the calls are
     * timed: a session's first call that finds it idle runs on the event loop (only calls that ran there can
     * move a session); a call that ran there followed by one on a virtual thread means the session was
     * moved (an inline call finishes before the next message is read, so only a move sends that one away);
     * a step held on a gate cannot answer until the test opens it.
     */

    /** Sends plain steps until one runs on the event loop (the first may meet the factory); returns its count. */
    private static long stepUntilInline(SocketPeer socket, Lifecycle lifecycle) throws Exception {
        for (int i = 0; i < 50; i++) {
            long count = socket.call(STEP).path("data").path("observation").path("count").asLong();
            if (onEventLoop(lastThread(lifecycle))) {
                return count;
            }
        }
        throw new AssertionError("no step ran on the event loop: " + lifecycle.stepThreads);
    }

    /**
     * Sends steps of {@code sleepMs} (delta 0) until one ran on the event loop and the next on a virtual
     * thread (counting the session's step before), i.e. the session was moved; fails if that never happens.
     * Only this session may step meanwhile.
     */
    private static void stepSlowlyUntilMoved(SocketPeer socket, Lifecycle lifecycle, long sleepMs) throws Exception {
        String previous = lifecycle.stepThreads.isEmpty() ? null : lastThread(lifecycle);
        for (int i = 0; i < 100; i++) {
            socket.call("{\"type\":\"step\",\"data\":{\"delta\":0,\"sleep_ms\":" + sleepMs + "}}");
            String thread = lastThread(lifecycle);
            if (previous != null && onEventLoop(previous) && thread.equals("virtual")) {
                return;
            }
            previous = thread;
        }
        throw new AssertionError("the session was never moved: " + lifecycle.stepThreads);
    }

    @Test
    void aNonBlockingEnvironmentStepsOnTheEventLoopAndABlockingOneOnAVirtualThread() throws Exception {
        var inline = new Lifecycle();
        var blocking = new Lifecycle();
        try (var fast = EnvServer.create(nonBlocking(inline), ServerConfig.ephemeral()).start();
                var slow = EnvServer.create(CounterEnvironment.spec(blocking), ServerConfig.ephemeral()).start();
                var a = SocketPeer.open(fast, "/ws");
                var b = SocketPeer.open(slow, "/ws")) {
            a.call(RESET);
            b.call(RESET);
            long steps = stepUntilInline(a, inline);
            assertThat(steps).isEqualTo(inline.stepThreads.size());
            for (int i = 1; i <= 3; i++) {
                assertThat(b.call(STEP).path("data").path("observation").path("count").asLong()).isEqualTo(i);
            }

            assertThat(lastThread(inline)).startsWith("vert.x-eventloop-thread");
            assertThat(blocking.stepThreads).hasSize(3).containsOnly("virtual");
            assertThat(blocking.resetThreads).containsOnly("virtual");
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
            long count = stepUntilInline(slow, lifecycle);
            // 300 ms is far over 50 times the budget: such a call moves its session at once.
            stepSlowlyUntilMoved(slow, lifecycle, 300);

            // Five steps that wait for the gate, sent at once: the moved session holds them on a virtual thread.
            for (int i = 0; i < 5; i++) {
                slow.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"hold\":true}}");
            }
            // The other session is served while the slow one still has every step to go.
            for (int i = 1; i <= 10; i++) {
                assertThat(other.call(STEP).path("data").path("observation").path("count").asLong()).isEqualTo(i);
            }
            assertThat(slow.poll(Duration.ZERO)).as("the held steps have not answered").isNull();

            lifecycle.gate.countDown();
            for (int i = 1; i <= 5; i++) {
                assertThat(slow.next(Duration.ofSeconds(10)).path("data").path("observation").path("count").asLong())
                        .isEqualTo(count + i);
            }
            assertThat(lastThread(lifecycle)).as("the last held step").isEqualTo("virtual");

            // Moves are per session: a session opened now still runs on the event loop.
            try (var fresh = SocketPeer.open(server, "/ws")) {
                stepUntilInline(fresh, lifecycle);
            }
        }
    }

    @Test
    void aSessionKeepsItsOrderWhenItIsMovedOffTheEventLoop() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral()).start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call(RESET);
            long count = stepUntilInline(socket, lifecycle);
            // A slow step and thirty quick ones sent at once: the slow one moves the session while the quick
            // ones are queued behind it. Repeated until the move is seen (a collection pause forgives a call).
            boolean moved = false;
            for (int round = 0; round < 20 && !moved; round++) {
                int before = lifecycle.stepThreads.size() - 1; // with the step before the round
                socket.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":80}}");
                for (int i = 0; i < 30; i++) {
                    socket.send(STEP);
                }
                for (int i = 0; i < 31; i++) {
                    assertThat(socket.next().path("data").path("observation").path("count").asLong()).isEqualTo(++count);
                }
                List<String> threads = new ArrayList<>(lifecycle.stepThreads).subList(before, before + 32);
                for (int i = 1; i < threads.size() && !moved; i++) {
                    moved = onEventLoop(threads.get(i - 1)) && threads.get(i).equals("virtual");
                }
            }
            assertThat(moved).as("a slow step on the event loop moved the session: " + lifecycle.stepThreads).isTrue();
        }
    }

    @Test
    void callsOverTheBudgetAreStrikesAndEnoughOfThemMoveTheSession() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral()).start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call(RESET);
            long count = stepUntilInline(socket, lifecycle);
            // 5 ms is over the 1 ms budget and well under 50 times it: each such call on the event loop is a
            // strike, and strikes move the session (STRIKES = 10 of them, a collection pause forgives a call,
            // a machine busy enough to stretch a call past 50 ms moves it at once: how many it takes depends
            // on timing, that it happens does not).
            stepSlowlyUntilMoved(socket, lifecycle, 5);

            for (int i = 1; i <= 20; i++) {
                assertThat(socket.call(STEP).path("data").path("observation").path("count").asLong()).isEqualTo(count + i);
                assertThat(lastThread(lifecycle)).as("a moved session stays moved").isEqualTo("virtual");
            }
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
            // Failing steps until one failed on the event loop (the first may meet the factory).
            boolean inline = false;
            for (int i = 0; i < 50 && !inline; i++) {
                JsonNode error = failing.call("{\"type\":\"step\",\"data\":{\"delta\":1,\"fail\":\"boom\"}}");
                assertThat(error.path("type").asString()).isEqualTo("error");
                assertThat(error.path("data").path("message").asString()).contains("boom");
                inline = onEventLoop(lastThread(lifecycle));
            }
            assertThat(inline).as("a failing step ran on the event loop").isTrue();

            assertThat(failing.call(STEP).path("data").path("observation").path("count").asLong()).isEqualTo(1);
            assertThat(other.call(STEP).path("data").path("observation").path("count").asLong()).isEqualTo(1);
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
