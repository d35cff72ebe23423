package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.Concurrency;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Session slots: capacity, factory failures and the idle reaper. */
class CapacityTest {

    @Test
    void factoryErrorIsSentUnsolicitedThenTheSocketClosesAndTheSlotIsFreed() throws Exception {
        try (var server = EnvServer.create(
                                CounterEnvironment.brokenFactorySpec(),
                                ServerConfig.ephemeral().withMaxSessions(1))
                        .start();
                var socket = SocketPeer.open(server, "/ws")) {
            JsonNode error = socket.next();

            assertThat(error.get("type").stringValue()).isEqualTo("error");
            assertThat(error.get("data").get("code").stringValue()).isEqualTo("FACTORY_ERROR");
            assertThat(error.get("data").get("message").stringValue())
                    .isEqualTo("Environment factory 'broken' failed to create instance.");
            assertThat(error.get("data").get("factory_name").stringValue()).isEqualTo("broken");
            assertThat(error.toString()).doesNotContain("no GPU available");
            assertThat(socket.awaitClose()).isEqualTo(1000);
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));

            try (var again = SocketPeer.open(server, "/ws")) {
                assertThat(again.next().get("data").get("code").stringValue())
                        .as("the failed session's slot was given back")
                        .isEqualTo("FACTORY_ERROR");
            }
        }
    }

    @Test
    void capacityReachedIsSentUnsolicitedThenTheSocketCloses() throws Exception {
        try (var server = EnvServer.create(
                                CounterEnvironment.spec(),
                                ServerConfig.ephemeral().withMaxSessions(1))
                        .start();
                var holder = SocketPeer.open(server, "/ws")) {
            holder.call("{\"type\":\"reset\"}");

            try (var refused = SocketPeer.open(server, "/ws")) {
                JsonNode error = refused.next();

                assertThat(error.get("type").stringValue()).isEqualTo("error");
                JsonNode data = error.get("data");
                assertThat(data.get("code").stringValue()).isEqualTo("CAPACITY_REACHED");
                assertThat(data.get("message").stringValue())
                        .isEqualTo("Server at capacity: 1/1 sessions active. Cannot accept new connections.");
                assertThat(data.get("active_sessions").isIntegralNumber()).isTrue();
                assertThat(data.get("active_sessions").asInt()).isEqualTo(1);
                assertThat(data.get("max_sessions").asInt()).isEqualTo(1);
                assertThat(refused.awaitClose()).isEqualTo(1000);
            }
            assertThat(server.activeSessions()).isEqualTo(1);
            assertThat(holder.call("{\"type\":\"state\"}").get("type").stringValue())
                    .isEqualTo("state");
        }
    }

    @Test
    void aFreedSlotAcceptsTheNextSession() throws Exception {
        try (var server = EnvServer.create(
                        CounterEnvironment.spec(), ServerConfig.ephemeral().withMaxSessions(1))
                .start()) {
            try (var first = SocketPeer.open(server, "/ws")) {
                first.call("{\"type\":\"reset\"}");
                first.send("{\"type\":\"close\"}");
                assertThat(first.awaitClose()).isEqualTo(1000);
            }
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));

            try (var second = SocketPeer.open(server, "/ws")) {
                assertThat(second.call("{\"type\":\"reset\"}").get("type").stringValue())
                        .isEqualTo("observation");
            }
        }
    }

    @Test
    void singleSessionEnvironmentRefusesAPoolLargerThanOne() {
        var spec = CounterEnvironment.spec().withConcurrency(Concurrency.SINGLE_SESSION);

        assertThatThrownBy(() -> EnvServer.create(spec, ServerConfig.ephemeral().withMaxSessions(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SINGLE_SESSION");
        EnvServer.create(spec, ServerConfig.ephemeral().withMaxSessions(1)).close();
    }

    @Test
    void idleSessionIsToldWhyThenClosedWhileAnActiveOneLivesOn() throws Exception {
        var lifecycle = new Lifecycle();
        var config = ServerConfig.ephemeral().withIdleTimeout(Duration.ofMillis(400));
        try (var server = EnvServer.create(CounterEnvironment.spec(lifecycle), config)
                        .start();
                var idle = SocketPeer.open(server, "/ws");
                var active = SocketPeer.open(server, "/ws")) {
            idle.call("{\"type\":\"reset\"}");
            active.call("{\"type\":\"reset\"}");

            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (!idle.isClosed() && System.nanoTime() < deadline) {
                assertThat(active.call("{\"type\":\"step\",\"data\":{\"delta\":1}}")
                                .get("type")
                                .stringValue())
                        .isEqualTo("observation");
                Thread.sleep(50);
            }

            JsonNode notice = idle.next(Duration.ZERO.plusMillis(100));
            assertThat(notice.get("type").stringValue()).isEqualTo("error");
            assertThat(notice.get("data").get("code").stringValue()).isEqualTo("SESSION_ERROR");
            assertThat(idle.awaitClose()).isEqualTo(1000);
            lifecycle.awaitClosed(1, Duration.ofSeconds(2));
            Eventually.until(() -> server.activeSessions() == 1, Duration.ofSeconds(2));
            assertThat(active.call("{\"type\":\"state\"}").get("type").stringValue())
                    .isEqualTo("state");
            assertThat(active.isClosed()).isFalse();
        }
    }

    @Test
    void idleMcpSocketGetsAJsonRpcErrorThenCloses() throws Exception {
        var config = ServerConfig.ephemeral().withIdleTimeout(Duration.ofMillis(300));
        try (var server = EnvServer.create(CalculatorEnvironment.spec(new Lifecycle()), config)
                        .start();
                var socket = SocketPeer.open(server, "/mcp")) {
            JsonNode notice = socket.next(Duration.ofSeconds(3));

            assertThat(notice.get("jsonrpc").stringValue()).isEqualTo("2.0");
            assertThat(notice.get("error").get("code").asInt()).isEqualTo(-32000);
            assertThat(socket.awaitClose()).isEqualTo(1000);
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));
        }
    }

    @Test
    void manyConcurrentSessionsEachCloseTheirEnvironment() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(
                        CounterEnvironment.spec(lifecycle),
                        ServerConfig.ephemeral().withMaxSessions(40))
                .start()) {
            var sockets = new ArrayList<SocketPeer>();
            for (int i = 0; i < 40; i++) {
                sockets.add(SocketPeer.open(server, "/ws"));
            }
            for (SocketPeer socket : sockets) {
                for (int i = 0; i < 5; i++) {
                    socket.send("{\"type\":\"step\",\"data\":{\"delta\":1}}");
                }
            }
            for (SocketPeer socket : sockets) {
                for (int i = 1; i <= 5; i++) {
                    assertThat(socket.next()
                                    .get("data")
                                    .get("observation")
                                    .get("count")
                                    .asLong())
                            .isEqualTo(i);
                }
            }
            assertThat(server.activeSessions()).isEqualTo(40);
            for (int i = 0; i < sockets.size(); i++) {
                if (i % 2 == 0) {
                    sockets.get(i).send("{\"type\":\"close\"}");
                } else {
                    sockets.get(i).abort();
                }
            }

            lifecycle.awaitClosed(40, Duration.ofSeconds(5));
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(2));
            assertThat(lifecycle.opened.get()).isEqualTo(40);
            assertThat(lifecycle.closed.get()).isEqualTo(40);
            sockets.forEach(SocketPeer::close);
        }
    }

    @Test
    void runningStepIsNotReapedAsIdle() throws Exception {
        var config = ServerConfig.ephemeral().withIdleTimeout(Duration.ofMillis(200));
        try (var server = EnvServer.create(CounterEnvironment.spec(), config).start();
                var socket = SocketPeer.open(server, "/ws")) {
            JsonNode reply = socket.call("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":700}}");

            assertThat(reply.get("type").stringValue()).isEqualTo("observation");
        }
    }
}
