package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.client.EnvClient;
import io.openenv4j.client.provider.LocalProcessProvider;
import io.openenv4j.client.provider.ProviderException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local-process provider running {@code openenv4j serve} replicas: start, health, scale, stop, a failing command. */
class LocalProcessProviderTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static boolean answers(URI replica) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(replica.resolve("/health"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void startsHealthyReplicasOnTheirOwnPortsScalesThemAndStopsThemAll() throws Exception {
        try (var provider =
                LocalProcessProvider.serve(System.getProperty("java.class.path"), "echo", "--max-sessions", "2")) {
            provider.start(2);
            provider.awaitHealthy(Duration.ofSeconds(120));
            List<URI> two = provider.replicas();
            assertThat(two).hasSize(2).doesNotHaveDuplicates().allMatch(LocalProcessProviderTest::answers);
            try (var env = EnvClient.generic(provider.url().toString())) {
                env.reset();
                assertThat(env.state()).containsKey("step_count");
            }

            provider.scale(1);
            assertThat(provider.replicas()).containsExactly(two.getFirst());
            assertThat(answers(two.get(1)))
                    .as("the replica scaled away is gone")
                    .isFalse();

            provider.stop();
            assertThat(provider.replicas()).isEmpty();
            assertThat(answers(two.getFirst())).isFalse();
        }
    }

    @Test
    void aReplicaThatExitsIsAClearErrorWithItsOutput() {
        try (var provider = LocalProcessProvider.serve(System.getProperty("java.class.path"), "no-such-env")) {
            provider.start(1);
            assertThatThrownBy(() -> provider.awaitHealthy(Duration.ofSeconds(120)))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("exited with 2")
                    .hasMessageContaining("Unknown environment 'no-such-env'");
        }
    }

    @Test
    void aCommandThatCannotStartIsAClearError() {
        var provider = new LocalProcessProvider(List.of("/nonexistent/openenv4j-server"), Map.of());
        assertThatThrownBy(() -> provider.start(1))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("cannot start /nonexistent/openenv4j-server");
    }
}
