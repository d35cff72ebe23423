package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Starting and stopping a server, and what stopping does to sessions and environments. */
class LifecycleTest {

    @Test
    void startBindsAnEphemeralLoopbackPort() throws Exception {
        var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral());
        assertThat(server.port()).isEqualTo(-1);

        try (server) {
            server.start();

            assertThat(server.port()).isPositive();
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
            assertThat(server.activeSessions()).isZero();
            assertThat(HttpPeer.get(server, "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void shutdownClosesSocketsWithGoingAwayAndClosesEveryEnvironmentOnce() throws Exception {
        var lifecycle = new Lifecycle();
        var server = EnvServer.create(CounterEnvironment.spec(lifecycle), ServerConfig.ephemeral())
                .start();
        var first = SocketPeer.open(server, "/ws");
        var second = SocketPeer.open(server, "/ws");
        first.call("{\"type\":\"reset\"}");
        second.call("{\"type\":\"reset\"}");
        String session = HttpPeer.post(
                        server, "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"openenv/session/create\"}")
                .json()
                .get("result")
                .get("session_id")
                .stringValue();
        assertThat(session).isNotBlank();
        assertThat(server.activeSessions()).isEqualTo(3);

        server.close();

        assertThat(lifecycle.closed.get())
                .as("environments closed when close() returns")
                .isEqualTo(3);
        assertThat(server.activeSessions()).isZero();
        assertThat(first.awaitClose()).isEqualTo(1001);
        assertThat(second.awaitClose()).isEqualTo(1001);
        Thread.sleep(100);
        assertThat(lifecycle.closed.get()).isEqualTo(3);
    }

    @Test
    void shutdownWaitsForARunningStepBeforeClosingItsEnvironment() throws Exception {
        var lifecycle = new Lifecycle();
        var server = EnvServer.create(CounterEnvironment.spec(lifecycle), ServerConfig.ephemeral())
                .start();
        var socket = SocketPeer.open(server, "/ws");
        socket.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":500}}");
        Eventually.until(() -> lifecycle.opened.get() == 1, Duration.ofSeconds(2));
        Thread.sleep(50);

        long start = System.nanoTime();
        server.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(200));
        assertThat(lifecycle.closed.get()).isEqualTo(1);
        assertThat(socket.awaitClose()).isIn(1001, 1000);
    }

    @Test
    void shutdownWaitsForTheEnvironmentOfASessionAlreadyEnding() throws Exception {
        var lifecycle = new Lifecycle();
        var server = EnvServer.create(CounterEnvironment.spec(lifecycle), ServerConfig.ephemeral())
                .start();
        var socket = SocketPeer.open(server, "/ws");
        socket.call("{\"type\":\"reset\"}");
        socket.send("{\"type\":\"step\",\"data\":{\"delta\":1,\"sleep_ms\":500}}");
        Thread.sleep(50);
        socket.abort();
        // The client is gone: its running step is interrupted (DisconnectTest) and the session is ending.

        server.close();

        assertThat(lifecycle.closed.get())
                .as("environments closed when close() returns")
                .isEqualTo(1);
        assertThat(server.activeSessions()).isZero();
    }

    @Test
    void closeIsIdempotentAndWorksBeforeStart() throws Exception {
        EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral()).close();

        var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start();
        server.close();
        server.close();
    }

    @Test
    void stoppedServerRefusesConnections() throws Exception {
        var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start();
        server.close();

        assertThatThrownBy(() -> HttpPeer.get(server, "/health")).isInstanceOf(IOException.class);
    }
}
