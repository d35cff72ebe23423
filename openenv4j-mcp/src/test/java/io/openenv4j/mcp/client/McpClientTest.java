package io.openenv4j.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's protocol behaviour, against the scripted server over stdio. */
class McpClientTest {

    private McpClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    private McpClient connect(McpClientOptions options, String... serverOptions) {
        client = McpClient.connect(McpEndpoint.stdio(FakeMcpServer.command(serverOptions)), options);
        return client;
    }

    private McpClient connect() {
        return connect(McpClientOptions.defaults());
    }

    @Test
    void connectNegotiatesTheOfferedVersionAndReadsServerInfo() {
        McpServerInfo server = connect().server();
        assertThat(server.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(server.name()).isEqualTo("fake");
        assertThat(server.version()).isEqualTo("1.0");
        assertThat(server.instructions()).isEqualTo("Use echo.");
        assertThat(server.hasCapability("tools")).isTrue();
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void anOlderSupportedVersionChosenByTheServerIsAccepted() {
        assertThat(connect(McpClientOptions.defaults(), "--version", "2025-03-26")
                        .server()
                        .protocolVersion())
                .isEqualTo("2025-03-26");
    }

    @Test
    void aVersionTheClientDoesNotSpeakFailsTheConnection() {
        assertThatThrownBy(() -> connect(McpClientOptions.defaults(), "--version", "2024-11-05"))
                .isInstanceOf(McpProtocolException.class)
                .hasMessageContaining("2024-11-05")
                .hasMessageContaining("does not speak");
    }

    @Test
    void pingIsAnswered() {
        connect().ping();
    }

    @Test
    void listToolsFollowsEveryCursorAndKeepsTheOrder() {
        List<McpTool> tools = connect().listTools();
        assertThat(tools).extracting(McpTool::name).containsExactlyElementsOf(FakeMcpLogic.TOOLS);
        McpTool echo = tools.get(0);
        assertThat(echo.description()).isEqualTo("The echo tool.");
        assertThat(echo.inputSchema()).containsEntry("required", List.of("message"));
        assertThat(echo.json()).containsEntry("annotations", Map.of("readOnlyHint", true));
        assertThat(echo.toTool().name()).isEqualTo("echo");
    }

    @Test
    void toolListIsCachedUntilTheServerSaysItChanged() {
        connect();
        List<McpTool> first = client.listTools();
        assertThat(client.listTools()).isSameAs(first);
        client.callTool("chatty", Map.of());
        assertThat(client.listTools()).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void callToolReturnsTextAndStructuredContent() {
        McpToolResult result = connect().callTool("echo", Map.of("message", "héllo"));
        assertThat(result.isError()).isFalse();
        assertThat(result.text()).isEqualTo("echo: héllo");
        assertThat(result.structuredContent()).isEqualTo(Map.of("message", "héllo"));
    }

    @Test
    void contentBlocksOfEveryKindAreKept() {
        List<McpContent> content = connect().callTool("blocks", null).content();
        assertThat(content)
                .extracting(McpContent::type)
                .containsExactly("text", "image", "audio", "resource_link", "resource", "widget");
        assertThat(content.get(0)).isInstanceOfSatisfying(McpContent.Text.class, text -> {
            assertThat(text.text()).isEqualTo("hello");
            assertThat(text.json()).containsEntry("annotations", Map.of("priority", 0.5));
        });
        assertThat(content.get(1))
                .isEqualTo(new McpContent.Image(
                        "aW1n", "image/png", Map.of("type", "image", "data", "aW1n", "mimeType", "image/png")));
        assertThat(content.get(2))
                .isInstanceOfSatisfying(
                        McpContent.Audio.class,
                        audio -> assertThat(audio.mimeType()).isEqualTo("audio/wav"));
        assertThat(content.get(3))
                .isInstanceOfSatisfying(
                        McpContent.ResourceLink.class,
                        link -> assertThat(link.uri()).isEqualTo("file:///a.txt"));
        assertThat(content.get(4))
                .isInstanceOfSatisfying(
                        McpContent.EmbeddedResource.class,
                        resource -> assertThat(resource.text()).isEqualTo("inside"));
        assertThat(content.get(5)).isEqualTo(new McpContent.Other("widget", Map.of("type", "widget", "size", 3)));
    }

    @Test
    void aToolThatFailsIsAnErrorResultNotAnException() {
        McpToolResult result = connect().callTool("fail", Map.of("message", "boom"));
        assertThat(result.isError()).isTrue();
        assertThat(result.text()).isEqualTo("failed: boom");
    }

    @Test
    void anUnknownToolIsAJsonRpcError() {
        assertThatThrownBy(() -> connect().callTool("nope", Map.of()))
                .isInstanceOfSatisfying(McpServerErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(McpServerErrorException.INVALID_PARAMS);
                    assertThat(e.serverMessage()).isEqualTo("Unknown tool: nope");
                })
                .hasMessageContaining("tools/call 'nope'");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void invalidArgumentsCarryCodeMessageAndData() {
        assertThatThrownBy(() -> connect().callTool("strict", Map.of("count", "three")))
                .isInstanceOfSatisfying(McpServerErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32602);
                    assertThat(e.data()).isEqualTo(Map.of("field", "count"));
                });
        assertThat(client.callTool("strict", Map.of("count", 3)).text()).isEqualTo("ok");
    }

    @Test
    void anUnknownMethodIsMethodNotFound() {
        assertThatThrownBy(() -> connect().request("resources/list", Map.of(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(
                        McpServerErrorException.class,
                        e -> assertThat(e.code()).isEqualTo(McpServerErrorException.METHOD_NOT_FOUND));
    }

    @Test
    void aReplyWithNeitherResultNorErrorIsAProtocolViolationAndTheClientLivesOn() {
        assertThatThrownBy(() -> connect().callTool("malformed", Map.of()))
                .isInstanceOf(McpProtocolException.class)
                .hasMessageContaining("neither result nor error");
        assertThat(client.callTool("echo", Map.of("message", "still here")).text())
                .isEqualTo("echo: still here");
    }

    @Test
    void linesThatAreNotJsonAreSkipped() {
        connect(McpClientOptions.defaults(), "--banner");
        assertThat(client.callTool("garbage", Map.of()).text()).isEqualTo("after garbage");
    }

    @Test
    void aTimeoutCancelsTheRequestAndTheClientLivesOn() {
        connect();
        assertThatThrownBy(() -> client.callTool("hang", Map.of(), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(
                        McpTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(McpTransportException.Kind.TIMEOUT))
                .hasMessageContaining("cancelled");
        @SuppressWarnings("unchecked")
        var seen = (List<Map<String, Object>>)
                client.callTool("seen", Map.of()).structuredContent().get("notifications");
        assertThat(seen)
                .extracting(n -> n.get("method"))
                .containsExactly("notifications/initialized", "notifications/cancelled");
        @SuppressWarnings("unchecked")
        var params = (Map<String, Object>) seen.get(1).get("params");
        assertThat(((Number) params.get("requestId")).longValue()).isPositive();
        assertThat(params.get("reason").toString()).contains("timed out");
    }

    @Test
    void concurrentCallsAreMatchedToTheirRepliesById() throws Exception {
        connect();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<String>>();
            for (int i = 0; i < 20; i++) {
                int ms = (20 - i) * 10;
                futures.add(threads.submit(
                        () -> client.callTool("slow", Map.of("ms", ms)).text()));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(futures.get(i).get()).isEqualTo("slept " + (20 - i) * 10);
            }
        }
    }

    @Test
    void progressLogAndOtherNotificationsReachTheListener() {
        var events = new CopyOnWriteArrayList<Object>();
        connect(McpClientOptions.defaults().withListener(new McpListener() {
            @Override
            public void onProgress(Progress progress) {
                events.add(progress);
            }

            @Override
            public void onLog(LogMessage message) {
                events.add(message);
            }

            @Override
            public void onToolsChanged() {
                events.add("tools changed");
            }

            @Override
            public void onNotification(String method, Map<String, Object> params) {
                events.add(method + " " + params);
            }
        }));
        client.callTool("chatty", Map.of());
        assertThat(events).hasSize(5);
        assertThat(events.get(0)).isInstanceOfSatisfying(McpListener.Progress.class, progress -> {
            assertThat(progress.progress()).isEqualTo(1.0);
            assertThat(progress.total()).isEqualTo(2.0);
            assertThat(progress.message()).isEqualTo("step 1");
            assertThat(progress.progressToken()).isInstanceOf(Number.class);
        });
        assertThat(events.get(2)).isEqualTo(new McpListener.LogMessage("warning", "fake", "careful"));
        assertThat(events.subList(3, 5)).containsExactly("tools changed", "notifications/custom {x=1}");
    }

    @Test
    void withoutAListenerNoProgressIsRequested() {
        connect().callTool("chatty", Map.of());
        // The scripted server sends progress only when asked; nothing breaks either way.
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void serverRequestsAreAnsweredPingWithAResultOthersWithMethodNotFound() {
        McpToolResult result = connect().callTool("ask", Map.of());
        assertThat(result.structuredContent().get("ping")).isEqualTo(Map.of());
        @SuppressWarnings("unchecked")
        var roots = (Map<String, Object>) result.structuredContent().get("roots");
        assertThat(roots).containsEntry("code", -32601);
    }

    @Test
    void genericRequestsReturnTheResultAsPlainValues() {
        assertThat(connect().request("tools/list", Map.of("cursor", "12"), Duration.ofSeconds(5)))
                .containsOnlyKeys("tools");
    }

    @Test
    void argumentsThatAreNotJsonAreMisuse() {
        connect();
        assertThatThrownBy(() -> client.callTool("echo", Map.of("message", new SelfReference())))
                .isInstanceOf(McpClientMisuseException.class);
        assertThat(client.isOpen()).isTrue();
    }

    /** Not JSON: it contains itself. */
    public static final class SelfReference {
        public SelfReference getSelf() {
            return this;
        }
    }

    @Test
    void callsOnAClosedClientAreMisuse() {
        connect().close();
        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(() -> client.callTool("echo", Map.of("message", "x")))
                .isInstanceOf(McpClientMisuseException.class)
                .hasMessageContaining("closed");
        client.close();
    }

    @Test
    void closeFailsACallWaitingOnAnotherThread() throws Exception {
        connect();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<McpToolResult> waiting = threads.submit(() -> client.callTool("hang", Map.of()));
            Thread.sleep(300);
            client.close();
            assertThatThrownBy(waiting::get)
                    .hasCauseInstanceOf(McpTransportException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void nonPositiveTimeoutsAreRejected() {
        connect();
        assertThatThrownBy(() -> client.callTool("echo", Map.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
