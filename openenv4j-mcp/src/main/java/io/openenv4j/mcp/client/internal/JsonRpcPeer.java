package io.openenv4j.mcp.client.internal;

import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.mcp.client.McpClientException;
import io.openenv4j.mcp.client.McpClientMisuseException;
import io.openenv4j.mcp.client.McpProtocolException;
import io.openenv4j.mcp.client.McpServerErrorException;
import io.openenv4j.mcp.client.McpTransportException;
import io.openenv4j.wire.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON-RPC side of an MCP client: numbers requests, matches replies to them by id (so any number may
 * be in flight), enforces per-request timeouts and then sends {@code notifications/cancelled}, answers
 * the server's own requests ({@code ping}; anything else is {@code -32601}, since the client declares no
 * capabilities), and passes notifications on. Not part of the API.
 *
 * <p>Thread-safety: thread-safe. Callers block on virtual or platform threads; replies are matched on the
 * transport's threads.
 */
public final class JsonRpcPeer implements Transport.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcPeer.class);
    private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(5);

    /** Receives the server's notifications, on the transport's reader thread. */
    @FunctionalInterface
    public interface NotificationHandler {
        void notification(String method, ObjectNode params);
    }

    private record Pending(String label, CompletableFuture<JsonNode> reply) {}

    private final Transport transport;
    private final NotificationHandler notifications;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile McpClientException broken;

    public JsonRpcPeer(Transport transport, NotificationHandler notifications) {
        this.transport = transport;
        this.notifications = notifications;
    }

    /** Starts the transport; replies and notifications flow from now on. */
    public void start() {
        transport.start(this);
    }

    /** A fresh request id (for requests whose params mention their own id, as a progress token). */
    public long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Sends a request and waits for its {@code result}.
     *
     * @param cancellable whether a timeout sends {@code notifications/cancelled} ({@code initialize} must not)
     * @throws McpServerErrorException when the server answers with an error
     * @throws McpTransportException when sending fails or no reply comes within {@code timeout}
     * @throws McpProtocolException when the reply is malformed
     * @throws McpClientMisuseException when the peer is closed
     */
    public JsonNode request(long id, String method, ObjectNode params, Duration timeout, boolean cancellable) {
        ensureUsable();
        ObjectNode message = WireJson.object();
        message.put("jsonrpc", "2.0");
        message.put("id", id);
        message.put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        String label = method.equals("tools/call")
                        && params != null
                        && params.path("name").isString()
                ? "tools/call '" + params.path("name").asString() + "'"
                : method;
        var call = new Pending(label, new CompletableFuture<>());
        pending.put(id, call);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            transport.send(message, id, timeout);
            JsonNode reply = call.reply().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return resultOf(label, reply);
        } catch (TimeoutException e) {
            giveUp(id, cancellable, "timed out after " + timeout);
            throw new McpTransportException(
                    McpTransportException.Kind.TIMEOUT,
                    label + " got no reply from " + transport.describe() + " within " + timeout
                            + (cancellable ? "; the request was cancelled" : ""),
                    null);
        } catch (InterruptedException e) {
            giveUp(id, cancellable, "the caller was interrupted");
            Thread.currentThread().interrupt();
            throw new McpTransportException(
                    McpTransportException.Kind.INTERRUPTED, "interrupted while waiting for the reply to " + label, e);
        } catch (ExecutionException e) {
            throw (McpClientException) e.getCause();
        } catch (McpTransportException e) {
            switch (e.kind()) {
                case TIMEOUT, INTERRUPTED -> giveUp(id, cancellable, e.getMessage());
                case CLOSED, SESSION_EXPIRED -> failed(e);
                case CONNECT_FAILED, IO, HTTP_STATUS -> {
                    if (transport instanceof StdioTransport) {
                        failed(e);
                    }
                }
            }
            throw e;
        } finally {
            pending.remove(id);
        }
    }

    /**
     * Sends a notification.
     *
     * @throws McpClientException when it cannot be delivered or the peer is closed
     */
    public void notify(String method, ObjectNode params) {
        ensureUsable();
        ObjectNode message = WireJson.object();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        transport.send(message, -1, NOTIFY_TIMEOUT);
    }

    /** Whether requests may still be sent: not closed, and the transport has not failed. */
    public boolean isOpen() {
        return !closed.get() && broken == null;
    }

    /** Fails every waiting request and closes the transport. Idempotent. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        var why = new McpTransportException(
                McpTransportException.Kind.CLOSED, "the client was closed while waiting for the reply", null);
        pending.values().forEach(call -> call.reply().completeExceptionally(why));
        transport.close();
    }

    @Override
    public void message(JsonNode node) {
        if (node.isArray()) {
            node.forEach(this::message);
            return;
        }
        if (!node.isObject() || !"2.0".equals(node.path("jsonrpc").asString(null))) {
            LOG.warn("skipped a message from {} that is not JSON-RPC 2.0: {}", transport.describe(), abbreviate(node));
            return;
        }
        JsonNode method = node.get("method");
        JsonNode id = node.get("id");
        JsonNode params = node.get("params");
        ObjectNode paramsObject = params instanceof ObjectNode object ? object : WireJson.object();
        if (method != null && method.isString()) {
            if (id != null && !id.isNull()) {
                Thread.ofVirtual().name("mcp-server-request").start(() -> answer(id, method.asString()));
            } else {
                try {
                    notifications.notification(method.asString(), paramsObject);
                } catch (RuntimeException e) {
                    LOG.warn("the handler of {} from {} failed", method.asString(), transport.describe(), e);
                }
            }
            return;
        }
        if (id == null || !id.isIntegralNumber()) {
            LOG.warn("skipped a message from {} that no request can claim: {}", transport.describe(), abbreviate(node));
            return;
        }
        Pending call = pending.get(id.asLong());
        if (call == null) {
            LOG.debug("dropped a reply from {} to request {}, which is no longer awaited", transport.describe(), id);
            return;
        }
        if (node.has("error") || node.has("result")) {
            call.reply().complete(node);
        } else {
            call.reply()
                    .completeExceptionally(new McpProtocolException("the reply to " + call.label() + " from "
                            + transport.describe() + " has neither result nor error: " + abbreviate(node)));
        }
    }

    @Override
    public void lost(long id, McpClientException why) {
        Pending call = pending.get(id);
        if (call != null) {
            call.reply().completeExceptionally(why);
        }
    }

    @Override
    public void failed(McpClientException why) {
        if (broken == null && !closed.get()) {
            broken = why;
        }
        List.copyOf(pending.values()).forEach(call -> call.reply().completeExceptionally(why));
    }

    private void ensureUsable() {
        if (closed.get()) {
            throw new McpClientMisuseException("the MCP client is closed");
        }
        McpClientException failure = broken;
        if (failure != null) {
            throw new McpTransportException(
                    McpTransportException.Kind.CLOSED,
                    "the connection to " + transport.describe() + " is no longer usable: " + failure.getMessage(),
                    failure);
        }
    }

    private void giveUp(long id, boolean cancellable, String reason) {
        pending.remove(id);
        transport.abandon(id);
        if (!cancellable || !isOpen()) {
            return;
        }
        ObjectNode params = WireJson.object();
        params.put("requestId", id);
        params.put("reason", reason);
        try {
            notify("notifications/cancelled", params);
        } catch (McpClientException e) {
            LOG.debug("could not cancel request {} at {}: {}", id, transport.describe(), e.getMessage());
        }
    }

    private void answer(JsonNode id, String method) {
        ObjectNode reply = method.equals("ping")
                ? JsonRpc.result(id, WireJson.object())
                : JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method, null);
        try {
            if (isOpen()) {
                transport.send(reply, -1, NOTIFY_TIMEOUT);
            }
        } catch (McpClientException e) {
            LOG.debug("could not answer {} from {}: {}", method, transport.describe(), e.getMessage());
        }
    }

    private JsonNode resultOf(String label, JsonNode reply) {
        JsonNode error = reply.get("error");
        if (error != null) {
            if (!error.isObject() || !error.path("code").isIntegralNumber()) {
                throw new McpProtocolException("the error reply to " + label + " from " + transport.describe()
                        + " is malformed: " + abbreviate(reply));
            }
            JsonNode data = error.get("data");
            throw new McpServerErrorException(
                    label,
                    error.path("code").asInt(),
                    error.path("message").asString(""),
                    data == null || data.isNull() ? null : WireJson.toPlain(data));
        }
        return reply.get("result");
    }

    static String abbreviate(JsonNode node) {
        return StdioTransport.abbreviate(WireJson.write(node));
    }
}
