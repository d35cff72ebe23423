package io.openenv4j.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The Streamable HTTP transport, against the scripted server on loopback. */
class StreamableHttpTest {

    private static McpTransportException.Kind kind(Throwable e) {
        return ((McpTransportException) e).kind();
    }

    @Test
    void initializeAssignsASessionThatEveryLaterRequestCarries() throws Exception {
        try (var server = new FakeHttpMcpServer(FakeHttpMcpServer.Mode.JSON);
                var client = McpClient.connect(McpEndpoint.http(server.url()))) {
            assertThat(client.callTool("echo", Map.of("message", "hi")).text()).isEqualTo("echo: hi");
            List<FakeHttpMcpServer.Seen> seen = server.seen();
            FakeHttpMcpServer.Seen initialize = seen.get(0);
            assertThat(initialize.rpcMethod()).isEqualTo("initialize");
            assertThat(initialize.sessionId()).isNull();
            assertThat(initialize.accept()).contains("application/json").contains("text/event-stream");
            assertThat(seen.stream()
                            .filter(s -> "tools/call".equals(s.rpcMethod()))
                            .findFirst()
                            .orElseThrow())
                    .isEqualTo(new FakeHttpMcpServer.Seen(
                            "POST", "tools/call", "session-1", "2025-11-25", "application/json, text/event-stream"));
            assertThat(seen)
                    .anyMatch(s ->
                            "notifications/initialized".equals(s.rpcMethod()) && "session-1".equals(s.sessionId()));
        }
    }

    @Test
    void eventStreamRepliesDeliverTheirNotificationsBeforeTheResult() throws Exception {
        var events = new CopyOnWriteArrayList<Object>();
        var listener = new McpListener() {
            @Override
            public void onProgress(Progress progress) {
                events.add(progress.message());
            }

            @Override
            public void onLog(LogMessage message) {
                events.add(message.data());
            }
        };
        try (var server = new FakeHttpMcpServer(FakeHttpMcpServer.Mode.SSE);
                var client = McpClient.connect(
                        McpEndpoint.http(server.url()),
                        McpClientOptions.defaults().withListener(listener))) {
            assertThat(client.callTool("chatty", Map.of()).text()).isEqualTo("chatted");
            assertThat(events).containsExactly("step 1", "step 2", "careful");
            assertThat(client.listTools()).hasSize(FakeMcpLogic.TOOLS.size());
        }
    }

    @Test
    void serverRequestsInAnEventStreamAreAnsweredByPost() throws Exception {
        try (var server = new FakeHttpMcpServer(FakeHttpMcpServer.Mode.SSE);
                var client = McpClient.connect(McpEndpoint.http(server.url()))) {
            McpToolResult result = client.callTool("ask", Map.of());
            assertThat(result.structuredContent().get("ping")).isEqualTo(Map.of());
            assertThat(result.structuredContent().get("roots").toString()).contains("-32601");
        }
    }

    @Test
    void aTimeoutOnAnEventStreamCancelsTheRequestAndTheSessionLivesOn() throws Exception {
        try (var server = new FakeHttpMcpServer(FakeHttpMcpServer.Mode.SSE);
                var client = McpClient.connect(McpEndpoint.http(server.url()))) {
            assertThatThrownBy(() -> client.callTool("hang", Map.of(), Duration.ofMillis(300)))
                    .satisfies(e -> assertThat(kind(e)).isEqualTo(McpTransportException.Kind.TIMEOUT));
            assertThat(client.callTool("seen", Map.of()).text()).contains("notifications/cancelled");
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void aTimeoutWaitingForTheResponseHeadersCancelsTheRequest() throws Exception {
        try (var server = new FakeHttpMcpServer(FakeHttpMcpServer.Mode.JSON);
                var client = McpClient.connect(McpEndpoint.http(server.url()))) {
            assertThatThrownBy(() -> client.callTool("hang", Map.of(), Duration.ofMillis(300)))
                    .satisfies(e -> assertThat(kind(e)).isEqualTo(McpTransportException.Kind.TIMEOUT));
            assertThat(client.callTool("seen", Map.of()).text()).contains("notifications/cancelled");
        }
    }

    @Test
    void anExpiredSessionIs404AndEndsTheClient() throws Exception {
        try (var server = new FakeHttpMcpServer(FakeHttpMcpServer.Mode.JSON);
                var client = McpClient.connect(McpEndpoint.http(server.url()))) {
            server.expireSessions();
            assertThatThrownBy(client::ping).isInstanceOfSatisfying(McpTransportException.class, e -> {
                assertThat(e.kind()).isEqualTo(McpTransportException.Kind.SESSION_EXPIRED);
                assertThat(e.httpStatus()).hasValue(404);
            });
            assertThat(client.isOpen()).isFalse();
        }
    }

    @Test
    void closeDeletesTheSession() throws Exception {
        try (var server = new FakeHttpMcpServer(FakeHttpMcpServer.Mode.JSON)) {
            McpClient.connect(McpEndpoint.http(server.url())).close();
            assertThat(server.seen())
                    .anyMatch(s -> s.httpMethod().equals("DELETE") && "session-1".equals(s.sessionId()));
        }
    }

    @Test
    void aServerWithoutAGetStreamIsFine() throws Exception {
        try (var server = new FakeHttpMcpServer(FakeHttpMcpServer.Mode.SSE);
                var client = McpClient.connect(McpEndpoint.http(server.url()))) {
            client.ping();
            Thread.sleep(200);
            assertThat(server.seen())
                    .anyMatch(s -> s.httpMethod().equals("GET")
                            && "text/event-stream".equals(s.accept())
                            && "session-1".equals(s.sessionId()));
            client.ping();
        }
    }

    @Test
    void concurrentCallsOverHttpAreMatchedToTheirReplies() throws Exception {
        try (var server = new FakeHttpMcpServer(FakeHttpMcpServer.Mode.SSE);
                var client = McpClient.connect(McpEndpoint.http(server.url()));
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<String>>();
            for (int i = 0; i < 10; i++) {
                int ms = (10 - i) * 20;
                futures.add(threads.submit(
                        () -> client.callTool("slow", Map.of("ms", ms)).text()));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(futures.get(i).get()).isEqualTo("slept " + (10 - i) * 20);
            }
        }
    }

    @Test
    void anUnreachableServerCannotConnect() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> McpClient.connect(McpEndpoint.http("http://127.0.0.1:" + port + "/mcp")))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(McpTransportException.Kind.CONNECT_FAILED));
    }

    @Test
    void anErrorStatusIsATransportFailureWithTheStatus() throws Exception {
        HttpServer plain = respond(500, "text/plain", "it broke");
        try {
            assertThatThrownBy(() -> McpClient.connect(McpEndpoint.http(url(plain))))
                    .isInstanceOfSatisfying(McpTransportException.class, e -> {
                        assertThat(e.kind()).isEqualTo(McpTransportException.Kind.HTTP_STATUS);
                        assertThat(e.httpStatus()).hasValue(500);
                    })
                    .hasMessageContaining("it broke");
        } finally {
            plain.stop(0);
        }
    }

    @Test
    void aReplyOfAnotherContentTypeIsAProtocolViolation() throws Exception {
        HttpServer plain = respond(200, "text/html", "<html></html>");
        try {
            assertThatThrownBy(() -> McpClient.connect(McpEndpoint.http(url(plain))))
                    .isInstanceOf(McpProtocolException.class)
                    .hasMessageContaining("text/html");
        } finally {
            plain.stop(0);
        }
    }

    @Test
    void aJsonBodyThatIsNotJsonIsAProtocolViolation() throws Exception {
        HttpServer plain = respond(200, "application/json", "{not json");
        try {
            assertThatThrownBy(() -> McpClient.connect(McpEndpoint.http(url(plain))))
                    .isInstanceOf(McpProtocolException.class)
                    .hasMessageContaining("not JSON");
        } finally {
            plain.stop(0);
        }
    }

    private static HttpServer respond(int status, String contentType, String body) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }
}
