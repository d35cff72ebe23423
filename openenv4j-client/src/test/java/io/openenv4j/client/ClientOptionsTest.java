package io.openenv4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void theDefaultsAreTheReferenceClientsPlusTheReferenceServersFrameLimit() {
        var options = ClientOptions.defaults();

        assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.replyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.maxMessageBytes()).isEqualTo(100 * 1024 * 1024);
        assertThat(options.maxOutgoingBytes()).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void withersChangeOneComponent() {
        var options =
                ClientOptions.defaults().withReplyTimeout(Duration.ofSeconds(5)).withMaxMessageBytes(10);

        assertThat(options)
                .isEqualTo(new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(5), 10, 16 * 1024 * 1024));
    }

    @Test
    void nonPositiveTimeoutsAndLimitsAreRejected() {
        assertThatThrownBy(() -> ClientOptions.defaults().withConnectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.defaults().withReplyTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.defaults().withMaxMessageBytes(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.defaults().withMaxOutgoingBytes(-5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.defaults().withReplyTimeout(null))
                .isInstanceOf(NullPointerException.class);
    }
}
