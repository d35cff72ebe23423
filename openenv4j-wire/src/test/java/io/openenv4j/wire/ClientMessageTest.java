package io.openenv4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClientMessageTest {

    static List<Golden> referenceErrorFrames() {
        return Golden.all("ws-error-").stream()
                .filter(g -> g.requestText() != null)
                .toList();
    }

    /** Each bad frame the reference answers with an error gets the same code from us, bar deliberate fixes. */
    @ParameterizedTest
    @MethodSource("referenceErrorFrames")
    void badFramesGetTheReferencesErrorCode(Golden golden) {
        ClientMessage parsed = ClientMessage.parse(golden.requestText());
        String referenceCode = golden.response().path("data").path("code").asString("");
        if (referenceCode.equals("SESSION_ERROR")) {
            // Gap G5: the reference ends the session on a non-object JSON value; we answer and keep it.
            assertThat(parsed)
                    .isInstanceOfSatisfying(
                            ClientMessage.Invalid.class,
                            invalid -> assertThat(invalid.error().code()).isEqualTo(ErrorCode.VALIDATION_ERROR));
            return;
        }
        if (referenceCode.equals("VALIDATION_ERROR") || referenceCode.equals("EXECUTION_ERROR")) {
            if (!(parsed instanceof ClientMessage.Invalid)) {
                return; // the envelope is fine; the action itself is checked by EnvCodec (see EnvCodecTest)
            }
        }
        assertThat(parsed).isInstanceOfSatisfying(ClientMessage.Invalid.class, invalid -> {
            assertThat(invalid.error().code().name()).isEqualTo(referenceCode);
            if (!referenceCode.equals("INVALID_JSON")) {
                assertThat(invalid.error().message())
                        .isEqualTo(
                                golden.response().path("data").path("message").asString());
            }
        });
    }

    @Test
    void resetWithoutDataMeansAnEmptyObject() {
        assertThat(ClientMessage.parse("{\"type\":\"reset\"}"))
                .isInstanceOfSatisfying(
                        ClientMessage.Reset.class,
                        reset -> assertThat(reset.data().isEmpty()).isTrue());
    }

    @Test
    void validationErrorsListEveryProblemInPydanticShape() {
        var parsed = (ClientMessage.Invalid) ClientMessage.parse("{\"type\":\"step\",\"id\":1}");
        assertThat(parsed.error().message()).isEqualTo("Invalid message");
        @SuppressWarnings("unchecked")
        var errors =
                (List<java.util.Map<String, Object>>) parsed.error().extras().get("errors");
        assertThat(errors).extracting(e -> e.get("type")).containsExactlyInAnyOrder("extra_forbidden", "missing");
        assertThat(errors).allSatisfy(e -> assertThat(e).containsKeys("type", "loc", "msg", "input"));
    }

    @Test
    void missingTypeIsAnUnknownTypeWithAnEmptyName() {
        var parsed = (ClientMessage.Invalid) ClientMessage.parse("{\"data\":{}}");
        assertThat(parsed.error().code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(parsed.error().message()).isEqualTo("Unknown message type: ");
    }

    @Test
    void clientFramesCarryOnlyTypeAndData() {
        assertThat(new ClientMessage.State().toJson()).isEqualTo("{\"type\":\"state\"}");
        assertThat(new ClientMessage.Close().toJson()).isEqualTo("{\"type\":\"close\"}");
        assertThat(new ClientMessage.Reset(WireJson.object().put("seed", 42)).toJson())
                .isEqualTo("{\"type\":\"reset\",\"data\":{\"seed\":42}}");
    }

    @Test
    void serverErrorFramesParseWithTheirExtras() {
        Golden capacity = Golden.load("ws-error-capacity-reached.json");
        var message = ServerMessage.parse(capacity.node().path("response_text").stringValue());
        assertThat(message).isInstanceOfSatisfying(ServerMessage.Error.class, error -> {
            assertThat(error.error().code()).isEqualTo(ErrorCode.CAPACITY_REACHED);
            assertThat(error.error().extras())
                    .containsEntry("active_sessions", 1)
                    .containsEntry("max_sessions", 1);
        });
    }

    @Test
    void ourCapacityErrorIsWordForWordTheReferences() {
        Golden capacity = Golden.load("ws-error-capacity-reached.json");
        assertThat(new ServerMessage.Error(WireError.capacity(1, 1)).toJson())
                .isEqualTo(capacity.node().path("response_text").stringValue());
    }

    @Test
    void unknownServerMessageTypesAreKeptNotRejected() {
        assertThat(ServerMessage.parse("{\"type\":\"future\",\"data\":{\"x\":1},\"extra\":true}"))
                .isInstanceOf(ServerMessage.Unknown.class);
    }
}
