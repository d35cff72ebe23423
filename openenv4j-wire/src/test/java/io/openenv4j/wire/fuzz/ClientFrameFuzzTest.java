package io.openenv4j.wire.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openenv4j.wire.ClientMessage;
import io.openenv4j.wire.ServerMessage;
import io.openenv4j.wire.WireJson;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * The {@code /ws} frame decoder: any text (including invalid UTF-8 turned into replacement characters, as the
 * WebSocket layer hands it over) becomes a message or the error frame to send, never an exception; an error
 * frame is valid JSON of the documented shape, and a valid message's wire form parses to the same kind of message.
 */
class ClientFrameFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyTextFrameBecomesAMessageOrAWellFormedErrorFrame(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ClientMessage message = ClientMessage.parse(text);
        assertThat(message).isNotNull();
        if (message instanceof ClientMessage.Invalid invalid) {
            JsonNode frame = WireJson.parse(new ServerMessage.Error(invalid.error()).toJson());
            assertThat(frame.get("type").stringValue()).isEqualTo("error");
            assertThat(frame.get("data").get("code").isString()).isTrue();
            assertThat(frame.get("data").get("message").isString()).isTrue();
        } else {
            // Numbers beyond double range and lone surrogates do not survive byte-for-byte; the kind does.
            assertThat(ClientMessage.parse(message.toJson())).hasSameClassAs(message);
        }
    }
}
