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

    private static List<String> callsFrom(Lifecycle lifecycle, int from) {
        var calls = new ArrayList<>(lifecycle.callThreads);
        return calls.subList(from, calls.size());
    }

    /** Whether a call on the event loop is followed by one on a virtual thread: the session was moved. */
    private static boolean moved(List<String> calls) {
        for (int i = 1; i < calls.size(); i++) {
            if (onEventLoop(calls.get(i - 1)) && calls.get(i).equals("virtual")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Unless a call of the session (those from {@code from}) already ran on the event loop, sends plain steps
     * until one does (the first may meet the factory). Only this session may call meanwhile.
     */
    private static void untilACallRanInline(SocketPeer socket, Lifecycle lifecycle, int from) throws Exception {
        for (int i = 0; i < 50; i++) {
            if (callsFrom(lifecycle, from).stream().anyMatch(InlineExecutionTest::onEventLoop)) {
                return;
            }
            socket.call(STEP);
        }
        throw new AssertionError("no call ran on the event loop: " + callsFrom(lifecycle, from));
    }

    /**
     * Unless the session (its calls from {@code from}) was already moved, sends steps of {@code sleepMs}
     * (delta 0) until it is; fails if that never happens. Only this session may call meanwhile.
     */
    private static void untilMoved(SocketPeer socket, Lifecycle lifecycle, int from, long sleepMs) throws Exception {
        untilACallRanInline(socket, lifecycle, from);
        for (int i = 0; i < 100 && !moved(callsFrom(lifecycle, from)); i++) {
            socket.call("{\"type\":\"step\",\"data\":{\"delta\":0,\"sleep_ms\":" + sleepMs + "}}");
        }
        assertThat(moved(callsFrom(lifecycle, from)))
                .as("moved: " + callsFrom(lifecycle, from))
                .isTrue();
    }

    private static long count(SocketPeer socket) throws Exception {
        return socket.call("{\"type\":\"state\"}").path("data").path("count").asLong();
    }

    @Test
    void aNonBlockingEnvironmentStepsOnTheEventLoopAndABlockingOneOnAVirtualThread() throws Exception {
        var inline = new Lifecycle();
        var blocking = new Lifecycle();
        try (var fast = EnvServer.create(nonBlocking(inline), ServerConfig.ephemeral())
                        .start();
                var slow = EnvServer.create(CounterEnvironment.spec(blocking), ServerConfig.ephemeral())
                        .start();
                var a = SocketPeer.open(fast, "/ws");
                var b = SocketPeer.open(slow, "/ws")) {
            a.call(RESET);
            b.call(RESET);
            untilACallRanInline(a, inline, 0);
            long before = count(a);
            assertThat(a.call(STEP)
                            .path("data")
                            .path("observation")
                            .path("count")
                            .asLong())
                    .isEqualTo(before + 1);
            for (int i = 1; i <= 3; i++) {
                assertThat(b.call(STEP)
                                .path("data")
                                .path("observation")
                                .path("count")
                                .asLong())
                        .isEqualTo(i);
            }

            assertThat(blocking.callThreads).hasSize(4).containsOnly("virtual");
        }
    }

    @Test
    void aSlowNonBlockingEnvironmentIsMovedOffTheEventLoopAndDoesNotHoldUpOtherSessions() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral())
                        .start();
                var slow = SocketPeer.open(server, "/ws");
                var other = SocketPeer.open(server, "/ws")) {
            slow.call(RESET);
            // 300 ms is far over 50 times the budget: such a call on the event loop moves its session at once.
            untilMoved(slow, lifecycle, 0, 300);
            long count = count(slow);
            other.call(RESET);

            // Five steps that wait for the gate, sent at once: the moved session holds them on a virtual thread.
            for (int i = 0; i < 5; i++) {
                slow.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"hold\":true}}");
            }
            // The other session is served while the slow one still has every step to go.
            for (int i = 1; i <= 10; i++) {
                assertThat(other.call(STEP)
                                .path("data")
                                .path("observation")
                                .path("count")
                                .asLong())
                        .isEqualTo(i);
            }
            assertThat(slow.poll(Duration.ZERO))
                    .as("the held steps have not answered")
                    .isNull();

            lifecycle.gate.countDown();
            for (int i = 1; i <= 5; i++) {
                assertThat(slow.next(Duration.ofSeconds(10))
                                .path("data")
                                .path("observation")
                                .path("count")
                                .asLong())
                        .isEqualTo(count + i);
            }
            assertThat(lastThread(lifecycle)).as("the last held step").isEqualTo("virtual");

            // Moves are per session: a session opened now still runs on the event loop.
            int mark = lifecycle.callThreads.size();
            try (var fresh = SocketPeer.open(server, "/ws")) {
                untilACallRanInline(fresh, lifecycle, mark);
            }
        }
    }

    @Test
    void aSessionKeepsItsOrderWhenItIsMovedOffTheEventLoop() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral())
                        .start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call(RESET);
            untilACallRanInline(socket, lifecycle, 0);
            long count = count(socket);
            // A slow step and thirty quick ones sent at once: the slow one moves the session while the quick
            // ones are queued behind it. Repeated until the move is seen (a collection pause forgives a call).
            int rounds = 0;
            do {
                socket.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":80}}");
                for (int i = 0; i < 30; i++) {
                    socket.send(STEP);
                }
                for (int i = 0; i < 31; i++) {
                    assertThat(socket.next()
                                    .path("data")
                                    .path("observation")
                                    .path("count")
                                    .asLong())
                            .isEqualTo(++count);
                }
            } while (++rounds < 20 && !moved(callsFrom(lifecycle, 0)));
            assertThat(moved(callsFrom(lifecycle, 0)))
                    .as("moved: " + lifecycle.callThreads)
                    .isTrue();
        }
    }

    @Test
    void callsOverTheBudgetAreStrikesAndEnoughOfThemMoveTheSession() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral())
                        .start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call(RESET);
            // 5 ms is over the 1 ms budget and well under 50 times it: each such call on the event loop is a
            // strike, and strikes move the session (STRIKES = 10 of them, a collection pause forgives a call,
            // a machine busy enough to stretch a call past 50 ms moves it at once: how many it takes depends
            // on timing, that it happens does not).
            untilMoved(socket, lifecycle, 0, 5);
            long count = count(socket);

            for (int i = 1; i <= 20; i++) {
                assertThat(socket.call(STEP)
                                .path("data")
                                .path("observation")
                                .path("count")
                                .asLong())
                        .isEqualTo(count + i);
                assertThat(lastThread(lifecycle))
                        .as("a moved session stays moved")
                        .isEqualTo("virtual");
            }
        }
    }

    @Test
    void aFailingNonBlockingStepGetsAnErrorReplyAndTheSessionsCarryOn() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral())
                        .start();
                var failing = SocketPeer.open(server, "/ws");
                var other = SocketPeer.open(server, "/ws")) {
            // Failing steps, as the session's first calls, until one failed on the event loop (the first may
            // meet the factory; a session only moves after a call on the event loop).
            boolean inline = false;
            for (int i = 0; i < 50 && !inline; i++) {
                JsonNode error = failing.call("{\"type\":\"step\",\"data\":{\"delta\":1,\"fail\":\"boom\"}}");
                assertThat(error.path("type").asString()).isEqualTo("error");
                assertThat(error.path("data").path("message").asString()).contains("boom");
                inline = onEventLoop(lastThread(lifecycle));
            }
            assertThat(inline).as("a failing step ran on the event loop").isTrue();

            other.call(RESET);
            assertThat(failing.call(STEP)
                            .path("data")
                            .path("observation")
                            .path("count")
                            .asLong())
                    .isEqualTo(1);
            assertThat(other.call(STEP)
                            .path("data")
                            .path("observation")
                            .path("count")
                            .asLong())
                    .isEqualTo(1);
        }
    }

    @Test
    void closingANonBlockingSessionClosesItsEnvironment() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(nonBlocking(lifecycle), ServerConfig.ephemeral())
                        .start();
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call(STEP);
            socket.send(STEP);
            socket.send("{\"type\":\"close\"}");
            assertThat(socket.next()
                            .path("data")
                            .path("observation")
                            .path("count")
                            .asLong())
                    .isEqualTo(2);
            assertThat(socket.awaitClose()).isEqualTo(1000);
            lifecycle.awaitClosed(1, Duration.ofSeconds(5));
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));
        }
    }
}
