package io.openenv4j.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.State;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The validator's raw WebSocket reads what a server sent before it closed, even when its own frame can no longer go out. */
class SocketTest {

    record Nothing(int value) {}

    record NoState(String episodeId, long stepCount) implements State {}

    /** An environment whose factory always fails: the server answers FACTORY_ERROR at connect and closes. */
    private static EnvSpec<Nothing, Nothing, NoState> broken() {
        return EnvSpec.of(
                EnvironmentMetadata.of("broken", "A factory that always fails."),
                Nothing.class,
                Nothing.class,
                NoState.class,
                () -> {
                    throw new IllegalStateException("this factory always fails");
                });
    }

    @Test
    void aRequestSentAfterTheServerClosedIsAnsweredByWhatTheServerSentBeforeClosing() throws Exception {
        try (EnvServer server =
                        EnvServer.create(broken(), ServerConfig.ephemeral()).start();
                HttpClient http = HttpClient.newHttpClient();
                Socket socket = Socket.open(http, server.baseUrl(), new Replies(Duration.ofSeconds(10)))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!socket.closedByServer() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(socket.closedByServer())
                    .as("the server closed the connection")
                    .isTrue();

            // The reset can no longer be sent ("Output closed"); the answer is the error frame the server sent.
            Socket.Frame reply = socket.reset(1, "after-close");
            assertThat(reply).isInstanceOf(Socket.Frame.Text.class);
            assertThat(((Socket.Frame.Text) reply).type()).isEqualTo("error");
            assertThat(((Socket.Frame.Text) reply).data().path("code").asString(""))
                    .isEqualTo("FACTORY_ERROR");
            // Then the close itself, not a transport failure.
            assertThat(socket.next(Duration.ofSeconds(2))).isInstanceOf(Socket.Frame.Closed.class);
        }
    }
}
