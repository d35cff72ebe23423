package io.openenv4j.client;

import static io.openenv4j.client.FakeServer.error;
import static io.openenv4j.client.FakeServer.observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openenv4j.client.TestTypes.GridObservation;
import io.openenv4j.client.TestTypes.MoveAction;
import io.openenv4j.core.BasicState;
import io.openenv4j.wire.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** How the session client reports server errors, broken connections, timeouts and oversized messages. */
class EnvClientFailureTest {

    private static final String OK = observation("{}", "null", false);
    private static final String CAPACITY = error(
            "CAPACITY_REACHED",
            "Server at capacity: 1/1 sessions active. Cannot accept new connections.",
            "\"active_sessions\":1,\"max_sessions\":1");

    @Test
    void anErrorFrameThrowsTheServerErrorAndTheSessionLivesOn() throws Exception {
        String validation = error(
                "VALIDATION_ERROR",
                "Invalid message",
                "\"errors\":[{\"type\":\"extra_forbidden\","
                        + "\"loc\":[\"bogus\"],\"msg\":\"Extra inputs are not permitted\",\"input\":1}]");
        try (var server = FakeServer.replying(text -> text.contains("bogus") ? validation : OK);
                var env = EnvClient.generic(server.baseUrl())) {
            var thrown = catchThrowableOfType(ServerErrorException.class, () -> env.step(Map.of("bogus", 1)));

            assertThat(thrown.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(thrown.serverMessage()).isEqualTo("Invalid message");
            assertThat(thrown.details()).containsKey("errors");
            assertThat(thrown).hasMessage("Server error: Invalid message (code: VALIDATION_ERROR)");
            assertThat(env.step(Map.of()).done()).isFalse();
        }
    }

    @Test
    void anUnsolicitedCapacityErrorIsThrownByTheNextCallAndLaterCallsReportTheClosedConnection() throws Exception {
        try (var server =
                FakeServer.onOpen(ws -> ws.writeTextMessage(CAPACITY).onComplete(done -> ws.close((short) 1000)))) {
            var env = EnvClient.generic(server.baseUrl());
            assertThat(server.awaitSocketClosed()).isTrue();

            var thrown = catchThrowableOfType(ServerErrorException.class, env::reset);
            assertThat(thrown.code()).isEqualTo(ErrorCode.CAPACITY_REACHED);
            assertThat(thrown.details()).containsEntry("active_sessions", 1).containsEntry("max_sessions", 1);

            var later = catchThrowableOfType(TransportException.class, env::reset);
            assertThat(later.kind()).isEqualTo(TransportException.Kind.CLOSED);
            assertThat(later).hasCause(thrown);
            assertThat(env.isOpen()).isFalse();
            env.close();
        }
    }

    @RepeatedTest(10)
    void aCapacityErrorRacingTheFirstRequestIsStillThrownAsTheServerError() throws Exception {
        try (var server = FakeServer.onOpen(
                        ws -> ws.writeTextMessage(CAPACITY).onComplete(done -> ws.close((short) 1000)));
                var env = EnvClient.generic(server.baseUrl())) {
            assertThatThrownBy(env::reset)
                    .isInstanceOfSatisfying(
                            ServerErrorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CAPACITY_REACHED));
        }
    }

    @Test
    void aFactoryErrorNamesTheFactory() throws Exception {
        String factory = error(
                "FACTORY_ERROR", "Environment factory 'grid' failed to create instance.", "\"factory_name\":\"grid\"");
        try (var server = FakeServer.onOpen(
                        ws -> ws.writeTextMessage(factory).onComplete(done -> ws.close((short) 1000)));
                var env = EnvClient.generic(server.baseUrl())) {
            var thrown = catchThrowableOfType(ServerErrorException.class, () -> env.step(Map.of()));

            assertThat(thrown.code()).isEqualTo(ErrorCode.FACTORY_ERROR);
            assertThat(thrown.details()).containsEntry("factory_name", "grid");
            assertThat(thrown.endsSession()).isTrue();
        }
    }

    @Test
    void aReplyThatNeverComesTimesOutAndClosesTheConnectionSoALateReplyCannotBeMisread() throws Exception {
        var options = ClientOptions.defaults().withReplyTimeout(Duration.ofMillis(300));
        try (var server = FakeServer.replying(text -> text.contains("step") ? null : OK);
                var env = EnvClient.generic(server.baseUrl(), options)) {
            var thrown = catchThrowableOfType(TransportException.class, () -> env.step(Map.of()));

            assertThat(thrown.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
            assertThat(server.awaitSocketClosed()).isTrue();
            assertThat(env.isOpen()).isFalse();
            assertThatThrownBy(env::reset)
                    .isInstanceOfSatisfying(
                            TransportException.class,
                            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CLOSED));
        }
    }

    @Test
    void aTwentyMebibyteReplySplitAcrossFramesIsAssembled() throws Exception {
        String blob = "x".repeat(20 * 1024 * 1024);
        String reply = observation("{\"blob\":\"" + blob + "\"}", "1.5", false);
        try (var server = FakeServer.start((ws, text) -> writeInFrames(ws, reply, 1024 * 1024));
                var env = EnvClient.generic(server.baseUrl())) {
            var step = env.reset();

            assertThat((String) step.observation().get("blob")).hasSize(blob.length());
            assertThat(step.reward()).isEqualTo(1.5);
        }
    }

    @Test
    void aMessageBeyondTheLimitAbortsTheConnection() throws Exception {
        String reply = observation("{\"blob\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}", "null", false);
        var options = ClientOptions.defaults().withMaxMessageBytes(1024 * 1024);
        try (var server = FakeServer.start((ws, text) -> writeInFrames(ws, reply, 256 * 1024));
                var env = EnvClient.generic(server.baseUrl(), options)) {
            var thrown = catchThrowableOfType(TransportException.class, env::reset);

            assertThat(thrown.kind()).isEqualTo(TransportException.Kind.MESSAGE_TOO_LARGE);
            assertThat(env.isOpen()).isFalse();
        }
    }

    @Test
    void theServerClosingMidRequestIsATransportFailureWithItsCloseCode() throws Exception {
        try (var server = FakeServer.start((ws, text) -> ws.close((short) 1011, "boom"));
                var env = EnvClient.generic(server.baseUrl())) {
            var thrown = catchThrowableOfType(TransportException.class, () -> env.step(Map.of()));

            assertThat(thrown.kind()).isEqualTo(TransportException.Kind.CLOSED);
            assertThat(thrown.closeCode()).hasValue(1011);
            assertThat(thrown).hasMessageContaining("boom");
        }
    }

    @Test
    void pingsAreAnsweredWhileACallWaitsForItsReply() throws Exception {
        var options = ClientOptions.defaults().withReplyTimeout(Duration.ofSeconds(5));
        try (var server = FakeServer.start((ws, text) -> {
                    ws.pongHandler(
                            pong -> ws.writeTextMessage(observation("{\"pong\":\"" + pong + "\"}", "null", false)));
                    Vertx.currentContext().owner().setTimer(200, id -> ws.writePing(Buffer.buffer("heartbeat")));
                });
                var env = EnvClient.generic(server.baseUrl(), options)) {
            assertThat(env.step(Map.of()).observation()).containsEntry("pong", "heartbeat");
        }
    }

    @Test
    void aReplyThatIsNotJsonIsAProtocolErrorAndTheSessionLivesOn() throws Exception {
        try (var server = FakeServer.replying(text -> text.contains("reset") ? "Internal Server Error" : OK);
                var env = EnvClient.generic(server.baseUrl())) {
            assertThatThrownBy(env::reset).isInstanceOf(ProtocolException.class).hasMessageContaining("not JSON");
            assertThat(env.step(Map.of()).done()).isFalse();
        }
    }

    @Test
    void aReplyOfTheWrongTypeIsAProtocolError() throws Exception {
        try (var server = FakeServer.replying(
                        text -> "{\"type\":\"state\",\"data\":{\"episode_id\":null,\"step_count\":0}}");
                var env = EnvClient.generic(server.baseUrl())) {
            assertThatThrownBy(env::reset)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("expected an observation");
        }
    }

    @Test
    void anObservationThatDoesNotFitTheTypeIsAProtocolError() throws Exception {
        try (var server = FakeServer.replying(
                        text -> observation("{\"board\":\"b\",\"moves_left\":\"many\"}", "null", false));
                var env = EnvClient.connect(
                        server.baseUrl(), MoveAction.class, GridObservation.class, BasicState.class)) {
            assertThatThrownBy(env::reset)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("does not decode");
        }
    }

    @Test
    void aMessageNobodyAskedForBreaksTheConnection() throws Exception {
        try (var server = FakeServer.start((ws, text) -> {
                    ws.writeTextMessage(OK);
                    ws.writeTextMessage(OK);
                });
                var env = EnvClient.generic(server.baseUrl())) {
            env.reset();
            Thread.sleep(200);

            assertThatThrownBy(env::reset)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("nobody asked for");
            assertThat(server.awaitSocketClosed()).isTrue();
            assertThatThrownBy(env::reset).isInstanceOf(TransportException.class);
        }
    }

    @Test
    void closeWakesACallerWaitingForItsReply() throws Exception {
        try (var server = FakeServer.replying(text -> null)) {
            var env = EnvClient.generic(server.baseUrl());
            var call = CompletableFuture.runAsync(() -> env.step(Map.of()));
            while (server.received.isEmpty()) {
                Thread.sleep(10);
            }

            env.close();

            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TransportException.class);
            assertThat(server.received).containsExactly("{\"type\":\"step\",\"data\":{}}", "{\"type\":\"close\"}");
        }
    }

    @Test
    void connectingToAPortNobodyListensOnFails() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> EnvClient.generic("http://127.0.0.1:" + port))
                .isInstanceOfSatisfying(
                        TransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT_FAILED));
    }

    @Test
    void aRejectedHandshakeIsAConnectFailureNamingTheStatus() throws Exception {
        try (var server = FakeServer.replying(text -> OK)) {
            assertThatThrownBy(() -> EnvClient.generic(server.baseUrl() + "/reject"))
                    .isInstanceOfSatisfying(
                            TransportException.class,
                            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT_FAILED))
                    .hasMessageContaining("404");
        }
    }

    @Test
    void aBaseUrlWithoutHostIsMisuse() {
        assertThatThrownBy(() -> EnvClient.generic("http://bad host:8000")).isInstanceOf(ClientMisuseException.class);
    }

    /** Writes {@code text} as one message in frames of {@code size} characters (ASCII only). */
    private static void writeInFrames(io.vertx.core.http.ServerWebSocket ws, String text, int size) {
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            parts.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        for (int i = 0; i < parts.size(); i++) {
            boolean last = i == parts.size() - 1;
            ws.writeFrame(
                    i == 0
                            ? WebSocketFrame.textFrame(parts.get(i), last)
                            : WebSocketFrame.continuationFrame(Buffer.buffer(parts.get(i)), last));
        }
    }
}
