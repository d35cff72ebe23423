package io.openenv4j.bench;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayDeque;

/**
 * One WebSocket session of the load generator. Requests may be pipelined: replies come in order, so each
 * is matched to the oldest pending request and checked. Confined to the driver's event loop.
 */
final class WsLink {

    /** Called once per request with null on success or what went wrong. */
    @FunctionalInterface
    interface Reply {
        void done(String error);
    }

    /** Checks a reply; null when it is right. */
    @FunctionalInterface
    interface Check {
        String check(String text);
    }

    private record Pending(Check check, Reply reply) {}

    final WebSocket ws;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private String closedWhy;
    /** The next step number this session's episode will report. */
    long nextStep = 1;

    private WsLink(WebSocket ws) {
        this.ws = ws;
        ws.textMessageHandler(text -> {
            Pending first = pending.poll();
            if (first != null) {
                first.reply.done(first.check.check(text));
            }
        });
        ws.binaryMessageHandler(buffer -> {
            Pending first = pending.poll();
            if (first != null) {
                first.reply.done("a binary frame");
            }
        });
        ws.closeHandler(ignored -> failAll("closed by the server (" + ws.closeStatusCode() + ")"));
        ws.exceptionHandler(error -> failAll(String.valueOf(error)));
    }

    static Future<WsLink> open(WebSocketClient client, int port, String uri) {
        return client.connect(new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI(uri))
                .map(WsLink::new);
    }

    int pending() {
        return pending.size();
    }

    void send(String frame, Check check, Reply reply) {
        if (closedWhy != null) {
            reply.done(closedWhy);
            return;
        }
        pending.add(new Pending(check, reply));
        ws.writeTextMessage(frame);
    }

    /** Sends {@code {"type":"close"}} and closes the socket; the future ends when the socket is closed. */
    Future<Void> close() {
        if (closedWhy == null) {
            ws.writeTextMessage(Expect.CLOSE_FRAME);
        }
        closedWhy = "closed by the bench";
        return ws.close();
    }

    private void failAll(String why) {
        if (closedWhy == null) {
            closedWhy = why;
        }
        Pending next;
        while ((next = pending.poll()) != null) {
            next.reply.done(why);
        }
    }
}
