package io.openenv4j.server.internal;

import io.openenv4j.core.Environment;
import io.openenv4j.mcp.server.McpHost;
import io.openenv4j.wire.WireError;

/**
 * The session engine as MCP serving ({@code openenv4j-mcp}'s {@code McpServer}) sees it: MCP sessions are
 * engine sessions, opened, found and ended by the engine, their tool calls run on the sessions' executors.
 * No transport: the MCP transports ({@link SocketSessions}, {@link HttpRoutes}, {@link McpStreamableHttp})
 * decode, call the {@code McpServer} and encode. Thread-safe.
 */
final class EngineMcpHost<A, O, S> implements McpHost {

    private final SessionEngine<A, O, S> engine;

    EngineMcpHost(SessionEngine<A, O, S> engine) {
        this.engine = engine;
    }

    /** The MCP view of an engine session (a socket's, for the messages it carries). */
    McpHost.Session of(io.openenv4j.server.internal.Session<A, O, S> session) {
        return new Handle<>(session);
    }

    @Override
    public McpHost.Session open(Kind kind) throws Refused {
        io.openenv4j.server.internal.Session.Kind engineKind = switch (kind) {
            case DIALECT -> io.openenv4j.server.internal.Session.Kind.MCP_HTTP;
            case SPEC -> io.openenv4j.server.internal.Session.Kind.MCP_STREAMABLE;
            case SOCKET -> throw new IllegalArgumentException("a socket's session is opened by its transport");
        };
        try {
            io.openenv4j.server.internal.Session<A, O, S> session = engine.reserve(engineKind);
            engine.start(session);
            return new Handle<>(session);
        } catch (SessionEngine.Refused e) {
            throw new Refused(e.error(), e.getCause());
        }
    }

    @Override
    public McpHost.Session find(String id) {
        io.openenv4j.server.internal.Session<A, O, S> session = engine.find(id);
        return session == null ? null : new Handle<>(session);
    }

    @Override
    public void end(McpHost.Session session) {
        engine.end(unwrap(session));
    }

    @Override
    public boolean endOrDefer(McpHost.Session session) {
        return engine.endOrDefer(unwrap(session));
    }

    @Override
    public <T> T withFresh(EnvWork<T> work) throws Exception {
        try {
            return engine.withFresh(work::apply);
        } catch (SessionEngine.Refused e) {
            throw new Refused(e.error(), e.getCause());
        }
    }

    @Override
    public WireError factoryFailure() {
        return engine.factoryFailure();
    }

    @SuppressWarnings("unchecked")
    private io.openenv4j.server.internal.Session<A, O, S> unwrap(McpHost.Session session) {
        return ((Handle<A, O, S>) session).session;
    }

    private record Handle<A, O, S>(io.openenv4j.server.internal.Session<A, O, S> session) implements McpHost.Session {

        @Override
        public String id() {
            return session.id;
        }

        @Override
        public Kind kind() {
            return switch (session.kind) {
                case WEBSOCKET, MCP_WEBSOCKET -> Kind.SOCKET;
                case MCP_HTTP -> Kind.DIALECT;
                case MCP_STREAMABLE -> Kind.SPEC;
            };
        }

        @Override
        public boolean ready() {
            return session.ready();
        }

        @Override
        public boolean ended() {
            return session.ended.get();
        }

        @Override
        public void touch() {
            session.touch();
        }

        @Override
        public void execute(Runnable task) {
            session.executor.execute(task);
        }

        @Override
        public Environment<?, ?, ?> environment() {
            return session.environment();
        }

        @Override
        public <T> T call(EnvWork<T> work) throws Exception {
            return session.call(() -> work.apply(session.environment()));
        }
    }
}
