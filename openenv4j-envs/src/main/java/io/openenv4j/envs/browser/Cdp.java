package io.openenv4j.envs.browser;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal Chrome DevTools Protocol client over one WebSocket to the browser endpoint, with flattened
 * target sessions ({@code sessionId} on each message). Commands block the calling thread until their reply
 * (or a timeout); events are handed to listeners on the WebSocket's thread, so listeners must be quick.
 *
 * <p>Thread-safe: commands may be sent from any thread; sends are serialised.
 */
final class Cdp implements AutoCloseable {

    /** A command the browser answered with an error. */
    static final class CdpException extends EnvironmentException {
        private static final long serialVersionUID = 1L;

        CdpException(String message) {
            super(message);
        }
    }

    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final Object sendLock = new Object();
    private volatile boolean closed;

    private Cdp(WebSocket socket) {
        this.socket = socket;
    }

    /** Connects to {@code ws://…/devtools/browser/…}. */
    static Cdp connect(URI endpoint, Duration timeout) {
        var receiver = new Receiver();
        try {
            WebSocket socket = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .build()
                    .newWebSocketBuilder()
                    .connectTimeout(timeout)
                    .buildAsync(endpoint, receiver)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Cdp cdp = new Cdp(socket);
            receiver.cdp = cdp;
            return cdp;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while connecting to Chromium's DevTools endpoint", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EnvironmentException("cannot connect to Chromium's DevTools endpoint " + endpoint + ": " + e, e);
        }
    }

    /** Listens to every event: {@code (sessionId or null, message)} with {@code method} and {@code params}. */
    void listen(BiConsumer<String, JsonNode> listener) {
        listeners.add(listener);
    }

    void unlisten(BiConsumer<String, JsonNode> listener) {
        listeners.remove(listener);
    }

    boolean isOpen() {
        return !closed && !socket.isOutputClosed() && !socket.isInputClosed();
    }

    /** Sends a browser-level command and waits for its result. */
    JsonNode send(String method, Map<String, Object> params, Duration timeout) {
        return send(null, method, params, timeout);
    }

    /**
     * Sends a command (to a target session when {@code sessionId} is not {@code null}) and waits for its result.
     *
     * @throws CdpException when the browser answers with an error
     * @throws EnvironmentException when the connection is gone or no answer comes within {@code timeout}
     */
    JsonNode send(String sessionId, String method, Map<String, Object> params, Duration timeout) {
        if (closed) {
            throw new EnvironmentException("the connection to Chromium is closed");
        }
        long id = ids.incrementAndGet();
        ObjectNode message = WireJson.object();
        message.put("id", id);
        message.put("method", method);
        message.set("params", WireJson.mapper().valueToTree(params == null ? Map.of() : params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        var reply = new CompletableFuture<JsonNode>();
        pending.put(id, reply);
        try {
            synchronized (sendLock) {
                socket.sendText(message.toString(), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            JsonNode answer = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode error = answer.get("error");
            if (error != null) {
                throw new CdpException(method + ": " + error.path("message").asString("error") + dataOf(error));
            }
            return answer.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while waiting for Chromium (" + method + ")", e);
        } catch (TimeoutException e) {
            throw new EnvironmentException(
                    "Chromium did not answer " + method + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new EnvironmentException(
                    "the connection to Chromium failed during " + method + ": " + e.getCause(), e);
        } finally {
            pending.remove(id);
        }
    }

    private static String dataOf(JsonNode error) {
        JsonNode data = error.get("data");
        return data == null ? "" : " (" + data.asString("") + ")";
    }

    private void receive(String text) {
        JsonNode message;
        try {
            message = WireJson.parse(text);
        } catch (RuntimeException e) {
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.path("id").asLong());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        String session =
                message.hasNonNull("sessionId") ? message.get("sessionId").asString() : null;
        for (var listener : listeners) {
            try {
                listener.accept(session, message);
            } catch (RuntimeException e) {
                // a faulty listener must not stop the others or the reader
            }
        }
    }

    private void failAll(String why) {
        closed = true;
        var failure = new EnvironmentException(why);
        pending.values().forEach(reply -> reply.completeExceptionally(failure));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser may already be gone; abort below frees the connection either way
        }
        socket.abort();
        failAll("the connection to Chromium is closed");
    }

    /** Reassembles text messages (large ones arrive in parts) and hands them to the client. */
    private static final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile Cdp cdp;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Cdp client = cdp;
                if (client != null) {
                    client.receive(text);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            Cdp client = cdp;
            if (client != null) {
                client.failAll("Chromium closed the DevTools connection (" + statusCode + ")");
            }
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            Cdp client = cdp;
            if (client != null) {
                client.failAll("the DevTools connection to Chromium failed: " + error);
            }
        }
    }
}
