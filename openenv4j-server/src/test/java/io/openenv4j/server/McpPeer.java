package io.openenv4j.server;

import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A raw spec MCP (Streamable HTTP) client for tests: remembers the session id and negotiated version after
 * {@link #initialize} and sends them, as a conforming client does, unless a test overrides the headers.
 */
final class McpPeer {

    static final String ACCEPT = "application/json, text/event-stream";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final EnvServer server;
    String sessionId;
    String version;

    McpPeer(EnvServer server) {
        this.server = server;
    }

    /** Initializes with {@code protocolVersion}, then sends {@code notifications/initialized}. */
    HttpPeer.Reply initialize(String protocolVersion) throws Exception {
        HttpPeer.Reply reply = send(
                "POST",
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"" + protocolVersion + "\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}",
                Map.of("accept", ACCEPT));
        sessionId = reply.header("mcp-session-id");
        if (reply.status() == 200 && reply.json().has("result")) {
            version = reply.json().get("result").get("protocolVersion").stringValue();
            HttpPeer.Reply initialized = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            if (initialized.status() != 202) {
                throw new IllegalStateException("initialized notification got " + initialized.status());
            }
        }
        return reply;
    }

    /** POSTs a message with the session's headers. */
    HttpPeer.Reply post(String body) throws Exception {
        return send("POST", body, sessionHeaders());
    }

    /** A request's result or error, asserting HTTP 200. */
    JsonNode rpc(String body) throws Exception {
        HttpPeer.Reply reply = post(body);
        if (reply.status() != 200) {
            throw new AssertionError("HTTP " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    JsonNode call(Object id, String tool, String arguments) throws Exception {
        return rpc(callBody(id, tool, arguments));
    }

    static String callBody(Object id, String tool, String arguments) {
        String idText = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idText + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    Map<String, String> sessionHeaders() {
        var headers = new LinkedHashMap<String, String>();
        headers.put("accept", ACCEPT);
        if (sessionId != null) {
            headers.put("mcp-session-id", sessionId);
        }
        if (version != null) {
            headers.put("mcp-protocol-version", version);
        }
        return headers;
    }

    HttpPeer.Reply send(String method, String body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/mcp"))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("content-type")) {
            request.header("content-type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new HttpPeer.Reply(response.statusCode(), response.headers(), response.body());
    }

    HttpPeer.Reply delete() throws Exception {
        return send("DELETE", null, sessionHeaders());
    }

    static JsonNode parse(String text) {
        return WireJson.parse(text);
    }
}
