package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.mcp.client.McpClient;
import io.openenv4j.mcp.client.McpClientOptions;
import io.openenv4j.mcp.client.McpEndpoint;
import io.openenv4j.mcp.client.McpListener;
import io.openenv4j.mcp.client.McpTool;
import io.openenv4j.mcp.client.McpToolResult;
import io.openenv4j.mcp.client.McpTransportException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MCP client against a server written with the {@code mcp} Python SDK's high-level server (FastMCP,
 * called {@code MCPServer} since mcp 2), from the interop venv, over Streamable HTTP: once replying with
 * event streams (the SDK's default) and once with {@code application/json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpPythonServerTest {

    private McpServers.Running sse;
    private McpServers.Running json;

    @BeforeAll
    void startServers() throws Exception {
        McpServers.assumeAvailable();
        sse = McpServers.python(false);
        json = McpServers.python(true);
    }

    @AfterAll
    void stopServers() {
        if (sse != null) {
            sse.close();
        }
        if (json != null) {
            json.close();
        }
    }

    private String url(String replies) {
        return replies.equals("sse") ? sse.url() : json.url();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "json"})
    void toolsAreListedWithTheirSchemas(String replies) {
        try (var client = McpClient.connect(McpEndpoint.http(url(replies)))) {
            assertThat(client.server().name()).isEqualTo("openenv4j-interop");
            assertThat(client.sessionId()).isPresent();
            List<McpTool> tools = client.listTools();
            assertThat(tools).extracting(McpTool::name).containsExactly("add", "stats", "fail", "slow");
            assertThat(tools.get(0).inputSchema()).containsEntry("required", List.of("a", "b"));
            assertThat(tools.get(0).outputSchema()).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "json"})
    void resultsCarryTextAndStructuredContent(String replies) {
        try (var client = McpClient.connect(McpEndpoint.http(url(replies)))) {
            McpToolResult sum = client.callTool("add", Map.of("a", 2, "b", 3));
            assertThat(sum.text()).isEqualTo("5");
            assertThat(sum.structuredContent()).isEqualTo(Map.of("result", 5));
            McpToolResult stats = client.callTool("stats", Map.of("values", List.of(1, 2, 3)));
            assertThat(stats.structuredContent()).containsEntry("count", 3.0).containsEntry("mean", 2.0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "json"})
    void failuresAndInvalidArgumentsAreErrorResults(String replies) {
        try (var client = McpClient.connect(McpEndpoint.http(url(replies)))) {
            McpToolResult failed = client.callTool("fail", Map.of("message", "boom"));
            assertThat(failed.isError()).isTrue();
            McpToolResult invalid = client.callTool("add", Map.of("a", "x"));
            assertThat(invalid.isError()).isTrue();
            assertThat(invalid.text()).contains("validation error");
            McpToolResult unknown = client.callTool("nope", Map.of());
            assertThat(unknown.isError()).isTrue();
            assertThat(unknown.text()).contains("nope");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "json"})
    void progressAndLogNotificationsReachTheListener(String replies) {
        var events = new CopyOnWriteArrayList<Object>();
        var options = McpClientOptions.defaults().withListener(new McpListener() {
            @Override
            public void onProgress(Progress progress) {
                events.add(progress.message());
            }

            @Override
            public void onLog(LogMessage message) {
                events.add(message.level() + ": " + message.data());
            }
        });
        try (var client = McpClient.connect(McpEndpoint.http(url(replies)), options)) {
            assertThat(client.callTool("slow", Map.of("seconds", 0.05)).text()).isEqualTo("slept 0.05");
            if (replies.equals("sse")) {
                assertThat(events)
                        .containsExactly("step 1", "info: working, step 1", "step 2", "info: working, step 2");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "json"})
    void aTimedOutCallIsCancelledAndTheSessionGoesOn(String replies) {
        try (var client = McpClient.connect(McpEndpoint.http(url(replies)))) {
            assertThatThrownBy(() -> client.callTool("slow", Map.of("seconds", 10), Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(
                            McpTransportException.class,
                            e -> assertThat(e.kind()).isEqualTo(McpTransportException.Kind.TIMEOUT));
            assertThat(client.callTool("add", Map.of("a", 1, "b", 1)).text()).isEqualTo("2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "json"})
    void aSessionTheServerNoLongerKnowsIs404AndEndsTheClient(String replies) throws Exception {
        try (var client = McpClient.connect(McpEndpoint.http(url(replies)))) {
            var delete = HttpRequest.newBuilder(URI.create(url(replies)))
                    .header("Mcp-Session-Id", client.sessionId().orElseThrow())
                    .header("MCP-Protocol-Version", client.server().protocolVersion())
                    .DELETE()
                    .build();
            try (var raw = HttpClient.newHttpClient()) {
                assertThat(raw.send(delete, HttpResponse.BodyHandlers.discarding())
                                .statusCode())
                        .isEqualTo(200);
            }
            assertThatThrownBy(client::ping).isInstanceOfSatisfying(McpTransportException.class, e -> {
                assertThat(e.kind()).isEqualTo(McpTransportException.Kind.SESSION_EXPIRED);
                assertThat(e.httpStatus()).hasValue(404);
            });
            assertThat(client.isOpen()).isFalse();
        }
    }
}
