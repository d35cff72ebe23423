package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.mcp.client.McpClient;
import io.openenv4j.mcp.client.McpClientOptions;
import io.openenv4j.mcp.client.McpContent;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MCP client against the official reference server {@code @modelcontextprotocol/server-everything}
 * (TypeScript SDK) from npm, over stdio and over its Streamable HTTP mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpEverythingServerTest {

    private McpServers.Running http;

    @BeforeAll
    void startHttpServer() throws Exception {
        McpServers.assumeAvailable();
        http = McpServers.everythingOverHttp();
    }

    @AfterAll
    void stopHttpServer() {
        if (http != null) {
            http.close();
        }
    }

    private McpEndpoint endpoint(String transport) {
        return transport.equals("stdio") ? McpServers.everything() : McpEndpoint.http(http.url());
    }

    private McpClient connect(String transport) {
        return McpClient.connect(endpoint(transport));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void initializeNegotiatesTheNewestVersionAndListsEveryTool(String transport) {
        try (var client = connect(transport)) {
            assertThat(client.server().protocolVersion()).isEqualTo("2025-11-25");
            assertThat(client.server().name()).isEqualTo("mcp-servers/everything");
            assertThat(client.server().hasCapability("logging")).isTrue();
            assertThat(client.sessionId().isPresent()).isEqualTo(transport.equals("http"));
            client.ping();
            List<McpTool> tools = client.listTools();
            assertThat(tools)
                    .extracting(McpTool::name)
                    .contains(
                            "echo",
                            "get-sum",
                            "get-tiny-image",
                            "get-structured-content",
                            "trigger-long-running-operation");
            McpTool sum = tools.stream()
                    .filter(t -> t.name().equals("get-sum"))
                    .findFirst()
                    .orElseThrow();
            assertThat(sum.inputSchema()).containsEntry("required", List.of("a", "b"));
            assertThat(sum.title()).isEqualTo("Get Sum Tool");
            assertThat(sum.json()).containsKey("annotations");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-06-18", "2025-03-26"})
    void olderProtocolVersionsAreNegotiated(String version) {
        try (var client = McpClient.connect(
                McpServers.everything(), McpClientOptions.defaults().withProtocolVersion(version))) {
            assertThat(client.server().protocolVersion()).isEqualTo(version);
            assertThat(client.callTool("echo", Map.of("message", "old")).text()).isEqualTo("Echo: old");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void textStructuredImageAndResourceResultsArrive(String transport) {
        try (var client = connect(transport)) {
            assertThat(client.callTool("echo", Map.of("message", "héllo")).text())
                    .isEqualTo("Echo: héllo");
            assertThat(client.callTool("get-sum", Map.of("a", 2, "b", 3.5)).text())
                    .contains("5.5");
            McpToolResult weather = client.callTool("get-structured-content", Map.of("location", "Chicago"));
            assertThat(weather.structuredContent()).containsKeys("temperature", "conditions", "humidity");
            List<McpContent> image = client.callTool("get-tiny-image", Map.of()).content();
            assertThat(image)
                    .filteredOn(McpContent.Image.class::isInstance)
                    .singleElement()
                    .satisfies(block -> {
                        var png = (McpContent.Image) block;
                        assertThat(png.mimeType()).isEqualTo("image/png");
                        assertThat(Base64.getDecoder().decode(png.data())).startsWith(0x89, 'P', 'N', 'G');
                    });
            List<McpContent> reference = client.callTool(
                            "get-resource-reference", Map.of("resourceType", "Text", "resourceId", 2))
                    .content();
            assertThat(reference)
                    .filteredOn(McpContent.EmbeddedResource.class::isInstance)
                    .singleElement()
                    .satisfies(block -> assertThat(((McpContent.EmbeddedResource) block).uri())
                            .isEqualTo("demo://resource/dynamic/text/2"));
            List<McpContent> links =
                    client.callTool("get-resource-links", Map.of("count", 2)).content();
            assertThat(links)
                    .filteredOn(McpContent.ResourceLink.class::isInstance)
                    .hasSize(2);
            List<McpContent> annotated = client.callTool(
                            "get-annotated-message", Map.of("messageType", "error", "includeImage", true))
                    .content();
            assertThat(annotated.get(0).json()).containsKey("annotations");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void unknownToolsAndInvalidArgumentsAreErrorResultsFromThisServer(String transport) {
        // The TypeScript SDK reports both as isError results carrying the JSON-RPC code in the text.
        try (var client = connect(transport)) {
            McpToolResult unknown = client.callTool("no-such-tool", Map.of());
            assertThat(unknown.isError()).isTrue();
            assertThat(unknown.text()).contains("-32602").contains("no-such-tool");
            McpToolResult invalid = client.callTool("get-sum", Map.of("a", "two"));
            assertThat(invalid.isError()).isTrue();
            assertThat(invalid.text()).contains("Input validation error");
            assertThat(client.isOpen()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void progressNotificationsReachTheListener(String transport) {
        var progress = new CopyOnWriteArrayList<McpListener.Progress>();
        var options = McpClientOptions.defaults().withListener(new McpListener() {
            @Override
            public void onProgress(Progress event) {
                progress.add(event);
            }
        });
        try (var client = McpClient.connect(endpoint(transport), options)) {
            McpToolResult done = client.callTool("trigger-long-running-operation", Map.of("duration", 0.6, "steps", 3));
            assertThat(done.text()).contains("completed");
            assertThat(progress).extracting(McpListener.Progress::progress).containsExactly(1.0, 2.0, 3.0);
            assertThat(progress).allSatisfy(event -> assertThat(event.total()).isEqualTo(3.0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void aTimedOutCallIsCancelledAndTheSessionGoesOn(String transport) {
        try (var client = connect(transport)) {
            assertThatThrownBy(() -> client.callTool(
                            "trigger-long-running-operation",
                            Map.of("duration", 10, "steps", 2),
                            Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(
                            McpTransportException.class,
                            e -> assertThat(e.kind()).isEqualTo(McpTransportException.Kind.TIMEOUT));
            assertThat(client.callTool("echo", Map.of("message", "after")).text())
                    .isEqualTo("Echo: after");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void concurrentCallsAreCorrelated(String transport) throws Exception {
        try (var client = connect(transport);
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<String>>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                futures.add(threads.submit(() ->
                        client.callTool("echo", Map.of("message", "m" + n)).text()));
            }
            for (int i = 0; i < 16; i++) {
                assertThat(futures.get(i).get()).isEqualTo("Echo: m" + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void logMessagesArriveOnceRequested(String transport) throws Exception {
        var logs = new CopyOnWriteArrayList<McpListener.LogMessage>();
        var options = McpClientOptions.defaults().withListener(new McpListener() {
            @Override
            public void onLog(LogMessage message) {
                logs.add(message);
            }
        });
        try (var client = McpClient.connect(endpoint(transport), options)) {
            client.request("logging/setLevel", Map.of("level", "debug"), Duration.ofSeconds(10));
            client.callTool("toggle-simulated-logging", Map.of());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (logs.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            client.callTool("toggle-simulated-logging", Map.of());
            assertThat(logs).isNotEmpty();
            assertThat(logs.get(0).level()).isNotBlank();
        }
    }

    @Test
    void aDeletedSessionIsATransportFailure() throws Exception {
        // server-everything answers 400 to an unknown session (the spec asks for 404, which the Python SDK sends).
        try (var client = connect("http")) {
            var delete = HttpRequest.newBuilder(URI.create(http.url()))
                    .header("Mcp-Session-Id", client.sessionId().orElseThrow())
                    .header("MCP-Protocol-Version", "2025-11-25")
                    .DELETE()
                    .build();
            try (var raw = HttpClient.newHttpClient()) {
                assertThat(raw.send(delete, HttpResponse.BodyHandlers.discarding())
                                .statusCode())
                        .isEqualTo(200);
            }
            assertThatThrownBy(client::ping)
                    .isInstanceOfSatisfying(McpTransportException.class, e -> {
                        assertThat(e.kind()).isEqualTo(McpTransportException.Kind.HTTP_STATUS);
                        assertThat(e.httpStatus()).hasValue(400);
                    })
                    .hasMessageContaining("No valid session ID");
        }
    }
}
