package io.openenv4j.server.internal;

import io.openenv4j.server.ServerLimits;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow, idle and greedy clients from locking others out: a connection must send each request head
 * within the header timeout (from when it opened or its previous response ended), and one address may hold
 * only so many connections. Connection events arrive on the connection's event loop.
 */
final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final Vertx vertx;
    private final long headerTimeoutMillis;
    private final int perAddress;
    private final Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    /** Header timers by the connection's remote address and port. */
    private final Map<String, Long> headerTimers = new ConcurrentHashMap<>();

    ConnectionGuard(Vertx vertx, ServerLimits limits, int maxSessions) {
        this.vertx = vertx;
        this.headerTimeoutMillis = limits.headerTimeout().toMillis();
        this.perAddress = limits.connectionsPerAddress(maxSessions);
    }

    /** A new connection: counted against its address (closed when over the limit), its header clock started. */
    void opened(HttpConnection connection) {
        String address = connection.remoteAddress() == null
                ? "?"
                : connection.remoteAddress().hostAddress();
        AtomicInteger count = byAddress.computeIfAbsent(address, ignored -> new AtomicInteger());
        int now = count.incrementAndGet();
        Runnable closed = () -> {
            cancel(connection);
            if (count.decrementAndGet() == 0) {
                byAddress.remove(address, count);
            }
        };
        if (connection instanceof io.vertx.core.net.impl.ConnectionBase base) {
            // The channel's own close: an HttpConnection's closeHandler is not called once the connection has
            // been upgraded to a WebSocket, which would leave every closed session counted against its address.
            base.channel().closeFuture().addListener(ignored -> closed.run());
        } else {
            connection.closeHandler(ignored -> closed.run());
        }
        if (perAddress > 0 && now > perAddress) {
            LOG.info(
                    "closing a connection from {}: more than {} open connections from that address",
                    address,
                    perAddress);
            connection.close();
            return;
        }
        startHeaderClock(connection);
    }

    /** A request head arrived: the header clock stops, and starts again once the response has ended. */
    void requestArrived(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        cancel(connection);
        request.response().endHandler(ignored -> startHeaderClock(connection));
    }

    /** A WebSocket handshake arrived: the connection is no longer subject to the header clock. */
    void upgradeArrived(io.vertx.core.net.SocketAddress remote) {
        cancel(String.valueOf(remote));
    }

    /** Connections currently open from {@code address}; for tests and metrics. */
    int openFrom(String address) {
        AtomicInteger count = byAddress.get(address);
        return count == null ? 0 : count.get();
    }

    private void startHeaderClock(HttpConnection connection) {
        String key = String.valueOf(connection.remoteAddress());
        long timer = vertx.setTimer(headerTimeoutMillis, ignored -> {
            if (headerTimers.remove(key) != null) {
                LOG.debug(
                        "closing a connection from {}: no request head within {} ms",
                        connection.remoteAddress(),
                        headerTimeoutMillis);
                connection.close();
            }
        });
        Long previous = headerTimers.put(key, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    private void cancel(HttpConnection connection) {
        cancel(String.valueOf(connection.remoteAddress()));
    }

    private void cancel(String key) {
        Long timer = headerTimers.remove(key);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
