package io.openenv4j.mcp.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scripted MCP test server ({@link FakeMcpLogic}) over Streamable HTTP, on a loopback port of its own:
 * replies as {@code application/json} or as {@code text/event-stream} (with a priming event, and the
 * notifications and server requests of a call before its reply). Sessions are assigned at {@code
 * initialize}; an unknown session id gets 404; {@code GET} gets 405; {@code DELETE} ends the session.
 * Every request is recorded.
 */
final class FakeHttpMcpServer implements AutoCloseable {

    /** How replies to requests are sent. */
    enum Mode {
        JSON,
        SSE
    }

    /** One request as received. */
    record Seen(String httpMethod, String rpcMethod, String sessionId, String protocolVersion, String accept) {}

    private final HttpServer server;
    private final Mode mode;
    private final FakeMcpLogic logic = new FakeMcpLogic(null);
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextSession = new AtomicInteger();

    FakeHttpMcpServer(Mode mode) throws IOException {
        this.mode = mode;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/mcp", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Forgets every session, as a restarted server would: later requests with its id get 404. */
    void expireSessions() {
        sessions.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String session = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
            String version = exchange.getRequestHeaders().getFirst("MCP-Protocol-Version");
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            switch (exchange.getRequestMethod()) {
                case "GET" -> {
                    seen.add(new Seen("GET", null, session, version, accept));
                    exchange.sendResponseHeaders(405, -1);
                }
                case "DELETE" -> {
                    seen.add(new Seen("DELETE", null, session, version, accept));
                    exchange.sendResponseHeaders(session != null && sessions.remove(session) ? 200 : 404, -1);
                }
                case "POST" -> post(exchange, session, version, accept);
                default -> exchange.sendResponseHeaders(405, -1);
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void post(HttpExchange exchange, String session, String version, String accept) throws Exception {
        JsonNode message = WireJson.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String method = message.path("method").asString(null);
        seen.add(new Seen("POST", method, session, version, accept));
        if ("initialize".equals(method)) {
            session = "session-" + nextSession.incrementAndGet();
            sessions.add(session);
            exchange.getResponseHeaders().set("Mcp-Session-Id", session);
        } else if (session == null) {
            send(exchange, 400, FakeMcpLogic.error(null, -32000, "Bad Request: No valid session ID provided", null));
            return;
        } else if (!sessions.contains(session)) {
            send(exchange, 404, FakeMcpLogic.error(null, -32001, "Session not found", null));
            return;
        }
        JsonNode id = message.get("id");
        if (method == null || id == null || id.isNull()) {
            logic.handle(message, reply -> {});
            exchange.sendResponseHeaders(202, -1);
            return;
        }
        var answered = new CountDownLatch(1);
        if (mode == Mode.JSON) {
            var reply = new ObjectNode[1];
            Thread.ofVirtual()
                    .start(() -> run(message, out -> {
                        if (isReplyTo(out, id)) {
                            reply[0] = out;
                            answered.countDown();
                        }
                    }));
            if (answered.await(60, TimeUnit.SECONDS)) {
                send(exchange, 200, reply[0]);
            }
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        write(body, "id: prime\ndata: \n\n");
        Thread.ofVirtual()
                .start(() -> run(message, out -> {
                    try {
                        write(body, "event: message\ndata: " + WireJson.write(out) + "\n\n");
                    } catch (IOException e) {
                        answered.countDown();
                    }
                    if (isReplyTo(out, id)) {
                        answered.countDown();
                    }
                }));
        answered.await(60, TimeUnit.SECONDS);
    }

    private void run(JsonNode message, FakeMcpLogic.Out out) {
        try {
            logic.handle(message, out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isReplyTo(ObjectNode message, JsonNode id) {
        return !message.has("method") && id.equals(message.get("id"));
    }

    private static void write(OutputStream body, String text) throws IOException {
        synchronized (body) {
            body.write(text.getBytes(StandardCharsets.UTF_8));
            body.flush();
        }
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = WireJson.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
