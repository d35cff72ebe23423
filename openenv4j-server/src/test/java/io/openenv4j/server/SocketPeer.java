package io.openenv4j.server;

import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A raw WebSocket client for tests (the JDK's): sends text or binary frames and pings, and observes
 * replies, pongs and the close code. Replies are queued in arrival order; every wait has a deadline.
 */
final class SocketPeer implements AutoCloseable {

    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
    /** Reported as the close code when the connection ended without a close frame. */
    static final int ABNORMAL = 1006;

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile String closeReason = "";

    private SocketPeer(URI uri) throws Exception {
        // Generous: a handshake on a machine at load 40 can take seconds; a healthy one never waits this long.
        socket = CLIENT.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, new Listener())
                .get(30, TimeUnit.SECONDS);
    }

    /** Connects to a WebSocket URL ({@code ws://host:port/path}). */
    static SocketPeer open(String url) throws Exception {
        return new SocketPeer(URI.create(url));
    }

    /** The close frame's reason, once closed ({@code ""} without one). */
    String closeReason() {
        return closeReason;
    }

    /** Connects to {@code path} ({@code /ws} or {@code /mcp}) of a running server. */
    static SocketPeer open(EnvServer server, String path) throws Exception {
        return new SocketPeer(URI.create(server.baseUrl().replace("http://", "ws://") + path));
    }

    /** Sends a text frame and returns the next reply. */
    JsonNode call(String frame) throws Exception {
        send(frame);
        return next();
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next reply; fails if none arrives in time. */
    JsonNode next() throws Exception {
        return next(REPLY_TIMEOUT);
    }

    JsonNode next(Duration within) throws Exception {
        String text = texts.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) {
            throw new AssertionError("no reply within " + within
                    + (closeCode.isDone() ? " (socket closed with " + closeCode.getNow(0) + ")" : ""));
        }
        return WireJson.parse(text);
    }

    /** The next reply if one arrives within {@code within}, else {@code null}. */
    String poll(Duration within) throws InterruptedException {
        return texts.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the connection to end and returns the close code ({@link #ABNORMAL} without a close frame). */
    int awaitClose() throws Exception {
        return awaitClose(REPLY_TIMEOUT);
    }

    int awaitClose(Duration within) throws Exception {
        return closeCode.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isClosed() {
        return closeCode.isDone();
    }

    /** Sends a ping and returns how long the pong took. */
    Duration ping(Duration within) throws Exception {
        pongs.clear();
        long start = System.nanoTime();
        socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).join();
        Long at = pongs.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (at == null) {
            throw new AssertionError("no pong within " + within);
        }
        return Duration.ofNanos(at - start);
    }

    /** Drops the TCP connection without a close handshake. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(System.nanoTime());
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(ABNORMAL);
        }
    }
}
