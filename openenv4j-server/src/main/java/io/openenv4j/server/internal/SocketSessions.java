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
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.http.ServerWebSocket;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The WebSocket sessions: {@code /ws} (OpenEnv's session protocol) and {@code /mcp} (JSON-RPC frames). One
 * environment per socket, created when it opens and closed when it ends; frames are handled in order on the
 * session's executor, off the event loop.
 */
final class SocketSessions<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(SocketSessions.class);
    static final short NORMAL_CLOSURE = 1000;
    static final short GOING_AWAY = 1001;
    static final short MESSAGE_TOO_BIG = 1009;

    private final EnvSpec<A, O, S> spec;
    private final EnvCodec<A, O, S> codec;
    private final SessionPool<A, O, S> pool;
    private final McpRouter<A, O, S> mcp;
    private final Scoring<A, O, S> scoring;
    private final int maxMessageBytes;
    private final InlineCalls inline;
    private final Map<String, ServerWebSocket> sockets = new java.util.concurrent.ConcurrentHashMap<>();

    SocketSessions(EnvSpec<A, O, S> spec, SessionPool<A, O, S> pool, McpRouter<A, O, S> mcp, Scoring<A, O, S> scoring,
            int maxMessageBytes) {
        this.spec = spec;
        this.codec = EnvCodec.of(spec);
        this.pool = pool;
        this.mcp = mcp;
        this.scoring = scoring;
        this.maxMessageBytes = maxMessageBytes;
        this.inline = new InlineCalls(spec, scoring.callsProvider());
    }

    /** Takes over an accepted socket on {@code /ws} ({@code jsonRpc} false) or {@code /mcp} (true). */
    void accept(ServerWebSocket ws, boolean jsonRpc) {
        Session<A, O, S> session = pool.reserve(jsonRpc ? Session.Kind.MCP_WEBSOCKET : Session.Kind.WEBSOCKET);
        if (session == null) {
            WireError error = WireError.capacity(pool.max(), pool.max());
            String frame = jsonRpc
                    ? WireJson.write(JsonRpc.error(null, JsonRpc.SERVER_ERROR, error.message(), error.extras()))
                    : new ServerMessage.Error(error).toJson();
            ws.writeTextMessage(frame).onComplete(ignored -> ws.close(NORMAL_CLOSURE));
            return;
        }
        EventLoopCarrier.adopt(session.executor);
        sockets.put(session.id, ws);
        ws.closeHandler(ignored -> {
            sockets.remove(session.id);
            pool.destroy(session);
        });
        ws.exceptionHandler(error -> {
            LOG.debug("socket of session {} failed", session.id, error);
            // Netty rejects a single frame above the limit this way (Vert.x turns off its close-on-violation);
            // without a close frame of our own the client would only see the connection drop (1006).
            if (error instanceof CorruptedWebSocketFrameException corrupted && !session.ended.get()) {
                pool.destroy(session);
                ws.close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
            }
        });
        ws.frameHandler(new MessageLimit(ws, session));
        ws.textMessageHandler(text -> {
            session.touch();
            if (!jsonRpc && inline.allows(session)) {
                // A NON_BLOCKING environment: parse here and, when the session is idle, answer right away on
                // this event loop. MCP messages may wait on other sessions, so they always take the executor.
                ClientMessage message = ClientMessage.parse(text);
                Runnable task = () -> respond(session, ws, () -> handle(message, session, ws));
                if (message instanceof ClientMessage.Mcp || !inline.tryRun(session, task)) {
                    session.executor.execute(task);
                }
                return;
            }
            session.executor.execute(() -> respond(session, ws,
                    () -> jsonRpc ? handleJsonRpc(text, session) : handle(ClientMessage.parse(text), session, ws)));
        });
        ws.binaryMessageHandler(buffer -> session.executor.execute(() -> {
            if (!session.ended.get() && session.ready()) {
                ws.writeTextMessage(jsonRpc
                        ? WireJson.write(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error", null))
                        : new ServerMessage.Error(WireError.invalidJson(
                                "binary frames are not accepted; send JSON in a text frame")).toJson());
            }
        }));
        session.executor.execute(() -> {
            try {
                pool.open(session);
            } catch (Exception e) {
                LOG.warn("environment factory '{}' failed", spec.factoryName(), e);
                WireError error = WireError.factory(spec.factoryName(), null);
                String frame = jsonRpc
                        ? WireJson.write(JsonRpc.error(null, JsonRpc.SERVER_ERROR, error.message(), error.extras()))
                        : new ServerMessage.Error(error).toJson();
                ws.writeTextMessage(frame).onComplete(ignored -> ws.close(NORMAL_CLOSURE));
            }
        });
    }

    /**
     * Closes the socket with 1009 once a fragmented message grows past the limit. Vert.x's own message limit
     * only reports the overflow to the exception handler, drops what it has aggregated and goes on
     * aggregating the remaining fragments, which would leave the client waiting for a reply that never
     * comes (or hand us the message's tail as a message of its own). Confined to the event loop.
     */
    private final class MessageLimit implements io.vertx.core.Handler<io.vertx.core.http.WebSocketFrame> {
        private final ServerWebSocket ws;
        private final Session<A, O, S> session;
        private long messageBytes;

        MessageLimit(ServerWebSocket ws, Session<A, O, S> session) {
            this.ws = ws;
            this.session = session;
        }

        @Override
        public void handle(io.vertx.core.http.WebSocketFrame frame) {
            if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
                return;
            }
            if (!frame.isContinuation()) {
                messageBytes = 0;
            }
            messageBytes += frame.binaryData().length();
            if (messageBytes > maxMessageBytes && !session.ended.get()) {
                LOG.info("closing session {}: message larger than {} bytes", session.id, maxMessageBytes);
                pool.destroy(session);
                ws.close(MESSAGE_TOO_BIG, "Message too big");
            }
            if (frame.isFinal()) {
                messageBytes = 0;
            }
        }
    }

    /** Runs one message's work on the session's executor (or inline) and writes its reply, if any. */
    private void respond(Session<?, ?, ?> session, ServerWebSocket ws, java.util.function.Supplier<String> work) {
        if (session.ended.get() || !session.ready()) {
            return;
        }
        session.touch();
        String reply = work.get();
        if (reply != null) {
            ws.writeTextMessage(reply);
            Telemetry telemetry = scoring.telemetry;
            if (telemetry != null) {
                telemetry.reply(Telemetry.Transport.WS, reply);
            }
        }
        session.touch();
    }

    /** Handles one {@code /ws} message; returns the reply, or {@code null} for none. */
    private String handle(ClientMessage message, Session<A, O, S> session, ServerWebSocket ws) {
        Environment<A, O, S> env = session.environment();
        try {
            return switch (message) {
                case ClientMessage.Reset reset -> {
                    ResetRequest request = EnvCodec.decodeReset(reset.data(), false);
                    yield codec.encodeStepFrame(scoring.afterReset(session.track, env, env.reset(request)));
                }
                case ClientMessage.Step step -> {
                    long started = System.nanoTime();
                    A action = codec.decodeAction(step.data());
                    String frame = codec.encodeStepFrame(scoring.afterStep(session.track, env, step.data(),
                            env.step(action, StepOptions.none())));
                    Telemetry telemetry = scoring.telemetry;
                    if (telemetry != null) {
                        telemetry.stepped(Telemetry.Transport.WS, started);
                    }
                    yield frame;
                }
                case ClientMessage.State ignored -> new ServerMessage.State(codec.encodeState(env.state())).toJson();
                case ClientMessage.Close ignored -> {
                    // Ended now, so frames queued behind the close are dropped rather than run on the env.
                    pool.destroy(session);
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
            if (session.ended.get() || session.busy() || session.idleNanos() < idleNanos) {
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
        sockets.values().forEach(ws -> ws.close(GOING_AWAY, "server shutting down"));
    }
}
