package io.openenv4j.server.internal;

import io.openenv4j.core.Concurrency;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.server.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server behind {@link io.openenv4j.server.EnvServer}: Vert.x, routes, sessions. */
public final class ServerCore<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCore.class);

    private final EnvSpec<A, O, S> spec;
    private final ServerConfig config;
    private final SessionPool<A, O, S> pool;
    private final SessionEngine<A, O, S> engine;
    private final SocketSessions<A, O, S> sockets;
    private final BatchSockets<A, O, S> batches;
    private final HttpRoutes<A, O, S> routes;
    private final io.openenv4j.server.Observability observability;
    private final Scoring<A, O, S> scoring;
    private Telemetry telemetry;
    private Vertx vertx;
    private HttpServer server;

    public ServerCore(EnvSpec<A, O, S> spec, ServerConfig config) {
        this(spec, config, io.openenv4j.server.Observability.defaults());
    }

    public ServerCore(EnvSpec<A, O, S> spec, ServerConfig config, io.openenv4j.server.Observability observability) {
        if (config.maxSessions() > 1 && spec.concurrency() == Concurrency.SINGLE_SESSION) {
            throw new IllegalArgumentException("environment '" + spec.metadata().name()
                    + "' declares SINGLE_SESSION, so it cannot serve " + config.maxSessions()
                    + " concurrent sessions: set max sessions to 1");
        }
        this.spec = spec;
        this.config = config;
        this.pool =
                new SessionPool<>(spec, config.maxSessions(), config.limits().maxHeapUse());
        var scoring = new Scoring<>(spec, config);
        this.scoring = scoring;
        this.engine = new SessionEngine<>(spec, pool, scoring, config.limits().stepTimeout());
        // MCP serving (openenv4j-mcp) over the engine's sessions; its transports are the socket and HTTP ones.
        var mcpHost = new EngineMcpHost<>(engine);
        var mcp = new io.openenv4j.mcp.server.McpServer(
                mcpHost, spec, config.mcp().toolCallTimeout(), config.mcp().toolsPageSize());
        this.observability = java.util.Objects.requireNonNull(observability, "observability");
        var errors = new ErrorTally();
        // The transports: each decodes, calls the engine and encodes.
        this.sockets =
                new SocketSessions<>(engine, mcp, mcpHost, scoring, config.maxMessageBytes(), config.limits(), errors);
        this.batches = new BatchSockets<>(engine, scoring);
        this.routes = new HttpRoutes<>(
                spec,
                config,
                mcp,
                new McpStreamableHttp(mcp, config.mcp()),
                scoring,
                engine,
                config.webEnabled() ? new WebPage(spec, config, pool, errors) : null);
    }

    /** Binds and starts serving; returns the bound port. */
    public int start() throws Exception {
        telemetry = new Telemetry(spec.metadata().name(), observability, pool);
        scoring.telemetry = telemetry;
        Telemetry observed = telemetry;
        // Native epoll when Netty can load it (-Dio.netty.transport.noNative=true turns it off): fewer
        // syscalls and allocations per message than the JDK selector (docs/performance.md).
        vertx = Vertx.vertx(new VertxOptions()
                .setPreferNativeTransport(true)
                .setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors())));
        var options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setMaxWebSocketFrameSize(config.maxMessageBytes())
                .setMaxWebSocketMessageSize(config.maxMessageBytes())
                // No WebSocket compression: Netty inflates a compressed message in full, on the event loop,
                // before any size limit applies, so a 98 KB frame could stall every session for seconds and
                // take a gigabyte (docs/security.md). Clients offering permessage-deflate get plain frames.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setTcpNoDelay(true)
                // HTTP/1.1 only: with cleartext HTTP/2 on, Vert.x waits for a connection's first bytes before
                // it reports the connection, so idle connections would escape the header timeout and the
                // per-address limit (ConnectionGuard).
                .setHttp2ClearTextEnabled(false)
                // curl sends "Expect: 100-continue" for bodies above 1 KiB and would otherwise stall for 1 s.
                .setHandle100ContinueAutomatically(true)
                .setReuseAddress(true);
        var guard = new ConnectionGuard(vertx, config.limits(), config.maxSessions());
        var access = new AccessCheck(config.access().token());
        if (config.access().tls()) {
            // Netty's own TLS engine; the files are read (and checked) when the server starts listening.
            options.setSsl(true)
                    .setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
                            .setCertPath(config.access().tlsCert().toString())
                            .setKeyPath(config.access().tlsKey().toString()));
        }
        server = vertx.createHttpServer(options)
                // Before Netty's decoder reads a head: folded lines and Content-Length with Transfer-Encoding get 400.
                .connectionHandler(connection -> {
                    RequestHeadCheck.install(connection);
                    guard.opened(connection);
                })
                .webSocketHandshakeHandler(handshake -> {
                    guard.upgradeArrived(handshake.remoteAddress());
                    if (!access.allows(handshake.headers().get("authorization"))) {
                        LOG.debug("refused a WebSocket on {} without a valid access token", handshake.path());
                        handshake.reject(401);
                        return;
                    }
                    if (!config.mcp().allowsOrigin(handshake.headers().get("origin"))) {
                        // Browsers let any page open a WebSocket to any host; only listed origins may.
                        LOG.debug(
                                "refused a WebSocket on {} from origin {}",
                                handshake.path(),
                                handshake.headers().get("origin"));
                        handshake.reject(403);
                        return;
                    }
                    if (handshake.path().equals("/ws")
                            || handshake.path().equals("/mcp")
                            || handshake.path().equals("/ws/batch")) {
                        handshake.accept();
                    } else {
                        handshake.reject(404);
                    }
                })
                .webSocketHandler(ws -> {
                    if (ws.path().equals("/ws/batch")) {
                        batches.accept(ws);
                    } else {
                        sockets.accept(ws, ws.path().equals("/mcp"));
                    }
                })
                .requestHandler(request -> {
                    guard.requestArrived(request);
                    // /metrics is behind the access token like every route: without it the routes answer 401.
                    if (!access.allows(request.getHeader("authorization")) || !observed.handle(request)) {
                        routes.handle(request);
                    }
                });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            vertx.close();
            telemetry.close();
            throw new java.io.IOException(
                    "cannot listen on " + config.host() + ":" + config.port() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        if (config.idleTimeout() != null) {
            long idleNanos = config.idleTimeout().toNanos();
            long every = Math.max(50, Math.min(5_000, config.idleTimeout().toMillis() / 4));
            vertx.setPeriodic(every, id -> {
                sockets.reapIdle(idleNanos);
                batches.reapIdle(idleNanos);
            });
        }
        LOG.info(
                "serving '{}' on http://{}:{} ({} mode, up to {} sessions)",
                spec.metadata().name(),
                config.host(),
                server.actualPort(),
                config.mode().wireName(),
                config.maxSessions());
        if (config.rewards() != null) {
            LOG.info(
                    "rewards come from the provider at {} ({}, rubric {}, timeout {} ms)",
                    config.rewards().url(),
                    config.rewards().timing().wireName(),
                    config.rewards().rubric() == null ? "any" : config.rewards().rubric(),
                    config.rewards().timeout().toMillis());
        }
        if (access.required()) {
            LOG.info("every request needs the access token{}", config.access().tls() ? "; TLS on" : "");
        } else if (!isLoopback(config.host())) {
            LOG.warn(
                    "listening on {} without an access token: anyone who can reach this address can use the server"
                            + " (set OPENENV_AUTH_TOKEN_FILE or bind 127.0.0.1; docs/security.md)",
                    config.host());
        }
        if (config.webEnabled()) {
            LOG.info("web page for people on http://{}:{}/web", config.host(), server.actualPort());
        }
        if (config.trainer() != null) {
            LOG.info(
                    "trainer channel on /trainer/episodes (bearer token required, {} episodes kept)",
                    config.trainer().episodes());
        }
        return server.actualPort();
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public int activeSessions() {
        return pool.active();
    }

    /** Refuses new sessions from now on and waits up to {@code wait} for the open ones to end. */
    public boolean drain(java.time.Duration wait) throws InterruptedException {
        pool.drain();
        long deadline = System.nanoTime() + wait.toNanos();
        while (pool.active() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
        }
        return true;
    }

    /** Stops accepting, closes every session (sockets get 1001), waits for environments to close. */
    public void stop() {
        if (vertx == null) {
            return;
        }
        long grace = config.shutdownGrace().toMillis();
        // Before the listener closes: closing it closes open sockets itself, with 1000 rather than 1001.
        batches.stopping();
        sockets.closeAll();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(grace, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("closing the listener failed", e);
        }
        engine.closeAll(grace);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(grace, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("stopping Vert.x failed", e);
        }
        vertx = null;
        telemetry.close();
        LOG.info("stopped serving '{}'", spec.metadata().name());
    }
}
