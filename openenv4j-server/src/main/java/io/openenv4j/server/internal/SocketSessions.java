package io.openenv4j.server.internal;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.openenv4j.core.StepOptions;
import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.mcp.server.McpServer;
import io.openenv4j.wire.ClientMessage;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.InvalidInputException;
import io.openenv4j.wire.ServerMessage;
import io.openenv4j.wire.WireError;
import io.openenv4j.wire.WireErrors;
import io.openenv4j.wire.WireJson;
import io.vertx.core.http.ServerWebSocket;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The WebSocket transports of the {@link SessionEngine}: {@code /ws} (OpenEnv's session protocol) and {@code
 * /mcp} (JSON-RPC frames). One session per socket, opened when it opens and ended when it ends (or, for {@code
 * /ws?session_id=…}, the HTTP MCP session the socket attaches to); frames are decoded, run by the engine in
 * order on the session's executor (or inline on the event loop) and its replies encoded.
 */
final class SocketSessions<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(SocketSessions.class);
    static final short NORMAL_CLOSURE = 1000;
    static final short GOING_AWAY = 1001;
    static final short INVALID_PAYLOAD = 1007;
    static final short MESSAGE_TOO_BIG = 1009;

    private final SessionEngine<A, O, S> engine;
    private final EnvCodec<A, O, S> codec;
    private final McpServer mcp;
    private final EngineMcpHost<A, O, S> mcpHost;
    private final Scoring<A, O, S> scoring;
    private final int maxMessageBytes;
    private final InlineCalls inline;
    private final int maxPendingWriteBytes;
    private final ErrorTally errors;
    private final Map<String, ServerWebSocket> sockets = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** {@code scoring} only for its telemetry; the engine runs the episode hooks. */
    SocketSessions(
            SessionEngine<A, O, S> engine,
            McpServer mcp,
            EngineMcpHost<A, O, S> mcpHost,
            Scoring<A, O, S> scoring,
            int maxMessageBytes,
            io.openenv4j.server.ServerLimits limits,
            ErrorTally errors) {
        this.engine = engine;
        this.maxPendingWriteBytes = limits.maxPendingWriteBytes();
        this.errors = errors;
        this.codec = EnvCodec.of(engine.spec());
        this.mcp = mcp;
        this.mcpHost = mcpHost;
        this.scoring = scoring;
        this.maxMessageBytes = maxMessageBytes;
        this.inline = new InlineCalls(engine.spec(), engine.hooks().blocks());
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
        Session<A, O, S> session;
        try {
            session = engine.reserve(jsonRpc ? Session.Kind.MCP_WEBSOCKET : Session.Kind.WEBSOCKET);
        } catch (SessionEngine.Refused e) {
            refuse(ws, jsonRpc, e.error());
            return;
        }
        serve(ws, new Link<>(engine, session, false), jsonRpc);
        session.executor.execute(() -> {
            try {
                engine.start(session);
            } catch (SessionEngine.Refused e) {
                refuse(ws, jsonRpc, e.error());
            }
        });
    }

    /** Sends a socket the error that ends it (counted), then closes it. */
    private void refuse(ServerWebSocket ws, boolean jsonRpc, WireError error) {
        errors.count(error.code().name());
        String frame = jsonRpc ? WireJson.write(JsonRpc.error(null, error)) : WireErrors.frame(error);
        ws.writeTextMessage(frame).onComplete(ignored -> ws.close(NORMAL_CLOSURE));
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
        Session<A, O, S> session;
        try {
            session = engine.attach(id);
        } catch (SessionEngine.Refused e) {
            ws.writeTextMessage(WireErrors.frame(e.error())).onComplete(ignored -> ws.close(NORMAL_CLOSURE));
            return;
        }
        serve(ws, new Link<>(engine, session, true), false);
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
        private final SessionEngine<A, O, S> engine;
        private final boolean attached;
        private final java.util.concurrent.atomic.AtomicBoolean left = new java.util.concurrent.atomic.AtomicBoolean();

        Link(SessionEngine<A, O, S> engine, Session<A, O, S> session, boolean attached) {
            this.engine = engine;
            this.session = session;
            this.attached = attached;
        }

        boolean attached() {
            return attached;
        }

        /** Whether this socket may no longer use the session. */
        boolean over() {
            return session.ended.get() || left.get();
        }

        /** Leaves the session; an owned session ends, its running call interrupted unless {@code finish}. */
        void leave(boolean finish) {
            if (!attached()) {
                if (finish) {
                    engine.end(session); // a shutdown lets running steps finish within its grace
                } else {
                    engine.abandon(session);
                }
                return;
            }
            if (left.compareAndSet(false, true)) {
                engine.detach(session);
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
            link.leave(stopping);
        });
        ws.exceptionHandler(error -> {
            LOG.debug("socket of session {} failed", session.id, error);
            // Netty rejects a single frame above the limit this way (Vert.x turns off its close-on-violation);
            // without a close frame of our own the client would only see the connection drop (1006).
            if (error instanceof CorruptedWebSocketFrameException corrupted && !link.over()) {
                link.leave(true);
                ws.close(
                        (short) corrupted.closeStatus().code(),
                        corrupted.closeStatus().reasonText());
            }
        });
        ws.frameHandler(new MessageLimit(ws, link));
        ws.textMessageHandler(Utf8Stream.afterFrameCheck(
                text -> {
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
                    session.executor.execute(() -> respond(
                            link,
                            ws,
                            () -> jsonRpc
                                    ? handleJsonRpc(text, session)
                                    : handle(ClientMessage.parse(text), link, ws)));
                },
                link::over));
        ws.binaryMessageHandler(buffer -> session.executor.execute(() -> {
            if (!link.over() && session.ready()) {
                ws.writeTextMessage(
                        jsonRpc
                                ? WireJson.write(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error", null))
                                : WireErrors.frame(WireError.invalidJson(
                                        "binary frames are not accepted; send JSON in a text frame")));
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
            if (text && !link.over() && (!utf8.feed(frame.binaryData()) || (frame.isFinal() && !utf8.end()))) {
                LOG.info("closing session {}: a text message that is not UTF-8", link.session.id);
                link.leave(true);
                ws.close(INVALID_PAYLOAD, "Invalid UTF-8 in a text message");
                return;
            }
            if (messageBytes > maxMessageBytes && !link.over()) {
                LOG.info("closing session {}: message larger than {} bytes", link.session.id, maxMessageBytes);
                link.leave(true);
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
        Runnable stuck = () -> stuck(session, ws);
        try {
            return switch (message) {
                case ClientMessage.Reset reset ->
                    encode(engine.run(
                            session,
                            new Command.Reset<>(EnvCodec.decodeReset(reset.data(), EnvCodec.ResetValidation.LENIENT)),
                            stuck));
                case ClientMessage.Step step -> {
                    long started = System.nanoTime();
                    Reply<O, S> reply = engine.run(
                            session,
                            new Command.Step<>(codec.decodeAction(step.data()), step.data(), StepOptions.none()),
                            stuck);
                    String frame = encode(reply);
                    Telemetry telemetry = scoring.telemetry;
                    if (telemetry != null && reply instanceof Reply.Stepped<O, S>) {
                        telemetry.stepped(
                                Telemetry.Transport.WS, started); // answered steps are timed, failed ones counted
                    }
                    yield frame;
                }
                case ClientMessage.State ignored -> encode(engine.run(session, new Command.State<>(), stuck));
                case ClientMessage.Close ignored -> {
                    // Ended (or left) now, so frames queued behind the close are dropped rather than run on the env.
                    link.leave(true);
                    ws.close(NORMAL_CLOSURE);
                    yield null;
                }
                case ClientMessage.Mcp call ->
                    new ServerMessage.Mcp(mcpReply(JsonRpc.check(call.data()), session)).toJson();
                case ClientMessage.Invalid invalid -> WireErrors.frame(invalid.error());
            };
        } catch (InvalidInputException e) {
            return WireErrors.frame(WireError.validation(e.issues()));
        } catch (RuntimeException e) {
            LOG.debug("encoding a reply failed in session {}", session.id, e);
            return WireErrors.frame(WireError.execution(e));
        }
    }

    /** The frame of an engine's reply, or {@code null} for none. */
    private String encode(Reply<O, S> reply) {
        return switch (reply) {
            case Reply.Stepped<O, S> stepped -> codec.encodeStepFrame(stepped.step());
            case Reply.StateOf<O, S> state -> new ServerMessage.State(codec.encodeState(state.state())).toJson();
            case Reply.Failed<O, S> failed -> WireErrors.frame(failed.error());
            case Reply.TimedOut<O, S> timedOut -> WireErrors.frame(timedOut.error());
            case Reply.Closed<O, S> ignored -> null;
        };
    }

    /** A call that ignored its step timeout's interrupt: the session ends, and the client is told why. */
    private void stuck(Session<A, O, S> session, ServerWebSocket ws) {
        if (session.ended.get()) {
            return;
        }
        LOG.warn("closing session {}: its environment call did not stop after the step timeout", session.id);
        engine.abandon(session);
        ws.writeTextMessage(WireErrors.frame(SessionEngine.STUCK)).onComplete(ignored -> ws.close(NORMAL_CLOSURE));
    }

    private String handleJsonRpc(String text, Session<A, O, S> session) {
        return WireJson.write(mcpReply(JsonRpc.parse(text), session));
    }

    private ObjectNode mcpReply(JsonRpc.Parsed parsed, Session<A, O, S> session) {
        return switch (parsed) {
            case JsonRpc.Valid valid -> mcp.dialect(valid.request(), mcpHost.of(session));
            case JsonRpc.Rejected rejected -> rejected.response();
        };
    }

    /** Closes sockets idle for longer than {@code idleNanos}, telling the client why first. */
    void reapIdle(long idleNanos) {
        for (Session<A, O, S> session : engine.idleSessions(idleNanos)) {
            ServerWebSocket ws = sockets.get(session.id);
            if (ws != null) {
                LOG.info("closing idle session {}", session.id);
                WireError notice = WireError.session(idleNotice(idleNanos));
                String frame = session.kind == Session.Kind.WEBSOCKET
                        ? WireErrors.frame(notice)
                        : WireJson.write(JsonRpc.error(null, notice));
                ws.writeTextMessage(frame).onComplete(ignored -> ws.close(NORMAL_CLOSURE));
                engine.end(session);
            } else if (session.kind == Session.Kind.MCP_HTTP || session.kind == Session.Kind.MCP_STREAMABLE) {
                LOG.info("closing idle MCP session {}", session.id);
                engine.end(session);
            }
        }
    }

    /** What a client is told when its session is closed for being idle, in exact seconds. */
    static String idleNotice(long idleNanos) {
        String seconds =
                java.math.BigDecimal.valueOf(idleNanos, 9).stripTrailingZeros().toPlainString();
        return "Session closed after " + seconds + " s without a message";
    }

    /** Closes every socket with 1001 (going away), for shutdown. */
    void closeAll() {
        stopping = true;
        sockets.values().forEach(ws -> ws.close(GOING_AWAY, "server shutting down"));
    }
}
