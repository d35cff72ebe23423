package io.openenv4j.server;

import static io.openenv4j.server.HttpRoutesTest.locations;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Malformed frames on {@code /ws}: each gets an error reply and, unless fatal, the session lives on. */
class BadInputTest {

    private static EnvServer server;
    private SocketPeer socket;

    @BeforeAll
    static void start() throws Exception {
        server = EnvServer.create(
                        CounterEnvironment.spec(), ServerConfig.ephemeral().withMaxMessageBytes(64 * 1024))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() throws Exception {
        socket = SocketPeer.open(server, "/ws");
        socket.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"alive\"}}");
    }

    @AfterEach
    void disconnect() {
        socket.close();
    }

    @Test
    void extraEnvelopeKeyIsAValidationError() throws Exception {
        JsonNode error = expectError("{\"type\":\"state\",\"id\":1}", "VALIDATION_ERROR");

        assertThat(error.get("message").stringValue()).isEqualTo("Invalid message");
        assertThat(error.get("errors").isArray()).isTrue();
        assertThat(locations(error.get("errors").get(0))).containsExactly("id");
        assertSessionContinues();
    }

    @Test
    void stepWithoutDataIsAValidationError() throws Exception {
        JsonNode error = expectError("{\"type\":\"step\"}", "VALIDATION_ERROR");

        assertThat(locations(error.get("errors").get(0))).containsExactly("data");
        assertSessionContinues();
    }

    @Test
    void dataThatIsNotAnObjectIsAValidationError() throws Exception {
        expectError("{\"type\":\"step\",\"data\":[1]}", "VALIDATION_ERROR");
        expectError("{\"type\":\"reset\",\"data\":\"seed\"}", "VALIDATION_ERROR");
        assertSessionContinues();
    }

    @Test
    void unknownActionKeyIsAValidationErrorRelativeToTheAction() throws Exception {
        JsonNode error = expectError("{\"type\":\"step\",\"data\":{\"delta\":1,\"bogus\":1}}", "VALIDATION_ERROR");

        JsonNode issue = error.get("errors").get(0);
        assertThat(issue.get("type").stringValue()).isEqualTo("extra_forbidden");
        assertThat(locations(issue)).containsExactly("bogus");
        assertSessionContinues();
    }

    @Test
    void uncoercibleActionValueIsAValidationError() throws Exception {
        JsonNode error = expectError("{\"type\":\"step\",\"data\":{\"delta\":\"four\"}}", "VALIDATION_ERROR");

        assertThat(locations(error.get("errors").get(0))).containsExactly("delta");
        assertSessionContinues();
    }

    @Test
    void malformedJsonIsInvalidJson() throws Exception {
        JsonNode error = expectError("{\"type\":", "INVALID_JSON");

        assertThat(error.get("message").stringValue()).startsWith("Invalid JSON: ");
        assertSessionContinues();
    }

    @Test
    void emptyFrameIsInvalidJson() throws Exception {
        expectError("", "INVALID_JSON");
        assertSessionContinues();
    }

    @Test
    void unknownTypeIsNamedInTheError() throws Exception {
        JsonNode error = expectError("{\"type\":\"wat\"}", "UNKNOWN_TYPE");

        assertThat(error.get("message").stringValue()).isEqualTo("Unknown message type: wat");
        assertSessionContinues();
    }

    @Test
    void missingTypeIsAnUnknownEmptyType() throws Exception {
        JsonNode error = expectError("{\"data\":{}}", "UNKNOWN_TYPE");

        assertThat(error.get("message").stringValue()).isEqualTo("Unknown message type: ");
        assertSessionContinues();
    }

    @Test
    void nonObjectJsonIsAnsweredAndTheSessionContinues() throws Exception {
        JsonNode array = socket.call("[1,2]");
        JsonNode string = socket.call("\"str\"");
        JsonNode number = socket.call("1");

        for (JsonNode reply : new JsonNode[] {array, string, number}) {
            assertThat(reply.get("type").stringValue()).isEqualTo("error");
            assertThat(reply.get("data").get("code").stringValue()).isIn("VALIDATION_ERROR", "INVALID_JSON");
        }
        assertSessionContinues();
    }

    @Test
    void binaryFrameIsAnsweredAndTheSessionContinues() throws Exception {
        socket.sendBinary("{\"type\":\"state\"}".getBytes(StandardCharsets.UTF_8));

        JsonNode reply = socket.next();
        assertThat(reply.get("type").stringValue()).isEqualTo("error");
        assertThat(reply.get("data").get("code").stringValue()).isEqualTo("INVALID_JSON");
        assertSessionContinues();
    }

    @Test
    void environmentExceptionIsAnExecutionErrorWithItsMessage() throws Exception {
        JsonNode error = expectError(
                "{\"type\":\"step\",\"data\":{\"delta\":5,\"fail\":\"cannot move there\"}}", "EXECUTION_ERROR");

        assertThat(error.get("message").stringValue()).isEqualTo("cannot move there");
        JsonNode state = socket.call("{\"type\":\"state\"}").get("data");
        assertThat(state.get("count").asLong())
                .as("failed step changed nothing")
                .isZero();
        assertSessionContinues();
    }

    @Test
    void messageAboveTheLimitClosesWith1009AndSparesOtherSessions() throws Exception {
        try (var bystander = SocketPeer.open(server, "/ws")) {
            bystander.call("{\"type\":\"reset\"}");

            socket.send("{\"type\":\"reset\",\"data\":{\"padding\":\"" + "x".repeat(200 * 1024) + "\"}}");

            assertThat(socket.awaitClose()).isEqualTo(1009);
            assertThat(bystander
                            .call("{\"type\":\"step\",\"data\":{\"delta\":1}}")
                            .get("type")
                            .stringValue())
                    .isEqualTo("observation");
            Eventually.until(
                    () -> server.activeSessions() == 1,
                    Duration.ofSeconds(2),
                    () -> "the oversized session's slot was not freed: " + server.activeSessions() + " active");
        }
    }

    @Test
    void singleFrameAboveTheLimitClosesWith1009() throws Exception {
        // The JDK client fragments large messages; Python's websockets sends one frame, which Netty rejects.
        RawWebSocket.Frame reply = firstFrameAfterRawTextFrame(new byte[100 * 1024]);

        assertThat(reply.opcode()).as("a close frame").isEqualTo(0x8);
        assertThat(reply.closeCode()).isEqualTo(1009);
        Eventually.until(
                () -> server.activeSessions() == 1,
                Duration.ofSeconds(2),
                () -> "the oversized session's slot was not freed: " + server.activeSessions() + " active");
    }

    @Test
    void textFrameWithInvalidUtf8ClosesWith1007() throws Exception {
        // RFC 6455 section 8.1 (issue 16 item 10; it used to be answered as INVALID_JSON).
        RawWebSocket.Frame reply = firstFrameAfterRawTextFrame(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});

        assertThat(reply.opcode()).as("a close frame").isEqualTo(0x8);
        assertThat(reply.closeCode()).isEqualTo(1007);
        Eventually.until(
                () -> server.activeSessions() == 1,
                Duration.ofSeconds(5),
                () -> "the offending session's slot was not freed: " + server.activeSessions() + " active");
    }

    /** Opens a raw socket on {@code /ws}, sends one text frame and reads the first frame back. */
    private static RawWebSocket.Frame firstFrameAfterRawTextFrame(byte[] payload) throws Exception {
        try (var raw = RawWebSocket.open(server.port(), "/ws", "")) {
            assertThat(raw.handshake()).startsWith("HTTP/1.1 101");
            raw.sendFrame(0x81, payload);
            RawWebSocket.Frame frame = raw.next();
            assertThat(frame).as("a frame before the connection ended").isNotNull();
            return frame;
        }
    }

    @Test
    void messageJustBelowTheLimitIsAccepted() throws Exception {
        JsonNode reply = socket.call("{\"type\":\"reset\",\"data\":{\"padding\":\"" + "x".repeat(60 * 1024) + "\"}}");

        assertThat(reply.get("type").stringValue()).isEqualTo("observation");
    }

    private JsonNode expectError(String frame, String code) throws Exception {
        JsonNode reply = socket.call(frame);
        assertThat(reply.get("type").stringValue()).isEqualTo("error");
        assertThat(reply.get("data").get("code").stringValue()).isEqualTo(code);
        assertThat(reply.get("data").get("message").isString()).isTrue();
        return reply.get("data");
    }

    private void assertSessionContinues() throws Exception {
        JsonNode state = socket.call("{\"type\":\"state\"}");
        assertThat(state.get("type").stringValue()).isEqualTo("state");
        assertThat(state.get("data").get("episode_id").stringValue()).isEqualTo("alive");
        assertThat(socket.isClosed()).isFalse();
    }
}
