package io.openenv4j.client;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A scripted peer over loopback (port 0): a Vert.x server that accepts WebSockets on any path ending in
 * {@code /ws} unless it contains {@code reject} (others get 404) and answers HTTP requests with a handler. It records every text frame and
 * handshake path, and counts sockets closed.
 */
final class FakeServer implements AutoCloseable {

    /** What the server does with one WebSocket. */
    interface Script {
        /** Called for every text message (after it was recorded). */
        void onText(ServerWebSocket ws, String text);

        /** Called once the socket is accepted. */
        default void onOpen(ServerWebSocket ws) {}
    }

    final List<String> received = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    final CountDownLatch socketClosed = new CountDownLatch(1);
    private final Vertx vertx;
    private final HttpServer server;

    private FakeServer(Script script, Handler<HttpServerRequest> http) throws Exception {
        vertx = Vertx.vertx();
        var options = new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(0)
                .setMaxWebSocketFrameSize(64 * 1024 * 1024)
                .setMaxWebSocketMessageSize(64 * 1024 * 1024);
        server = vertx.createHttpServer(options)
                .webSocketHandshakeHandler(handshake -> {
                    paths.add(handshake.path());
                    if (handshake.path().endsWith("/ws") && !handshake.path().contains("reject")) {
                        handshake.accept();
                    } else {
                        handshake.reject(404);
                    }
                })
                .webSocketHandler(ws -> {
                    ws.closeHandler(ignored -> socketClosed.countDown());
                    ws.textMessageHandler(text -> {
                        received.add(text);
                        script.onText(ws, text);
                    });
                    script.onOpen(ws);
                })
                .requestHandler(http);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A WebSocket server running {@code script}. */
    static FakeServer start(Script script) throws Exception {
        return new FakeServer(
                script, request -> request.response().setStatusCode(404).end());
    }

    /** A WebSocket server that answers each text message with {@code reply.apply(text)}, or nothing for null. */
    static FakeServer replying(Function<String, String> reply) throws Exception {
        return start((ws, text) -> {
            String answer = reply.apply(text);
            if (answer != null) {
                ws.writeTextMessage(answer);
            }
        });
    }

    /** A WebSocket server that runs {@code onOpen} for each socket and ignores what it receives. */
    static FakeServer onOpen(Consumer<ServerWebSocket> onOpen) throws Exception {
        return start(new Script() {
            @Override
            public void onText(ServerWebSocket ws, String text) {}

            @Override
            public void onOpen(ServerWebSocket ws) {
                onOpen.accept(ws);
            }
        });
    }

    /** An HTTP server. */
    static FakeServer http(Handler<HttpServerRequest> handler) throws Exception {
        return new FakeServer((ws, text) -> {}, handler);
    }

    int port() {
        return server.actualPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    boolean awaitSocketClosed() throws InterruptedException {
        return socketClosed.await(5, TimeUnit.SECONDS);
    }

    /** An observation frame. */
    static String observation(String observation, String reward, boolean done) {
        return "{\"type\":\"observation\",\"data\":{\"observation\":" + observation + ",\"reward\":" + reward
                + ",\"done\":" + done + "}}";
    }

    static String error(String code, String message, String extras) {
        return "{\"type\":\"error\",\"data\":{\"message\":\"" + message + "\",\"code\":\"" + code + "\""
                + (extras.isEmpty() ? "" : "," + extras) + "}}";
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
