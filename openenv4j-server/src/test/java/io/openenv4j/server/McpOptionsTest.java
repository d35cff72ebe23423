package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec MCP endpoint's options: defaults, environment variables, origin matching. */
class McpOptionsTest {

    @Test
    void defaultsAllowLoopbackOriginsWithAThirtySecondToolTimeout() {
        McpOptions options = ServerConfig.defaults().mcp();

        assertThat(options.toolCallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.toolsPageSize()).isEqualTo(100);
        assertThat(options.allowsOrigin(null)).isTrue();
        assertThat(options.allowsOrigin("http://localhost:6274")).isTrue();
        assertThat(options.allowsOrigin("https://127.0.0.1")).isTrue();
        assertThat(options.allowsOrigin("http://[::1]:8080")).isTrue();
        assertThat(options.allowsOrigin("http://localhost.evil.example")).isFalse();
        assertThat(options.allowsOrigin("null")).isFalse();
    }

    @Test
    void originsMatchExactlyOrOnAnyPortWhenTheyNameNone() {
        McpOptions options =
                McpOptions.defaults().withAllowedOrigins(List.of("https://app.example", "http://tool.example:8080"));

        assertThat(options.allowsOrigin("https://app.example:9443")).isTrue();
        assertThat(options.allowsOrigin("http://app.example"))
                .as("scheme counts")
                .isFalse();
        assertThat(options.allowsOrigin("http://tool.example:8080")).isTrue();
        assertThat(options.allowsOrigin("http://tool.example:8081")).isFalse();
        assertThat(options.allowsOrigin("http://localhost"))
                .as("the list replaces the default")
                .isFalse();
        assertThat(McpOptions.defaults().withAllowedOrigins(List.of("*")).allowsOrigin("https://any.example"))
                .isTrue();
    }

    @Test
    void environmentVariablesSetOriginsAndToolTimeout() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of(
                "OPENENV_MCP_ALLOWED_ORIGINS",
                "https://a.example, https://b.example",
                "OPENENV_MCP_TOOL_TIMEOUT_S",
                "5"));
        ServerConfig unlimited = ServerConfig.fromEnvironment(Map.of("OPENENV_MCP_TOOL_TIMEOUT_S", "0"));

        assertThat(config.mcp().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(config.mcp().toolCallTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(unlimited.mcp().toolCallTimeout()).isNull();
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("OPENENV_MCP_TOOL_TIMEOUT_S", "soon")))
                .hasMessageContaining("OPENENV_MCP_TOOL_TIMEOUT_S");
    }

    @Test
    void aHuggingFaceSpaceAllowsItsOwnHostBesideLoopbackUnlessOriginsAreListed() {
        McpOptions space = ServerConfig.fromEnvironment(Map.of("SPACE_HOST", "someone-wordle.hf.space"))
                .mcp();

        assertThat(space.allowsOrigin("https://someone-wordle.hf.space")).isTrue();
        assertThat(space.allowsOrigin("http://localhost:8000")).isTrue();
        assertThat(space.allowsOrigin("https://other.hf.space")).isFalse();
        assertThat(space.allowsOrigin("http://someone-wordle.hf.space"))
                .as("scheme counts")
                .isFalse();

        McpOptions listed = ServerConfig.fromEnvironment(Map.of(
                        "SPACE_HOST", "someone-wordle.hf.space", "OPENENV_ALLOWED_ORIGINS", "https://app.example"))
                .mcp();
        assertThat(listed.allowsOrigin("https://someone-wordle.hf.space"))
                .as("the list replaces the default")
                .isFalse();
    }
}
