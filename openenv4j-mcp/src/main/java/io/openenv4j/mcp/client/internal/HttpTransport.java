package io.openenv4j.mcp.client.internal;

import io.openenv4j.mcp.client.McpClientException;
import io.openenv4j.mcp.client.McpEndpoint;
import io.openenv4j.mcp.client.McpProtocolException;
import io.openenv4j.mcp.client.McpTransportException;
import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP's Streamable HTTP transport on the JDK's {@code java.net.http}: every message is a {@code POST}; the
 * reply comes as {@code application/json} or as a {@code text/event-stream} that may carry notifications
 * and server requests before it. The {@code Mcp-Session-Id} the server assigns and the negotiated {@code
 * MCP-Protocol-Version} go on every later request; after initialisation a {@code GET} stream is opened for
 * messages the server sends on its own (servers that do not offer one answer 405). Closing sends {@code
 * DELETE}. Resuming a broken stream ({@code Last-Event-ID}) is not implemented: a stream that ends before
 * its reply fails that request. Not part of the API.
 *
 * <p>Thread-safety: {@link #send} may be called concurrently; each event stream is read by its own
 * virtual thread.
 */
public final class HttpTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final McpEndpoint.StreamableHttp endpoint;
    private final int maxMessageBytes;
    private final HttpClient http;
    private final Map<Long, InputStream> streams = new ConcurrentHashMap<>();
    private final AtomicLong getStreams = new AtomicLong(-1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Sink sink;
    private volatile String sessionId;
    private volatile String protocolVersion;

    public HttpTransport(McpEndpoint.StreamableHttp endpoint, Duration connectTimeout, int maxMessageBytes) {
        this.endpoint = endpoint;
        this.maxMessageBytes = maxMessageBytes;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public void start(Sink newSink) {
        this.sink = newSink;
    }

    @Override
    public void send(ObjectNode message, long requestId, Duration timeout) {
        HttpRequest request = request(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(WireJson.write(message), StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response =
                exchange(request, message.path("method").asString("reply"));
        String assigned = response.headers().firstValue("mcp-session-id").orElse(null);
        if (assigned != null && sessionId == null) {
            sessionId = assigned;
        }
        int status = response.statusCode();
        if (status == 202) {
            closeQuietly(response.body());
            if (requestId >= 0) {
                throw new McpProtocolException("the MCP server " + describe()
                        + " answered a request with 202 Accepted; " + "202 is for notifications and responses");
            }
            return;
        }
        if (status / 100 != 2) {
            failedStatus(response, requestId);
            return;
        }
        String type = response.headers()
                .firstValue("content-type")
                .orElse("")
                .split(";", 2)[0]
                .strip()
                .toLowerCase(Locale.ROOT);
        switch (type) {
            case "text/event-stream" -> {
                long key = requestId >= 0 ? requestId : getStreams.decrementAndGet();
                streams.put(key, response.body());
                Thread.ofVirtual().name("mcp-sse-" + key).start(() -> readStream(response.body(), key));
            }
            case "application/json" -> {
                String body = readBody(response.body(), maxMessageBytes);
                if (body.isBlank() && requestId < 0) {
                    return;
                }
                try {
                    sink.message(WireJson.parse(body));
                } catch (JacksonException e) {
                    throw new McpProtocolException(
                            "the MCP server " + describe() + " answered with a body that is not " + "JSON: "
                                    + StdioTransport.abbreviate(body),
                            e);
                }
            }
            default -> {
                closeQuietly(response.body());
                if (requestId >= 0) {
                    throw new McpProtocolException("the MCP server " + describe() + " answered with content type '"
                            + type + "'; MCP replies are application/json or text/event-stream");
                }
            }
        }
    }

    @Override
    public void initialized(String version) {
        this.protocolVersion = version;
    }

    @Override
    public void ready() {
        Thread.ofVirtual().name("mcp-sse-listen").start(this::listen);
    }

    @Override
    public void abandon(long requestId) {
        InputStream stream = streams.remove(requestId);
        if (stream != null) {
            closeQuietly(stream);
        }
    }

    @Override
    public String describe() {
        return endpoint.url().toString();
    }

    /** The session id the server assigned, or {@code null}. */
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        streams.values().forEach(HttpTransport::closeQuietly);
        if (sessionId != null) {
            try {
                HttpResponse<Void> response =
                        http.send(request(DELETE_TIMEOUT).DELETE().build(), HttpResponse.BodyHandlers.discarding());
                LOG.debug("DELETE {} answered {}", describe(), response.statusCode());
            } catch (IOException e) {
                LOG.debug("DELETE {} failed: {}", describe(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.shutdownNow();
    }

    private HttpRequest.Builder request(Duration timeout) {
        var builder = HttpRequest.newBuilder(endpoint.url()).timeout(timeout);
        endpoint.headers().forEach(builder::header);
        String session = sessionId;
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        String version = protocolVersion;
        if (version != null) {
            builder.header("MCP-Protocol-Version", version);
        }
        return builder;
    }

    private HttpResponse<InputStream> exchange(HttpRequest request, String what) {
        if (closed.get()) {
            throw new McpTransportException(McpTransportException.Kind.CLOSED, "the client is closed", null);
        }
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new McpTransportException(
                    McpTransportException.Kind.CONNECT_FAILED,
                    "could not connect to the MCP server " + describe() + ": " + e,
                    e);
        } catch (HttpTimeoutException e) {
            throw new McpTransportException(
                    McpTransportException.Kind.TIMEOUT,
                    "the MCP server " + describe() + " did not answer " + what + " in time",
                    e);
        } catch (IOException e) {
            throw new McpTransportException(
                    closed.get() ? McpTransportException.Kind.CLOSED : McpTransportException.Kind.IO,
                    "sending " + what + " to the MCP server " + describe() + " failed: " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpTransportException(
                    McpTransportException.Kind.INTERRUPTED,
                    "interrupted while sending " + what + " to " + describe(),
                    e);
        }
    }

    private void failedStatus(HttpResponse<InputStream> response, long requestId) {
        int status = response.statusCode();
        String body;
        try {
            body = readBody(response.body(), MAX_ERROR_BODY);
        } catch (McpClientException e) {
            body = "";
        }
        if (status == 404
                && response.request().headers().firstValue("Mcp-Session-Id").isPresent()) {
            throw new McpTransportException(
                    McpTransportException.Kind.SESSION_EXPIRED,
                    "the MCP server " + describe() + " no longer knows session " + sessionId
                            + " (404); connect a new client",
                    null,
                    status);
        }
        JsonNode error = parseOrNull(body);
        if (requestId >= 0
                && error != null
                && error.path("id").canConvertToLong()
                && error.path("id").asLong() == requestId
                && error.path("error").isObject()) {
            sink.message(error);
            return;
        }
        String detail = error != null && error.path("error").path("message").isString()
                ? error.path("error").path("message").asString()
                : StdioTransport.abbreviate(body);
        throw new McpTransportException(
                McpTransportException.Kind.HTTP_STATUS,
                "the MCP server " + describe() + " answered " + status + (detail.isBlank() ? "" : ": " + detail),
                null,
                status);
    }

    /** Reads one reply stream; when it ends before the reply, tells the sink why. */
    private void readStream(InputStream body, long key) {
        var malformed = new StringBuilder();
        try {
            new SseReader(body, maxMessageBytes).readAll(data -> {
                JsonNode node = parseOrNull(data);
                if (node == null) {
                    LOG.warn(
                            "skipped an event from {} that is not JSON: {}",
                            describe(),
                            StdioTransport.abbreviate(data));
                    malformed.setLength(0);
                    malformed.append(StdioTransport.abbreviate(data));
                } else {
                    sink.message(node);
                }
            });
            if (key >= 0) {
                sink.lost(
                        key,
                        malformed.isEmpty()
                                ? new McpTransportException(
                                        McpTransportException.Kind.CLOSED,
                                        "the event stream from " + describe() + " ended before the reply to request "
                                                + key,
                                        null)
                                : new McpProtocolException("the event stream from " + describe()
                                        + " ended without a valid " + "reply to request " + key
                                        + "; it carried data that is not JSON: " + malformed));
            }
        } catch (IOException e) {
            if (key >= 0 && !closed.get()) {
                sink.lost(
                        key,
                        new McpTransportException(
                                McpTransportException.Kind.IO,
                                "reading the reply stream from " + describe() + " failed: " + e,
                                e));
            }
        } finally {
            streams.remove(key);
            closeQuietly(body);
        }
    }

    /** The optional GET stream for messages the server sends unasked. */
    private void listen() {
        HttpRequest request = request(Duration.ofDays(365))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = exchange(request, "GET");
        } catch (McpClientException e) {
            LOG.debug("no GET stream from {}: {}", describe(), e.getMessage());
            return;
        }
        String type = response.headers().firstValue("content-type").orElse("");
        if (response.statusCode() != 200 || !type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            LOG.debug("no GET stream from {} (status {})", describe(), response.statusCode());
            closeQuietly(response.body());
            return;
        }
        long key = getStreams.decrementAndGet();
        streams.put(key, response.body());
        if (closed.get()) {
            closeQuietly(response.body());
        }
        readStream(response.body(), key);
    }

    private String readBody(InputStream body, int limit) {
        try (body) {
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new McpTransportException(
                        McpTransportException.Kind.IO,
                        "a reply from " + describe() + " exceeded " + limit + " bytes",
                        null);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new McpTransportException(
                    McpTransportException.Kind.IO, "reading a reply from " + describe() + " failed: " + e, e);
        }
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return text == null || text.isBlank() ? null : WireJson.parse(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Nothing to do: the stream is being abandoned.
        }
    }
}
