package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A client that disconnects mid-step gives its slot back and has its environment closed within moments,
 * its step interrupted, instead of after the step (15-45 s for a sandboxed command).
 */
class DisconnectTest {

    private static final String LONG_STEP = "{\"delta\":1,\"sleep_ms\":60000}";
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @Test
    void aWebSocketClientLeavingMidStepFreesItsSlotAndClosesItsEnvironment() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(
                        CounterEnvironment.spec(lifecycle),
                        ServerConfig.ephemeral().withMaxSessions(1))
                .start()) {
            var socket = SocketPeer.open(server, "/ws");
            socket.call("{\"type\":\"reset\"}");
            socket.send("{\"type\":\"step\",\"data\":" + LONG_STEP + "}");
            Eventually.until(() -> lifecycle.steps.get() == 1, PROMPTLY);

            socket.abort();

            lifecycle.awaitClosed(1, PROMPTLY);
            Eventually.until(() -> server.activeSessions() == 0, PROMPTLY);
            try (var next = SocketPeer.open(server, "/ws")) {
                assertThat(next.call("{\"type\":\"reset\"}").get("type").stringValue())
                        .as("the freed slot takes the next client")
                        .isEqualTo("observation");
            }
        }
    }

    @Test
    void aBatchClientLeavingMidStepFreesEverySlot() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(
                        CounterEnvironment.spec(lifecycle),
                        ServerConfig.ephemeral().withMaxSessions(2))
                .start()) {
            var socket = SocketPeer.open(server, "/ws/batch?envs=2");
            socket.call("{\"type\":\"reset\",\"data\":{}}");
            socket.send("{\"type\":\"step\",\"data\":{\"actions\":[" + LONG_STEP + "," + LONG_STEP + "]}}");
            Eventually.until(() -> lifecycle.steps.get() == 1, PROMPTLY);

            socket.abort();

            lifecycle.awaitClosed(2, PROMPTLY);
            Eventually.until(() -> server.activeSessions() == 0, PROMPTLY);
        }
    }

    @Test
    void anHttpClientLeavingMidStepClosesTheThrowAwayEnvironment() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(
                        CounterEnvironment.spec(lifecycle),
                        ServerConfig.ephemeral().withMaxSessions(1))
                .start()) {
            String body = "{\"action\":" + LONG_STEP + "}";
            try (var raw = new Socket("127.0.0.1", server.port())) {
                raw.getOutputStream()
                        .write(("POST /step HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                                .getBytes(StandardCharsets.US_ASCII));
                Eventually.until(() -> lifecycle.steps.get() == 1, PROMPTLY);
            }

            lifecycle.awaitClosed(1, PROMPTLY);
            Eventually.until(() -> server.activeSessions() == 0, PROMPTLY);
            assertThat(HttpPeer.post(server, "/reset", "{}").status()).isEqualTo(200);
        }
    }
}
