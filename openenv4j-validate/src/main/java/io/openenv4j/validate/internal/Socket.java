package io.openenv4j.validate.internal;

import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A raw {@code /ws} connection that sends exactly the bytes a check wants (including malformed frames)
 * and reads replies one at a time. Not thread-safe: one check drives one socket.
 */
final class Socket implements AutoCloseable {

    /** What arrived: a text frame, the server's close, or a failure. */
    sealed interface Frame {
        record Text(String text) implements Frame {
            JsonNode json() {
                return WireJson.parse(text);
            }

            String type() {
                try {
                    return json().path("type").asString("");
                } catch (RuntimeException e) {
                    return "";
                }
            }

            JsonNode data() {
                return json().path("data");
            }
        }

        record Closed(int code, String reason) implements Frame {}

        record Failed(String message) implements Frame {}

        record Timeout() implements Frame {}
    }

    private final LinkedBlockingQueue<Frame> inbox;
    private final WebSocket socket;
    private final Replies replies;

    /** The server's close, once it came: a closed socket answers every later wait at once. */
    private final java.util.concurrent.atomic.AtomicReference<Frame.Closed> ended;

    private Socket(
            WebSocket socket,
            LinkedBlockingQueue<Frame> inbox,
            Replies replies,
            java.util.concurrent.atomic.AtomicReference<Frame.Closed> ended) {
        this.socket = socket;
        this.inbox = inbox;
        this.replies = replies;
        this.ended = ended;
    }

    static Socket open(HttpClient http, String baseUrl, Replies replies) {
        String ws = baseUrl.replaceFirst("^http", "ws").replaceAll("/+$", "") + "/ws";
        var inbox = new LinkedBlockingQueue<Frame>();
        var ended = new java.util.concurrent.atomic.AtomicReference<Frame.Closed>();
        var listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    inbox.add(new Frame.Text(partial.toString()));
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                Frame.Closed closed = new Frame.Closed(statusCode, reason);
                inbox.add(closed);
                ended.set(closed);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                inbox.add(new Frame.Failed(String.valueOf(error)));
            }
        };
        long timeout = Math.min(10_000, replies.timeout().toMillis());
        WebSocket connected;
        try {
            connected = http.newWebSocketBuilder()
                    .connectTimeout(Duration.ofMillis(timeout))
                    .buildAsync(URI.create(ws), listener)
                    .orTimeout(timeout + 1000, TimeUnit.MILLISECONDS)
                    .join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.util.concurrent.TimeoutException
                    || e.getCause() instanceof java.net.http.HttpTimeoutException) {
                replies.unanswered("WS handshake " + ws + ": no reply within " + timeout + " ms");
            }
            throw e;
        }
        return new Socket(connected, inbox, replies, ended);
    }

    /** Sends a text frame and returns the next frame (reply, close or timeout). */
    Frame send(String text) {
        long start = System.nanoTime();
        try {
            socket.sendText(text, true).join();
        } catch (RuntimeException e) {
            return afterFailedSend(e);
        }
        return awaitReply("WS " + text, start);
    }

    Frame sendBinary(byte[] bytes) {
        long start = System.nanoTime();
        try {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        } catch (RuntimeException e) {
            return afterFailedSend(e);
        }
        return awaitReply("WS binary frame", start);
    }

    /**
     * What to report when a frame could not go out: a server that answers and then closes (a factory that fails at
     * connect, an idle reaper) makes the send fail, but what it sent before closing is the answer, so the frames it
     * sent are read first; only when it sent none is the failure itself the answer.
     */
    private Frame afterFailedSend(RuntimeException failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        Frame frame = next(Duration.ofMillis(Math.min(2_000, replies.timeout().toMillis())));
        return frame instanceof Frame.Timeout ? new Frame.Failed("send failed: " + cause) : frame;
    }

    private Frame awaitReply(String what, long start) {
        Frame frame = next(replies.timeout());
        if (frame instanceof Frame.Timeout) {
            replies.unanswered(what + ": no reply within " + replies.timeout().toMillis() + " ms");
        } else {
            replies.answered(what, System.nanoTime() - start);
        }
        return frame;
    }

    /** Whether the server's close has arrived (frames it sent before may still wait to be read). */
    boolean closedByServer() {
        return ended.get() != null;
    }

    /** Sends without waiting for a reply. */
    void post(String text) {
        socket.sendText(text, true).join();
    }

    Frame next(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Frame frame = inbox.poll(Math.max(0, Math.min(left, 50_000_000L)), TimeUnit.NANOSECONDS);
                if (frame != null) {
                    return frame;
                }
                if (ended.get() != null) {
                    return ended.get(); // nothing more will come on a closed socket
                }
                if (left <= 0) {
                    return new Frame.Timeout();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Frame.Failed("interrupted");
        }
    }

    Frame reset(long seed, String episodeId) {
        ObjectNode data = WireJson.object().put("seed", seed);
        if (episodeId != null) {
            data.put("episode_id", episodeId);
        }
        return send(WireJson.write(WireJson.object().put("type", "reset").set("data", data)));
    }

    Frame step(JsonNode action) {
        return send(WireJson.write(WireJson.object().put("type", "step").set("data", action)));
    }

    Frame state() {
        return send("{\"type\":\"state\"}");
    }

    /** Whether the session still answers: a state request gets a state frame. */
    boolean alive() {
        return state() instanceof Frame.Text text && text.type().equals("state");
    }

    /**
     * Closes as a client should: sends its close and waits (at most 2 s) for the server's, so that a server of few
     * sessions has released this one before the next check connects.
     */
    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "")
                    .orTimeout(2, TimeUnit.SECONDS)
                    .join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (ended.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (RuntimeException e) {
            // already closed by the server
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.abort();
    }

    static String describe(Frame frame) {
        return switch (frame) {
            case Frame.Text text -> abbreviate(text.text());
            case Frame.Closed closed ->
                "closed " + closed.code() + (closed.reason().isEmpty() ? "" : " " + closed.reason());
            case Frame.Failed failed -> "failed: " + failed.message();
            case Frame.Timeout timeout -> "no reply";
        };
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
