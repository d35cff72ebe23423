package io.openenv4j.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpEndpointTest {

    @Test
    void aStdioEndpointNeedsAProgram() {
        assertThatThrownBy(() -> McpEndpoint.stdio(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> McpEndpoint.stdio(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withersCopyAndLeaveTheOriginalAlone() {
        McpEndpoint.Stdio plain = McpEndpoint.stdio("server", "--flag");
        McpEndpoint.Stdio configured = plain.withEnvironment("A", "1").withDirectory(Path.of("/tmp"));
        assertThat(plain.environment()).isEmpty();
        assertThat(configured)
                .isEqualTo(new McpEndpoint.Stdio(List.of("server", "--flag"), Map.of("A", "1"), Path.of("/tmp")));
        McpEndpoint.StreamableHttp http = McpEndpoint.http("http://localhost:3001/mcp");
        assertThat(http.withHeader("Authorization", "Bearer t").headers()).containsEntry("Authorization", "Bearer t");
        assertThat(http.headers()).isEmpty();
    }

    @Test
    void anHttpEndpointIsAnHttpOrHttpsUrlWithAHost() {
        assertThat(McpEndpoint.http("https://example.org/mcp").url().getHost()).isEqualTo("example.org");
        assertThatThrownBy(() -> McpEndpoint.http("ws://localhost/mcp")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> McpEndpoint.http("localhost:3001/mcp")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> McpEndpoint.http("http://bad host/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid MCP URL");
    }
}
