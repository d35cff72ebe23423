package io.openenv4j.server.placement;

import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.wire.ServerMessage;
import io.openenv4j.wire.WireError;
import io.openenv4j.wire.WireJson;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One endpoint in front of several replicas of an environment server (docs/scale-out.md). Unmodified clients
 * use it as one server:
 *
 * <ul>
 *   <li>a new session ({@code /ws}, {@code /mcp} over WebSocket, {@code openenv/session/create}, the spec MCP
 *       {@code initialize}) goes to the replica with the most free slots, as the replicas report them on {@code
 *       GET /capacity} and as the router counts its own placements between reports; when no replica has room the
 *       client gets {@code CAPACITY_REACHED} exactly as from one full server;
 *   <li>what names a session ({@code /ws?session_id=}, {@code params.session_id} on {@code /mcp}, the {@code
 *       Mcp-Session-Id} header) goes to the replica that owns it;
 *   <li>a replica that drains ({@code /capacity} says so) gets no new sessions, its open ones run on;
 *   <li>a replica that dies ends the sockets relayed to it with close code 1011 and a reason naming it, and its
 *       sessions are forgotten; a request for one of them is answered by another replica ("Unknown session_id").
 * </ul>
 *
 * Each relayed WebSocket costs the router two sockets, so one router holds at most about half its open-files
 * limit in sessions; run several routers behind DNS or a TCP balancer beyond that.
 */
public final class PlacementRouter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlacementRouter.class);
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length");
    private static final String MCP_SESSION_HEADER = "mcp-session-id";
    private static final short GOING_AWAY_ERROR = 1011;

    private final PlacementConfig config;
    private final CopyOnWriteArrayList<Replica> replicas = new CopyOnWriteArrayList<>();
    /** Which replica owns a session id (MCP HTTP sessions, spec MCP sessions), expiring with the replicas' idle timeout. */
    private final SessionOwners owners;

    private Vertx vertx;
    private HttpServer server;
    private HttpClient http;
    private WebSocketClient sockets;
    private long pollTimer = -1;
    private long sweepTimer = -1;
    private boolean reusePort;
    private int port = -1;

    public PlacementRouter(PlacementConfig config) {
        this.config = config;
        this.owners = new SessionOwners(config.pollInterval().toNanos());
        setReplicas(config.replicas());
    }

    /**
     * Replaces the set of replicas (from a static list, a provider, or Kubernetes endpoints). Replicas kept keep
     * their state; a removed replica gets no new sessions, and the sockets already relayed to it run on.
     */
    public synchronized void setReplicas(Collection<URI> uris) {
        var byUri = new LinkedHashMap<URI, Replica>();
        for (Replica replica : replicas) {
            byUri.put(replica.uri, replica);
        }
        var next = new ArrayList<Replica>();
        for (URI uri : uris) {
            URI normal = normalise(uri);
            Replica known = byUri.get(normal);
            next.add(known != null ? known : new Replica(normal));
        }
        replicas.clear();
        replicas.addAll(next);
        if (vertx != null) {
            next.forEach(this::poll);
        }
    }

    private static URI normalise(URI uri) {
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** The replicas now routed to, in order. */
    public List<URI> replicas() {
        return replicas.stream().map(r -> r.uri).toList();
    }

    /** Free slots across the replicas that are up and not draining, as the router counts them now. */
    public int freeSessions() {
        return replicas.stream().mapToInt(Replica::free).sum();
    }

    /**
     * Binds with {@code SO_REUSEPORT} (call before {@link #start()}): several routers, in several processes, then
     * serve one port and the kernel spreads new connections among them. Linux with the native epoll transport
     * only; {@link #start()} fails with a clear error where it is not available. Each router holds two sockets
     * per relayed session, so this is how one endpoint holds more sessions than one process's open-files limit.
     */
    public PlacementRouter reusePort(boolean on) {
        this.reusePort = on;
        return this;
    }

    /** Binds, polls every replica once, and starts serving. */
    public PlacementRouter start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions()
                .setPreferNativeTransport(true)
                .setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors())));
        http = vertx.createHttpClient(
                new HttpClientOptions()
                        .setTcpNoDelay(true)
                        .setKeepAlive(true)
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        .setTrustAll(config.trustAll())
                        .setVerifyHost(!config.trustAll()),
                new PoolOptions().setHttp1MaxSize(64));
        sockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setTcpNoDelay(true)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxFrameSize(config.maxMessageBytes())
                .setMaxMessageSize(config.maxMessageBytes())
                .setTrustAll(config.trustAll())
                .setVerifyHost(!config.trustAll())
                .setMaxConnections(Integer.MAX_VALUE));
        var options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setMaxWebSocketFrameSize(config.maxMessageBytes())
                .setMaxWebSocketMessageSize(config.maxMessageBytes())
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setTcpNoDelay(true)
                .setHttp2ClearTextEnabled(false)
                .setHandle100ContinueAutomatically(true)
                .setReuseAddress(true)
                .setReusePort(reusePort);
        if (reusePort && !vertx.isNativeTransportEnabled()) {
            vertx.close();
            throw new java.io.IOException(
                    "--reuse-port needs the native epoll transport (Linux), which is not available: "
                            + vertx.unavailableNativeTransportCause());
        }
        server = vertx.createHttpServer(options)
                .webSocketHandshakeHandler(this::handshake)
                // The relay is set up when the handshake is accepted (handshake()); nothing to do here.
                .webSocketHandler(ws -> {})
                .requestHandler(this::request);
        var polls = replicas.stream().map(this::poll).toList();
        try {
            Future.join(polls)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(config.connectTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("not every replica answered the first poll: {}", e.getMessage());
        }
        try {
            port = server.listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS)
                    .actualPort();
        } catch (ExecutionException e) {
            vertx.close();
            throw new java.io.IOException(
                    "cannot listen on " + config.host() + ":" + config.port() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), ignored -> replicas.forEach(this::poll));
        sweepTimer = vertx.setPeriodic(
                Math.max(250, Math.min(5_000, config.pollInterval().toMillis() * 4)), ignored -> sweepOwners());
        LOG.info("placing sessions on {} replicas at http://{}:{}", replicas.size(), config.host(), port);
        return this;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port;
    }

    @Override
    public void close() {
        if (vertx == null) {
            return;
        }
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(sweepTimer);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("stopping the router failed", e);
        }
        vertx = null;
    }

    // ---- capacity reports

    private Future<Void> poll(Replica replica) {
        long confirmedAtAsk = replica.confirmedTotal.get();
        var options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(replica.host)
                .setPort(replica.port)
                .setSsl(replica.tls)
                .setURI("/capacity")
                .setTimeout(config.connectTimeout().toMillis());
        if (config.token() != null) {
            options.putHeader("authorization", "Bearer " + config.token());
        }
        return http.request(options)
                .compose(req -> req.send())
                .compose(resp -> resp.body().map(body -> {
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException("GET /capacity answered " + resp.statusCode());
                    }
                    return WireJson.parse(body.toString());
                }))
                .onSuccess(report -> {
                    boolean draining = report.path("draining").asBoolean(false);
                    if (draining && !replica.draining) {
                        LOG.info("replica {} drains: no new sessions go there", replica);
                    }
                    replica.report(
                            report.path("max_sessions").asInt(0),
                            report.path("active_sessions").asInt(0),
                            draining,
                            confirmedAtAsk);
                    JsonNode idle = report.path("idle_timeout_s");
                    replica.idleNanos = idle.isNumber() && idle.asDouble() > 0 ? (long) (idle.asDouble() * 1e9) : 0;
                    if (!replica.up) {
                        LOG.info(
                                "replica {} is up ({} sessions, {} held)",
                                replica,
                                replica.max,
                                replica.reportedActive);
                    }
                    replica.up = true;
                })
                .onFailure(e -> {
                    if (replica.up && e instanceof java.util.concurrent.TimeoutException) {
                        // Slow, not gone: an overloaded replica answers late. Keep placing on its last report; a
                        // replica
                        // that is gone refuses the connection (or a relayed socket fails), and that marks it down.
                        LOG.debug(
                                "replica {} answered no capacity report within the timeout; keeping its last one",
                                replica);
                        return;
                    }
                    down(replica, e.getMessage());
                })
                .mapEmpty();
    }

    /** Fresh reports from every replica (whatever each answers). */
    private Future<?> refresh() {
        return Future.join(replicas.stream().map(this::poll).toList());
    }

    private void down(Replica replica, String why) {
        if (replica.up) {
            LOG.warn("replica {} is down: {}", replica, why);
        }
        replica.up = false;
        owners.forget(replica);
    }

    /** How many MCP sessions the router knows the owner of now (they expire with the replicas' idle timeout). */
    public int knownSessions() {
        return owners.size();
    }

    /** Whether the router knows which replica owns the MCP session {@code id}. */
    public boolean knowsSession(String id) {
        return owners.knows(id);
    }

    /**
     * Drops owners whose session the replica has closed for idleness by now; beyond twice the sessions the
     * replicas allow in all (at least 4096), the least recently used: a live session holds a slot, so more
     * entries than slots are stale.
     */
    private void sweepOwners() {
        long slots = replicas.stream().mapToLong(r -> r.max).sum();
        int cap = (int) Math.min(Integer.MAX_VALUE, Math.max(4096, 2 * slots));
        int dropped = owners.sweep(System.nanoTime(), cap);
        if (dropped > 0) {
            LOG.debug("forgot {} MCP session owners (idle past their replica's timeout, or over {})", dropped, cap);
        }
    }

    /**
     * Chooses the replica with the most free slots and counts the new session there, in one step, so that two
     * event loops placing at once cannot both take a replica's last slot; {@code null} when none has room.
     */
    private synchronized Replica place() {
        Replica best = mostFree();
        if (best != null) {
            placed(best);
        }
        return best;
    }

    /**
     * After fresh reports: the most free replica, else the one with the most room by its report alone (a report
     * asked for during a burst may count a session twice, once in the report and once as placed since), so no
     * client is refused while a replica reports room; {@code null} when none does.
     */
    private synchronized Replica placeAfterRefresh() {
        Replica best = mostFree();
        if (best == null) {
            best = most(Replica::freeByReport);
        }
        if (best != null) {
            placed(best);
        }
        return best;
    }

    /** The replica with the most free slots, or {@code null} when none has room. */
    private Replica mostFree() {
        return most(Replica::free);
    }

    /** The replica for which {@code free} says most, or {@code null} when it says 0 for all. */
    private Replica most(java.util.function.ToIntFunction<Replica> free) {
        Replica best = null;
        int bestFree = 0;
        for (Replica replica : replicas) {
            int room = free.applyAsInt(replica);
            if (room > bestFree) {
                best = replica;
                bestFree = room;
            }
        }
        return best;
    }

    /** For calls that need no session slot held after they end: the most free replica, else any that is up. */
    private Replica anyUp() {
        Replica best = mostFree();
        if (best != null) {
            return best;
        }
        for (Replica replica : replicas) {
            if (replica.up) {
                return replica;
            }
        }
        return null;
    }

    private int totalMax() {
        return replicas.stream().filter(r -> r.up).mapToInt(r -> r.max).sum();
    }

    private int totalHeld() {
        return replicas.stream()
                .filter(r -> r.up)
                .mapToInt(r -> r.max - r.free())
                .sum();
    }

    private static void placed(Replica replica) {
        replica.pending.incrementAndGet();
    }

    /**
     * A placed session is open on the replica (its socket is connected, or its reply has come): from now on a
     * report asked for counts it, so it moves from pending to the sessions placed since the last report.
     */
    private static void confirmed(Replica replica) {
        replica.confirmedTotal.incrementAndGet();
        replica.pending.decrementAndGet();
    }

    /** A placement that opened no session there after all (the connection failed, the replica refused). */
    private static void released(Replica replica) {
        replica.pending.decrementAndGet();
    }

    // ---- WebSocket relay

    private void handshake(ServerWebSocketHandshake handshake) {
        String path = handshake.path();
        String wanted = path.equals("/ws") ? queryParam(handshake.query(), "session_id") : null;
        Replica target;
        boolean newSession = wanted == null;
        if (wanted != null) {
            target = owners.use(wanted);
            if (target == null) {
                // Unknown here: let a replica answer it ("Unknown session_id") as one server would.
                target = anyUp();
            }
        } else {
            target = place();
            if (target == null && anyUp() != null) {
                // The counts between reports err on the full side: ask every replica now before refusing.
                refresh().onComplete(ignored -> {
                    Replica fresh = placeAfterRefresh();
                    if (fresh != null) {
                        connect(handshake, fresh, true, 1);
                    } else if (anyUp() != null) {
                        refuseFull(handshake, path);
                    } else {
                        handshake.reject(502);
                    }
                });
                return;
            }
        }
        if (target == null) {
            handshake.reject(502);
            return;
        }
        connect(handshake, target, newSession, 1);
    }

    private void connect(ServerWebSocketHandshake handshake, Replica target, boolean newSession, int attempt) {
        // No Origin of the router's own (Vert.x would add http://<replica>): a replica on another address than
        // loopback (a pod IP) refuses origins it does not list with 403. The client's Origin, if any, is copied below.
        var options = new WebSocketConnectOptions()
                .setHost(target.host)
                .setPort(target.port)
                .setSsl(target.tls)
                .setURI(handshake.uri())
                .setTimeout(config.connectTimeout().toMillis())
                .setAllowOriginHeader(false);
        var headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(handshake.headers(), headers, true);
        options.setHeaders(headers);
        sockets.connect(options)
                .onSuccess(backend -> {
                    // Held until the relay is set up: what the replica sends first (a refusal, then its close) must
                    // reach the client.
                    backend.pause();
                    if (newSession) {
                        confirmed(target);
                    }
                    // If the client is gone meanwhile, closing the replica's socket frees the slot there (the next
                    // report says so).
                    handshake
                            .accept()
                            .onSuccess(client -> {
                                String attachedTo = newSession ? null : queryParam(handshake.query(), "session_id");
                                // While attached the replica does not reap the session; its idle time counts from the
                                // detach.
                                Runnable detach = attachedTo != null && owners.attach(attachedTo)
                                        ? () -> owners.detach(attachedTo)
                                        : null;
                                relay(client, backend, target, detach);
                            })
                            .onFailure(e -> backend.close());
                })
                .onFailure(e -> {
                    if (newSession) {
                        released(target);
                    }
                    if (e instanceof io.vertx.core.http.UpgradeRejectedException rejected) {
                        // The replica itself refused the handshake (401, 403, 404): the client gets the same.
                        handshake.reject(rejected.getStatus());
                        return;
                    }
                    down(target, e.getMessage());
                    Replica next = newSession && attempt < 3 ? place() : null;
                    if (next != null) {
                        connect(handshake, next, true, attempt + 1);
                    } else if (newSession && anyUp() != null) {
                        refuseFull(handshake, handshake.path());
                    } else {
                        handshake.reject(502);
                    }
                });
    }

    /** Accepts and answers as one full server does: a CAPACITY_REACHED error, then close 1000. */
    private void refuseFull(ServerWebSocketHandshake handshake, String path) {
        WireError error = WireError.capacity(totalHeld(), totalMax());
        String frame = path.equals("/mcp")
                ? WireJson.write(JsonRpc.error(null, JsonRpc.SERVER_ERROR, error.message(), error.extras()))
                : new ServerMessage.Error(error).toJson();
        // The close waits for the client's first message (at most 5 s): a client that sends its reset right after
        // connecting (openenv-core 0.3.0's) would otherwise find the socket closing when it sends, and never read
        // the refusal waiting for it.
        handshake.accept().onSuccess(ws -> {
            var closed = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable close = () -> {
                if (closed.compareAndSet(false, true) && !ws.isClosed()) {
                    ws.close((short) 1000);
                }
            };
            long timer = vertx.setTimer(5_000, ignored -> close.run());
            ws.handler(ignored -> {
                vertx.cancelTimer(timer);
                close.run();
            });
            ws.writeTextMessage(frame);
        });
    }

    private void relay(ServerWebSocket client, WebSocket backend, Replica target, Runnable onClientClose) {
        pipe(client, backend);
        pipe(backend, client);
        client.closeHandler(ignored -> {
            if (onClientClose != null) {
                onClientClose.run();
            }
            if (!backend.isClosed()) {
                Short code = client.closeStatusCode();
                if (code == null || code == 1005 || code == 1006) {
                    backend.close();
                } else {
                    backend.close(code, client.closeReason());
                }
            }
        });
        // The replica's close reaches the client after every message the replica sent before it (a refusal, then
        // close 1000): the end of the paused read stream comes after its buffered messages, the close handler may not.
        var ended = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable closeClient = () -> {
            if (client.isClosed() || !ended.compareAndSet(false, true)) {
                return;
            }
            Short code = backend.closeStatusCode();
            if (code == null || code == 1005 || code == 1006) {
                // No close frame: the replica went away (killed, crashed, network gone). Say so, do not hang.
                client.close(GOING_AWAY_ERROR, "replica " + target + " went away; the session is lost");
                poll(target);
            } else {
                client.close(code, backend.closeReason());
            }
        };
        backend.endHandler(ignored -> closeClient.run());
        backend.closeHandler(ignored -> {
            Short code = backend.closeStatusCode();
            if (code == null || code == 1005 || code == 1006) {
                closeClient.run();
            }
        });
        client.exceptionHandler(e -> LOG.debug("client socket failed: {}", e.getMessage()));
        backend.exceptionHandler(e -> LOG.debug("replica socket to {} failed: {}", target, e.getMessage()));
        backend.resume();
    }

    /** Forwards messages whole, text as text and binary as binary, pausing the source while the sink is full. */
    private static void pipe(WebSocketBase from, WebSocketBase to) {
        from.textMessageHandler(text -> {
            to.writeTextMessage(text);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(ignored -> from.resume());
            }
        });
        from.binaryMessageHandler(data -> {
            to.writeBinaryMessage(data);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(ignored -> from.resume());
            }
        });
    }

    // ---- HTTP

    private void request(HttpServerRequest request) {
        if (request.path().equals("/capacity") && request.method().equals(HttpMethod.GET)) {
            // The router's own capacity: the sum over its replicas, so routers can be stacked or autoscaled on it.
            var node = WireJson.object();
            node.put("max_sessions", totalMax());
            node.put("active_sessions", totalHeld());
            node.put("free_sessions", freeSessions());
            node.put("draining", false);
            var list = node.putArray("replicas");
            for (Replica replica : replicas) {
                var item = list.addObject();
                item.put("url", replica.uri.toString());
                item.put("up", replica.up);
                item.put("draining", replica.draining);
                item.put("max_sessions", replica.max);
                item.put("free_sessions", replica.free());
            }
            request.response()
                    .putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store")
                    .end(WireJson.write(node));
            return;
        }
        var body = Buffer.buffer();
        var tooLarge = new java.util.concurrent.atomic.AtomicBoolean();
        request.handler(chunk -> {
            if (tooLarge.get()) {
                return;
            }
            if (body.length() + chunk.length() > config.maxMessageBytes()) {
                tooLarge.set(true);
                request.pause();
                detail(
                        request.response().putHeader("connection", "close"),
                        413,
                        "Request body larger than " + config.maxMessageBytes() + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (!tooLarge.get()) {
                route(request, body);
            }
        });
    }

    private void route(HttpServerRequest request, Buffer body) {
        String headerSession = request.getHeader(MCP_SESSION_HEADER);
        JsonNode rpc = request.path().equals("/mcp") && request.method().equals(HttpMethod.POST) ? parse(body) : null;
        String method = rpc == null ? null : rpc.path("method").asString(null);
        String bodySession =
                rpc == null ? null : rpc.path("params").path("session_id").asString(null);
        Replica target = null;
        boolean opensSession = false;
        if (headerSession != null) {
            target = owners.use(headerSession);
        } else if (bodySession != null) {
            target = owners.use(bodySession);
        } else if ("openenv/session/create".equals(method) || "initialize".equals(method)) {
            opensSession = true;
            target = place();
            if (target == null && anyUp() != null) {
                // The counts between reports err on the full side: ask every replica now before refusing.
                refresh().onComplete(ignored -> {
                    Replica fresh = placeAfterRefresh();
                    if (fresh != null) {
                        forward(request, body, fresh, true, method, null);
                    } else if (anyUp() != null) {
                        WireError error = WireError.capacity(totalHeld(), totalMax());
                        var reply = JsonRpc.error(rpc.get("id"), JsonRpc.SERVER_ERROR, error.message(), error.extras());
                        request.response()
                                .putHeader("content-type", "application/json")
                                .setStatusCode(200)
                                .end(WireJson.write(reply));
                    } else {
                        detail(request.response(), 502, "No replica is up behind this endpoint");
                    }
                });
                return;
            }
        }
        if (target == null) {
            target = anyUp();
        }
        if (target == null) {
            detail(request.response(), 502, "No replica is up behind this endpoint");
            return;
        }
        forward(request, body, target, opensSession, method, bodySession);
    }

    private void forward(
            HttpServerRequest request,
            Buffer body,
            Replica target,
            boolean opensSession,
            String method,
            String bodySession) {
        var options = new RequestOptions()
                .setMethod(request.method())
                .setHost(target.host)
                .setPort(target.port)
                .setSsl(target.tls)
                .setURI(request.uri())
                .setTimeout(0);
        var headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(request.headers(), headers, false);
        options.setHeaders(headers);
        HttpServerResponse out = request.response();
        http.request(options)
                .compose(req -> {
                    out.closeHandler(ignored -> req.reset());
                    return req.send(body);
                })
                .onSuccess(resp -> answer(request, resp, target, opensSession, method, bodySession))
                .onFailure(e -> {
                    if (opensSession) {
                        released(target);
                    }
                    down(target, e.getMessage());
                    if (!out.ended() && !out.headWritten()) {
                        detail(out, 502, "Replica " + target + " failed: " + e.getMessage());
                    }
                });
    }

    private void answer(
            HttpServerRequest request,
            HttpClientResponse resp,
            Replica target,
            boolean opensSession,
            String method,
            String bodySession) {
        HttpServerResponse out = request.response();
        out.setStatusCode(resp.statusCode());
        if (resp.statusMessage() != null) {
            out.setStatusMessage(resp.statusMessage());
        }
        copyHeaders(resp.headers(), out.headers(), false);
        String issued = resp.getHeader(MCP_SESSION_HEADER);
        if (issued != null) {
            owners.put(issued, target);
        }
        String named = request.getHeader(MCP_SESSION_HEADER);
        if (named != null
                && (request.method().equals(HttpMethod.DELETE) && resp.statusCode() < 300
                        || resp.statusCode() == 404)) {
            // Terminated, or the replica no longer knows it ("Session not found": expired there).
            owners.remove(named, target);
        }
        String type = resp.getHeader("content-type");
        boolean json = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
        if (method != null && json) {
            // The reference's MCP dialect names its sessions in the body: learn who owns a new one, forget a closed
            // one.
            resp.body()
                    .onSuccess(buffer -> {
                        JsonNode reply = parse(buffer);
                        String created = reply == null
                                ? null
                                : reply.path("result").path("session_id").asString(null);
                        if ("openenv/session/create".equals(method) && created != null) {
                            owners.put(created, target);
                        }
                        if (opensSession) {
                            if (issued != null || created != null) {
                                confirmed(target);
                            } else {
                                released(target);
                            }
                        }
                        if (bodySession != null
                                && reply != null
                                && ("openenv/session/close".equals(method)
                                                && reply.path("result")
                                                        .path("closed")
                                                        .asBoolean(false)
                                        || unknownSession(reply))) {
                            owners.remove(bodySession, target);
                        }
                        out.end(buffer);
                    })
                    .onFailure(e -> {
                        if (opensSession) {
                            released(target);
                        }
                        out.reset();
                    });
            return;
        }
        if (opensSession) {
            if (issued != null) {
                confirmed(target);
            } else {
                released(target);
            }
        }
        if (resp.getHeader("content-length") == null) {
            out.setChunked(true);
        } else {
            out.putHeader("content-length", resp.getHeader("content-length"));
        }
        resp.pipeTo(out).onFailure(e -> LOG.debug("relaying a response from {} failed: {}", target, e.getMessage()));
    }

    /** The replica's answer to a call naming a session it does not know (closed there, or idle-reaped). */
    private static boolean unknownSession(JsonNode reply) {
        return reply.path("error").path("message").asString("").startsWith("Unknown session_id");
    }

    private static JsonNode parse(Buffer body) {
        try {
            JsonNode node = WireJson.parse(body.toString());
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void copyHeaders(MultiMap from, MultiMap to, boolean webSocket) {
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || webSocket && name.startsWith("sec-websocket-")) {
                continue;
            }
            to.add(header.getKey(), header.getValue());
        }
    }

    private static String queryParam(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        var values = new io.netty.handler.codec.http.QueryStringDecoder(query, false)
                .parameters()
                .get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static void detail(HttpServerResponse response, int status, String detail) {
        var node = WireJson.object();
        node.put("detail", detail);
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(WireJson.write(node));
    }
}
