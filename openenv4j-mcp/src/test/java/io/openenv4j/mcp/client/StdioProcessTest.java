package io.openenv4j.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stdio transport's process handling: start, death, stderr, limits, and killing on close. */
class StdioProcessTest {

    private static Set<Long> children() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static McpTransportException.Kind kind(Throwable e) {
        return ((McpTransportException) e).kind();
    }

    @Test
    void aServerDyingMidCallFailsTheCallWithItsExitCodeAndStderr() {
        try (var client = McpClient.connect(McpEndpoint.stdio(FakeMcpServer.command()))) {
            assertThatThrownBy(() -> client.callTool("die", Map.of()))
                    .isInstanceOf(McpTransportException.class)
                    .satisfies(e -> assertThat(kind(e)).isEqualTo(McpTransportException.Kind.CLOSED))
                    .hasMessageContaining("exited with code 3")
                    .hasMessageContaining("dying on purpose");
            assertThat(client.isOpen()).isFalse();
            assertThatThrownBy(client::ping)
                    .isInstanceOf(McpTransportException.class)
                    .hasMessageContaining("no longer usable")
                    .hasCauseInstanceOf(McpTransportException.class);
        }
    }

    @Test
    void closeEndsTheServerAndEveryProcessItStarted() throws Exception {
        Set<Long> before = children();
        long grandchild;
        try (var client = McpClient.connect(McpEndpoint.stdio(FakeMcpServer.command()))) {
            grandchild = ((Number) client.callTool("spawn", Map.of())
                            .structuredContent()
                            .get("pid"))
                    .longValue();
            assertThat(ProcessHandle.of(grandchild)).isPresent();
            assertThat(children()).contains(grandchild);
        }
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(children()).isSubsetOf(before);
    }

    @Test
    void aProgramThatDoesNotExistCannotConnect() {
        assertThatThrownBy(() -> McpClient.connect(McpEndpoint.stdio("/nonexistent/mcp-server")))
                .isInstanceOf(McpTransportException.class)
                .satisfies(e -> assertThat(kind(e)).isEqualTo(McpTransportException.Kind.CONNECT_FAILED));
    }

    @Test
    void aServerThatExitsAtOnceReportsItsStderr() {
        assertThatThrownBy(() -> McpClient.connect(McpEndpoint.stdio("sh", "-c", "echo 'no config' >&2; exit 7")))
                .isInstanceOf(McpTransportException.class)
                .hasMessageContaining("code 7")
                .hasMessageContaining("no config");
    }

    @Test
    void aServerThatNeverAnswersInitializeTimesOutAndIsEnded() {
        Set<Long> before = children();
        assertThatThrownBy(() -> McpClient.connect(
                        McpEndpoint.stdio("sleep", "60"),
                        McpClientOptions.defaults().withConnectTimeout(Duration.ofMillis(500))))
                .isInstanceOf(McpTransportException.class)
                .satisfies(e -> assertThat(kind(e)).isEqualTo(McpTransportException.Kind.TIMEOUT));
        assertThat(children()).isSubsetOf(before);
    }

    @Test
    void environmentAndWorkingDirectoryReachTheServer(@TempDir Path directory) throws Exception {
        Path real = directory.toRealPath();
        String script = "read line; printf '%s\\n' \"{\\\"jsonrpc\\\":\\\"2.0\\\",\\\"id\\\":1,\\\"result\\\":{"
                + "\\\"protocolVersion\\\":\\\"2025-06-18\\\",\\\"capabilities\\\":{},\\\"serverInfo\\\":{"
                + "\\\"name\\\":\\\"$GREETING\\\",\\\"version\\\":\\\"$(pwd)\\\"}}}\"; cat > /dev/null";
        var endpoint = McpEndpoint.stdio("sh", "-c", script)
                .withEnvironment("GREETING", "bonjour")
                .withDirectory(real);
        try (var client = McpClient.connect(endpoint)) {
            assertThat(client.server().name()).isEqualTo("bonjour");
            assertThat(client.server().version()).isEqualTo(real.toString());
            assertThat(client.server().protocolVersion()).isEqualTo("2025-06-18");
        }
        assertThat(Files.isDirectory(real)).isTrue();
    }

    @Test
    void aMessageOverTheSizeLimitEndsTheConnection() {
        try (var client = McpClient.connect(
                McpEndpoint.stdio(FakeMcpServer.command()),
                McpClientOptions.defaults().withMaxMessageBytes(300))) {
            assertThatThrownBy(client::listTools)
                    .isInstanceOf(McpTransportException.class)
                    .hasMessageContaining("exceeded 300 bytes");
            assertThat(client.isOpen()).isFalse();
        }
    }
}
