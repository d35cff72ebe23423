package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A compressed WebSocket frame that inflates to 100 MB (98 KB on the wire) must not stall other sessions
 * or fill the heap: the server does not negotiate per-message compression, so the frame is refused as a
 * protocol error before anything is inflated.
 */
@Execution(ExecutionMode.SAME_THREAD)
class CompressionBombTest {

    private static final byte[] BOMB = RawWebSocket.deflateBomb(100L * 1024 * 1024);
    private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
    private static EnvServer server;

    @BeforeAll
    static void start() throws Exception {
        server = EnvServer.create(
                        CounterEnvironment.spec(), ServerConfig.ephemeral().withMaxSessions(64))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws", "/mcp", "/ws/batch?envs=1"})
    void aDeflateBombIsRefusedAtOnceAndOtherSessionsKeepStepping(String path) throws Exception {
        assertThat(BOMB.length).as("the bomb is small on the wire").isLessThan(110 * 1024);
        // Several bystanders, so that at least one shares the offender's event loop.
        List<SocketPeer> bystanders = new ArrayList<>();
        try (var offender = RawWebSocket.open(server.port(), path, OFFER)) {
            for (int i = 0; i < 8; i++) {
                var bystander = SocketPeer.open(server, "/ws");
                bystanders.add(bystander);
                bystander.call("{\"type\":\"reset\"}");
            }
            assertThat(offender.upgraded()).as(offender.handshake()).isTrue();
            assertThat(offender.handshake().toLowerCase())
                    .as("per-message compression is not negotiated")
                    .doesNotContain("permessage-deflate");

            offender.sendFrame(0xC1, BOMB); // FIN + RSV1 (compressed) + text
            var closed = CompletableFuture.supplyAsync(() -> {
                try {
                    return offender.awaitClose();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int round = 0; round < 5; round++) {
                for (SocketPeer bystander : bystanders) {
                    assertThat(bystander
                                    .call("{\"type\":\"step\",\"data\":{\"delta\":1}}")
                                    .get("type")
                                    .stringValue())
                            .isEqualTo("observation");
                }
            }

            assertThat(closed.get(5, TimeUnit.SECONDS)).as("protocol error").isEqualTo(1002);
            Eventually.until(
                    () -> server.activeSessions() == bystanders.size(),
                    Duration.ofSeconds(5),
                    () -> "the offender's slot was not freed: " + server.activeSessions() + " active");
        } finally {
            bystanders.forEach(SocketPeer::close);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws", "/mcp"})
    void aClientOfferingCompressionStillTalksUncompressed(String path) throws Exception {
        try (var client = RawWebSocket.open(server.port(), path, OFFER)) {
            assertThat(client.upgraded()).isTrue();
            client.sendText(
                    path.equals("/ws")
                            ? "{\"type\":\"reset\"}"
                            : "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");

            RawWebSocket.Frame reply = client.next();
            assertThat(reply).isNotNull();
            assertThat(reply.opcode()).isEqualTo(0x1);
            assertThat(reply.firstByte() & 0x40).as("uncompressed").isZero();
            assertThat(reply.text()).contains(path.equals("/ws") ? "\"observation\"" : "\"jsonrpc\"");
        }
    }
}
