package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.mcp.client.McpClient;
import io.openenv4j.mcp.client.McpTool;
import io.openenv4j.mcp.client.McpToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP client against {@code @modelcontextprotocol/server-filesystem} from npm, rooted in a temporary folder. */
class McpFilesystemServerTest {

    @TempDir
    Path root;

    @BeforeEach
    void serversAreInstalled() {
        McpServers.assumeAvailable();
    }

    @Test
    void filesAreWrittenReadAndListedInsideTheRoot() throws Exception {
        Path dir = root.toRealPath();
        Files.writeString(dir.resolve("notes.txt"), "first line\nsecond line\n");
        try (var client = McpClient.connect(McpServers.filesystem(dir))) {
            assertThat(client.server().name()).isEqualTo("secure-filesystem-server");
            assertThat(client.listTools())
                    .extracting(McpTool::name)
                    .contains("read_text_file", "write_file", "list_directory", "list_allowed_directories");
            McpToolResult read = client.callTool(
                    "read_text_file", Map.of("path", dir.resolve("notes.txt").toString()));
            assertThat(read.isError()).isFalse();
            assertThat(read.text()).isEqualTo("first line\nsecond line\n");
            assertThat(read.structuredContent()).containsEntry("content", "first line\nsecond line\n");
            McpToolResult written = client.callTool(
                    "write_file", Map.of("path", dir.resolve("out.txt").toString(), "content", "written by java"));
            assertThat(written.isError()).isFalse();
            assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("written by java");
            assertThat(client.callTool("list_directory", Map.of("path", dir.toString()))
                            .text())
                    .contains("[FILE] notes.txt")
                    .contains("[FILE] out.txt");
            assertThat(client.callTool("list_allowed_directories", Map.of()).text())
                    .contains(dir.toString());
        }
    }

    @Test
    void pathsOutsideTheRootAreErrorResults() throws Exception {
        try (var client = McpClient.connect(McpServers.filesystem(root.toRealPath()))) {
            McpToolResult denied = client.callTool("read_text_file", Map.of("path", "/etc/hostname"));
            assertThat(denied.isError()).isTrue();
            assertThat(denied.text()).contains("Access denied");
            assertThat(client.isOpen()).isTrue();
        }
    }
}
