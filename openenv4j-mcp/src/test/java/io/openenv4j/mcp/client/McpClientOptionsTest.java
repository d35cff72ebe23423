package io.openenv4j.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class McpClientOptionsTest {

    @Test
    void defaultsOfferTheNewestVersionAndWaitAMinutePerRequest() {
        McpClientOptions defaults = McpClientOptions.defaults();
        assertThat(defaults.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.listener()).isSameAs(McpListener.NONE);
    }

    @Test
    void onlySupportedVersionsMayBeOffered() {
        assertThat(McpClientOptions.defaults().withProtocolVersion("2025-03-26").protocolVersion())
                .isEqualTo("2025-03-26");
        assertThatThrownBy(() -> McpClientOptions.defaults().withProtocolVersion("2024-11-05"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2025-06-18");
    }

    @Test
    void timeoutsAndLimitsMustBePositive() {
        assertThatThrownBy(() -> McpClientOptions.defaults().withRequestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> McpClientOptions.defaults().withConnectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> McpClientOptions.defaults().withMaxMessageBytes(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
