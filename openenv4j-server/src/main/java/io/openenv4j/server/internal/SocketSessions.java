package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.StepOptions;
import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.wire.ClientMessage;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.InvalidInputException;
import io.openenv4j.wire.ServerMessage;
import io.openenv4j.wire.WireError;
import io.openenv4j.wire.WireJson;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.http.ServerWebSocket;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The WebSocket sessions: {@code /ws} (OpenEnv's session protocol) and {@code /mcp} (JSON-RPC frames). One
 * environment per socket, created when it opens and closed when it ends (or, for {@code /ws?session_id=…}, the
 * environment of an HTTP MCP session the socket attaches to); frames are handled in order on the session's
 * executor, off the event loop.
 */
final class SocketSessions<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(SocketSessions.class);
    static final short NORMAL_CLOSURE = 1000;
    static final short GOING_AWAY = 1001;
    static final short INVALID_PAYLOAD = 1007;
    static final short MESSAGE_TOO_BIG = 1009;

    private final EnvSpec<A, O, S> spec;
    private final EnvCodec<A, O, S> codec;
    private final SessionPool<A, O, S> pool;
    private final McpRouter<A, O, S> mcp;
    private final Scoring<A, O, S> scoring;
    private final int maxMessageBytes;
    private final InlineCalls inline;
    private final StepTimeout steps;
    private final int maxPendingWriteBytes;
    private final ErrorTally errors;
    private final Map<String, ServerWebSocket> sockets = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopping;

    SocketSessions(EnvSpec<A, O, S> spec, SessionPool<A, O, S> pool, McpRouter<A, O, S> mcp, Scoring<A, O, S> scoring,
            int maxMessageBytes, io.openenv4j.server.ServerLimits limits, ErrorTally errors) {
        this.steps = new StepTimeout(limits.stepTimeout());
        this.maxPendingWriteBytes = limits.maxPendingWriteBytes();
        this.spec = spec;
        this.errors = errors;
        this.codec = EnvCodec.of(spec);
        this.pool = pool;
        this.mcp = mcp;
        this.scoring = scoring;
        this.maxMessageBytes = maxMessageBytes;
        this.inline = new InlineCalls(spec, scoring.callsProvider());
    }

    /**
     * Takes over an accepted socket on {@code /ws} ({@code jsonRpc} false) or {@code /mcp} (true). A {@code /ws}
     * socket whose query names a {@code session_id} attaches to that HTTP MCP session instead of opening one.
     */
    void accept(ServerWebSocket ws, boolean jsonRpc) {
        String wanted = jsonRpc ? null : requestedSession(ws);
        if (wanted != null) {
            attach(ws, wanted);
            return;
        }
        Session<A, O, S> session = pool.reserve(jsonRpc ? Session.Kind.MCP_WEBSOCKET : Session.Kind.WEBSOCKET);
        if (session == null) {
            WireError error = pool.refusal();
            errors.count(error.code().name());
            String frame = jsonRpc
                    ? WireJson.write(JsonRpc.error(null, JsonRpc.SERVER_ERROR, error.message(), error.extras()))
                    : new ServerMessage.Error(error).toJson();
            ws.writeTextMessage(frame).onComplete(ignored -> ws.close(NORMAL_CLOSURE));
            return;
        }
        serve(ws, new Link<>(session, null), jsonRpc);
        session.executor.execute(() -> {
            try {
                pool.open(session);
            } catch (Exception e) {
                LOG.warn("environment factory '{}' failed", spec.factoryName(), e);
                WireError error = WireError.factory(spec.factoryName(), null);
                errors.count(error.code().name());
                String frame = jsonRpc
                        ? WireJson.write(JsonRpc.error(null, JsonRpc.SERVER_ERROR, error.message(), error.extras()))
                        : new ServerMessage.Error(error).toJson();
                ws.writeTextMessage(frame).onComplete(ignored -> ws.close(NORMAL_CLOSURE));
            }
        });
    }

    /** The {@code session_id} of a {@code /ws?session_id=…} handshake, or {@code null} when none (or empty). */
    private static String requestedSession(ServerWebSocket ws) {
        String query = ws.query();
        if (query == null || query.isEmpty()) {
            return null;
        }
        var values = new QueryStringDecoder(query, false).parameters().get("session_id");
        return values == null || values.isEmpty() || values.getFirst().isEmpty() ? null : values.getFirst();
    }

    /**
     * Attaches a {@code /ws} socket to the HTTP MCP session {@code id} ({@code openenv/session/create}), as the
     * reference does since {@code openenv} 0.5: the socket then resets and steps the session's environment, the
     * one its tool calls over {@code POST /mcp} reach, in the session's one slot. Refused like the reference
     * (a {@code SESSION_ERROR} frame, then close) for an unknown id, a session still initialising, and a
     * session that already has a socket. Leaving the socket detaches it; the session lives on until {@code
     * openenv/session/close} (or its idle timeout once detached).
     */
    private void attach(ServerWebSocket ws, String id) {
        Session<A, O, S> session = pool.find(id);
        String refusal = null;
        if (session == null || session.ended.get() || session.kind == Session.Kind.MCP_STREAMABLE) {
            refusal = "Unknown session_id: " + id;
        } else if (!session.ready()) {
            refusal = "Session " + id + " is still initializing";
        } else if (session.kind != Session.Kind.MCP_HTTP || !session.attached.compareAndSet(false, true)) {
            // A socket's own session has its socket already.
            refusal = "Session " + id + " already has an attached WebSocket";
        }
        if (refusal != null) {
            ws.writeTextMessage(new ServerMessage.Error(WireError.session(refusal)).toJson())
                    .onComplete(ignored -> ws.close(NORMAL_CLOSURE));
            return;
        }
        session.touch();
        serve(ws, new Link<>(session, pool), false);
        // Closed or ended while attaching: leave again so a pending close is not lost.
        if (session.ended.get()) {
            ws.close(NORMAL_CLOSURE);
        }
    }

    /**
     * A socket's hold on its session. An owned session ({@code detachFrom} null) ends with the socket; an
     * attached one is only left, and ends then if {@code openenv/session/close} came while it was attached.
     */
    private static final class Link<A, O, S> {
        final Session<A, O, S> session;
        private final SessionPool<A, O, S> detachFrom;
        private final java.util.concurrent.atomic.AtomicBoolean left = new java.util.concurrent.atomic.AtomicBoolean();

        Link(Session<A, O, S> session, SessionPool<A, O, S> detachFrom) {
            this.session = session;
            this.detachFrom = detachFrom;
        }

        boolean attached() {
            return detachFrom != null;
        }

        /** Whether this socket may no longer use the session. */
        boolean over() {
            return session.ended.get() || left.get();
        }

        /** Leaves the session; an owned session ends, its running call interrupted unless {@code finish}. */
        void leave(SessionPool<A, O, S> pool, boolean finish) {
            if (!attached()) {
                if (finish) {
                    pool.destroy(session); // a shutdown lets running steps finish within its grace
                } else {
                    pool.abandon(session);
                }
                return;
            }
            if (left.compareAndSet(false, true)) {
                session.touch();
                session.attached.set(false);
                if (session.closeWhenDetached) {
                    pool.destroy(session);
                }
            }
        }
    }

    /** Wires a socket's handlers to its session. */
    private void serve(ServerWebSocket ws, Link<A, O, S> link, boolean jsonRpc) {
        Session<A, O, S> session = link.session;
        EventLoopCarrier.adopt(session.executor);
        ws.setWriteQueueMaxSize(maxPendingWriteBytes);
        sockets.put(session.id, ws);
        ws.closeHandler(ignored -> {
            sockets.remove(session.id, ws);
            link.leave(pool, stopping);
        });
        ws.exceptionHandler(error -> {
            LOG.debug("socket of session {} failed", session.id, error);
            // Netty rejects a single frame above the limit this way (Vert.x turns off its close-on-violation);
            // without a close frame of our own the client would only see the connection drop (1006).
            if (error instanceof CorruptedWebSocketFrameException corrupted && !link.over()) {
                link.leave(pool, true);
                ws.close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
            }
        });
        ws.frameHandler(new MessageLimit(ws, link));
        ws.textMessageHandler(Utf8Stream.afterFrameCheck(text -> {
            session.touch();
            // An attached session also takes HTTP tool calls, so its calls always go through its executor.
            if (!jsonRpc && !link.attached() && inline.allows(session)) {
                // A NON_BLOCKING environment: parse here and, when the session is idle, answer right away on
                // this event loop. MCP messages may wait on other sessions, so they always take the executor.
                ClientMessage message = ClientMessage.parse(text);
                Runnable task = () -> respond(link, ws, () -> handle(message, link, ws));
                if (message instanceof ClientMessage.Mcp || !inline.tryRun(session, task)) {
                    session.executor.execute(task);
                }
                return;
            }
            session.executor.execute(() -> respond(link, ws,
                    () -> jsonRpc ? handleJsonRpc(text, session) : handle(ClientMessage.parse(text), link, ws)));
        }, link::over));
        ws.binaryMessageHandler(buffer -> session.executor.execute(() -> {
            if (!link.over() && session.ready()) {
                ws.writeTextMessage(jsonRpc
                        ? WireJson.write(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error", null))
                        : new ServerMessage.Error(WireError.invalidJson(
                                "binary frames are not accepted; send JSON in a text frame")).toJson());
            }
        }));
    }

    /**
     * Closes the socket with 1007 at the first byte of a text message that is not UTF-8, and with 1009 once a
     * fragmented message grows past the limit. Vert.x's own message limit
     * only reports the overflow to the exception handler, drops what it has aggregated and goes on
     * aggregating the remaining fragments, which would leave the client waiting for a reply that never
     * comes (or hand us the message's tail as a message of its own). Confined to the event loop.
     */
    private final class MessageLimit implements io.vertx.core.Handler<io.vertx.core.http.WebSocketFrame> {
        private final ServerWebSocket ws;
        private final Link<A, O, S> link;
        private final Utf8Stream utf8 = new Utf8Stream();
        private boolean text;
        private long messageBytes;

        MessageLimit(ServerWebSocket ws, Link<A, O, S> link) {
            this.ws = ws;
            this.link = link;
        }

        @Override
        public void handle(io.vertx.core.http.WebSocketFrame frame) {
            if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
                return;
            }
            if (!frame.isContinuation()) {
                messageBytes = 0;
                text = frame.isText();
            }
            messageBytes += frame.binaryData().length();
            if (text && !link.over()
                    && (!utf8.feed(frame.binaryData()) || (frame.isFinal() && !utf8.end()))) {
                LOG.info("closing session {}: a text message that is not UTF-8", link.session.id);
                link.leave(pool, true);
                ws.close(INVALID_PAYLOAD, "Invalid UTF-8 in a text message");
                return;
            }
            if (messageBytes > maxMessageBytes && !link.over()) {
                LOG.info("closing session {}: message larger than {} bytes", link.session.id, maxMessageBytes);
                link.leave(pool, true);
                ws.close(MESSAGE_TOO_BIG, "Message too big");
            }
            if (frame.isFinal()) {
                messageBytes = 0;
            }
        }
    }

    /** Runs one message's work on the session's executor (or inline) and writes its reply, if any. */
    private void respond(Link<?, ?, ?> link, ServerWebSocket ws, java.util.function.Supplier<String> work) {
        Session<?, ?, ?> session = link.session;
        if (link.over() || !session.ready()) {
            return;
        }
        session.touch();
        String reply = work.get();
        if (reply != null) {
            errors.countFrame(reply);
            ws.writeTextMessage(reply);
            Telemetry telemetry = scoring.telemetry;
            if (telemetry != null) {
                telemetry.reply(Telemetry.Transport.WS, reply);
            }
            holdWhileBacklogged(ws);
        }
        session.touch();
    }

    /**
     * Backpressure for a slow reader: while more reply bytes wait to be sent than the write queue holds, the
     * socket reads no further requests (TCP then slows the client down), so a client that sends without
     * reading cannot make the server buffer without bound.
     */
    static void holdWhileBacklogged(ServerWebSocket ws) {
        // A socket the client closed while its reply was being made has nothing to hold back (and Vert.x refuses
        // to tell a closed socket's queue state: it throws).
        try {
            if (ws.isClosed() || !ws.writeQueueFull()) {
                return;
            }
        } catch (IllegalStateException closedMeanwhile) {
            return;
        }
        var drained = new java.util.concurrent.CompletableFuture<Void>();
        ws.pause();
        ws.drainHandler(ignored -> {
            ws.resume();
            drained.complete(null);
        });
        if (!Thread.currentThread().isVirtual()) {
            return; // an event loop never waits: reading stays paused until the queue drains
        }
        // Requests already read wait too: the session's next call starts once the client has caught up.
        try {
            while (ws.writeQueueFull() && !ws.isClosed()) {
                try {
                    drained.get(1, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // re-check: the queue may have drained before the handler was set
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the session is being abandoned
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        ws.resume();
    }

    /** Handles one {@code /ws} message; returns the reply, or {@code null} for none. */
    private String handle(ClientMessage message, Link<A, O, S> link, ServerWebSocket ws) {
        Session<A, O, S> session = link.session;
        Environment<A, O, S> env = session.environment();
        try {
            return switch (message) {
                case ClientMessage.Reset reset -> {
                    ResetRequest request = EnvCodec.decodeReset(reset.data(), false);
                    yield codec.encodeStepFrame(scoring.afterReset(session.track, env,
                            steps.run(() -> env.reset(request), () -> stuck(session, ws))));
                }
                case ClientMessage.Step step -> {
                    long started = System.nanoTime();
                    A action = codec.decodeAction(step.data());
                    String frame = codec.encodeStepFrame(scoring.afterStep(session.track, env, step.data(),
                            steps.run(() -> env.step(action, StepOptions.none()), () -> stuck(session, ws))));
                    Telemetry telemetry = scoring.telemetry;
                    if (telemetry != null) {
                        telemetry.stepped(Telemetry.Transport.WS, started);
                    }
                    yield frame;
                }
                case ClientMessage.State ignored -> new ServerMessage.State(codec.encodeState(env.state())).toJson();
                case ClientMessage.Close ignored -> {
                    // Ended (or left) now, so frames queued behind the close are dropped rather than run on the env.
                    link.leave(pool, true);
                    ws.close(NORMAL_CLOSURE);
                    yield null;
                }
                case ClientMessage.Mcp call -> new ServerMessage.Mcp(mcpReply(JsonRpc.check(call.data()), session)).toJson();
                case ClientMessage.Invalid invalid -> new ServerMessage.Error(invalid.error()).toJson();
            };
        } catch (InvalidInputException e) {
            return new ServerMessage.Error(WireError.validation(e.issues())).toJson();
        } catch (Scoring.Failure e) {
            return new ServerMessage.Error(e.error()).toJson();
        } catch (RuntimeException e) {
            LOG.debug("environment call failed in session {}", session.id, e);
            return new ServerMessage.Error(WireError.execution(e)).toJson();
        }
    }

    /** A call that ignored its step timeout's interrupt: the session ends, and the client is told why. */
    private void stuck(Session<A, O, S> session, ServerWebSocket ws) {
        if (session.ended.get()) {
            return;
        }
        LOG.warn("closing session {}: its environment call did not stop after the step timeout", session.id);
        pool.abandon(session);
        ws.writeTextMessage(new ServerMessage.Error(WireError.session("The environment call ran past the server's step "
                + "timeout and did not stop when cancelled; the session is closed")).toJson())
                .onComplete(ignored -> ws.close(NORMAL_CLOSURE));
    }

    private String handleJsonRpc(String text, Session<A, O, S> session) {
        return WireJson.write(mcpReply(JsonRpc.parse(text), session));
    }

    private ObjectNode mcpReply(JsonRpc.Parsed parsed, Session<A, O, S> session) {
        return switch (parsed) {
            case JsonRpc.Valid valid -> mcp.handle(valid.request(), session);
            case JsonRpc.Rejected rejected -> rejected.response();
        };
    }

    /** Closes sockets idle for longer than {@code idleNanos}, telling the client why first. */
    void reapIdle(long idleNanos) {
        for (Session<A, O, S> session : pool.all()) {
            if (session.ended.get() || session.attached.get() || session.busy() || session.idleNanos() < idleNanos) {
                continue;
            }
            ServerWebSocket ws = sockets.get(session.id);
            if (ws != null) {
                LOG.info("closing idle session {}", session.id);
                String frame = session.kind == Session.Kind.WEBSOCKET
                        ? new ServerMessage.Error(WireError.session(idleNotice(idleNanos))).toJson()
                        : WireJson.write(JsonRpc.error(null, JsonRpc.SERVER_ERROR, idleNotice(idleNanos), null));
                ws.writeTextMessage(frame).onComplete(ignored -> ws.close(NORMAL_CLOSURE));
                pool.destroy(session);
            } else if (session.kind == Session.Kind.MCP_HTTP || session.kind == Session.Kind.MCP_STREAMABLE) {
                LOG.info("closing idle MCP session {}", session.id);
                pool.destroy(session);
            }
        }
    }

    /** What a client is told when its session is closed for being idle, in exact seconds. */
    static String idleNotice(long idleNanos) {
        String seconds = java.math.BigDecimal.valueOf(idleNanos, 9).stripTrailingZeros().toPlainString();
        return "Session closed after " + seconds + " s without a message";
    }

    /** Closes every socket with 1001 (going away), for shutdown. */
    void closeAll() {
        stopping = true;
        sockets.values().forEach(ws -> ws.close(GOING_AWAY, "server shutting down"));
    }
}
