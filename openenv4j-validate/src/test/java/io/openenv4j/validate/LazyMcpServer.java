package io.openenv4j.validate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A seeded defect for the MCP checks: a "tool environment" whose {@code /mcp} lists one valid tool and opens
 * spec sessions as it should, but answers every other request (calls, bad requests, notifications, GET,
 * DELETE) with an empty JSON-RPC result and HTTP 200. No {@code /ws} at all.
 */
final class LazyMcpServer implements AutoCloseable {

    private final HttpServer server;

    LazyMcpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"healthy\"}"));
        server.createContext(
                "/schema",
                exchange -> answer(
                        exchange,
                        200,
                        "{\"action\":{\"type\":\"object\",\"properties\":"
                                + "{\"tool_name\":{\"type\":\"string\"}}},\"observation\":{\"type\":\"object\"},\"state\":{\"type\":\"object\"}}"));
        server.createContext("/mcp", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains("\"initialize\"")) {
                exchange.getResponseHeaders().add("Mcp-Session-Id", "lazy-1");
                answer(
                        exchange,
                        200,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-11-25\","
                                + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"lazy\",\"version\":\"1\"}}}");
            } else if (body.contains("\"tools/list\"")) {
                answer(
                        exchange,
                        200,
                        "{\"jsonrpc\":\"2.0\",\"id\":" + (body.contains("\"id\":1,") ? 1 : 10)
                                + ",\"result\":{\"tools\":"
                                + "[{\"name\":\"nap\",\"description\":\"Naps.\",\"inputSchema\":{\"type\":\"object\",\"properties\":{}}}]}}");
            } else {
                answer(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":{}}");
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
