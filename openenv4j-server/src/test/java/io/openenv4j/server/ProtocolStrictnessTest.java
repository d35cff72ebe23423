package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Protocol violations get the answer the protocols prescribe: WebSocket text that is not UTF-8 closes with
 * 1007 and reserved bits with 1002 (RFC 6455); an HTTP/1.1 request without Host gets 400 (RFC 9112); JSON errors
 * name the problem, not our JSON library; and ids of one MCP protocol are not accepted by the other.
 */
class ProtocolStrictnessTest {

    private static EnvServer server;

    @BeforeAll
    static void start() throws Exception {
        server = EnvServer.create(CalculatorEnvironment.spec(new Lifecycle()), ServerConfig.ephemeral())
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws", "/mcp", "/ws/batch?envs=1"})
    void textThatIsNotUtf8ClosesWith1007(String path) throws Exception {
        try (var socket = RawWebSocket.open(server.port(), path, "")) {
            socket.sendFrame(0x81, new byte[] {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'}); // a surrogate
            assertThat(socket.awaitClose()).isEqualTo(1007);
        }
        try (var socket = RawWebSocket.open(server.port(), path, "")) {
            // A character split over two fragments is fine; a message ending inside one is not.
            socket.sendFrame(0x01, new byte[] {'"', (byte) 0xC3});
            socket.sendFrame(0x80, new byte[] {(byte) 0xA9, '"'});
            RawWebSocket.Frame reply = socket.next();
            assertThat(reply).isNotNull();
            assertThat(reply.opcode()).as("answered, not closed").isEqualTo(0x1);
            socket.sendFrame(0x81, new byte[] {'"', (byte) 0xE2, (byte) 0x82});
            assertThat(socket.awaitClose()).isEqualTo(1007);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x40, 0x20, 0x10})
    void reservedBitsCloseWith1002(int bit) throws Exception {
        try (var socket = RawWebSocket.open(server.port(), "/ws", "")) {
            socket.sendFrame(0x81 | bit, "{\"type\":\"state\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(socket.awaitClose()).isEqualTo(1002);
        }
    }

    @Test
    void anHttp11RequestWithoutHostIs400() throws Exception {
        assertThat(exchange("GET /health HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(exchange("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void jsonErrorsDoNotNameTheJsonLibrary() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            for (String bad : new String[] {
                "[".repeat(3000),
                "{\"type\":\"step\",\"data\":{\"n\":" + "9".repeat(3000) + "}}",
                "{\"type\":",
                "{\"type\" \"reset\"}"
            }) {
                JsonNode error = socket.call(bad).get("data");
                assertThat(error.get("code").stringValue()).isIn("INVALID_JSON", "VALIDATION_ERROR");
                assertThat(error.toString())
                        .doesNotContainIgnoringCase("jackson")
                        .doesNotContain("StreamReadConstraints")
                        .doesNotContain("`");
            }
            assertThat(socket.call("{\"type\":").get("data").get("message").stringValue())
                    .startsWith("Invalid JSON: ")
                    .contains("line 1 column");
        }
    }

    @Test
    void aSpecMcpSessionIdIsNotADialectSessionId() throws Exception {
        {
            var peer = new McpPeer(server);
            peer.initialize("2025-11-25");
            String specSession = peer.sessionId;
            assertThat(specSession).isNotNull();

            JsonNode reply = HttpPeer.post(
                            server,
                            "/mcp",
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                                    + "\"params\":{\"name\":\"tally\",\"arguments\":{},\"session_id\":\"" + specSession
                                    + "\"}}")
                    .json();

            assertThat(reply.get("error").get("message").stringValue()).isEqualTo("Unknown session_id: " + specSession);
        }
    }

    private static String exchange(String request) throws IOException {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            var head = new StringBuilder();
            int b;
            while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                head.append((char) b);
            }
            return head.toString();
        }
    }
}
