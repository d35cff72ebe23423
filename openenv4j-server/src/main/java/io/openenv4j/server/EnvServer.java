package io.openenv4j.server;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.server.internal.ServerCore;
import java.util.Objects;

/**
 * Serves one environment over OpenEnv's HTTP, WebSocket and MCP routes, wire-compatible with the Python
 * reference ({@code openenv-core}).
 *
 * <pre>{@code
 * try (EnvServer server = EnvServer.create(EchoEnvironment.spec(), ServerConfig.defaults())) {
 *     server.start();
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>Each WebSocket session gets its own environment instance, created when the socket opens and closed
 * when it ends. Environment calls run on virtual threads, one at a time per session, so a slow step never
 * stalls other sessions. Thread-safe; {@link #close()} is idempotent.
 */
public final class EnvServer implements AutoCloseable {

    private final ServerCore<?, ?, ?> core;
    private final ServerConfig config;
    private volatile int port = -1;

    private EnvServer(ServerCore<?, ?, ?> core, ServerConfig config) {
        this.core = core;
        this.config = config;
    }

    /**
     * A server for {@code spec}; call {@link #start()} to listen.
     *
     * @throws IllegalArgumentException when the configuration does not fit the environment (more than one
     *     session for a {@code SINGLE_SESSION} environment)
     */
    public static EnvServer create(EnvSpec<?, ?, ?> spec, ServerConfig config) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(config, "config");
        return create(spec, config, Observability.defaults());
    }

    /**
     * A server for {@code spec} with {@code observability}'s metrics access and trajectory file; call {@link
     * #start()} to listen.
     */
    public static EnvServer create(EnvSpec<?, ?, ?> spec, ServerConfig config, Observability observability) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(config, "config");
        return new EnvServer(new ServerCore<>(spec, config, observability), config);
    }

    /**
     * Binds and starts serving.
     *
     * @throws java.io.IOException when the address cannot be bound
     */
    public EnvServer start() throws Exception {
        port = core.start();
        return this;
    }

    /** The bound port (useful with port 0); -1 before {@link #start()}. */
    public int port() {
        return port;
    }

    /**
     * {@code http://host:port} ({@code https} with TLS), with {@code 127.0.0.1} standing for a wildcard bind
     * address.
     */
    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
        return (config.access().tls() ? "https://" : "http://") + host + ":" + port;
    }

    public ServerConfig config() {
        return config;
    }

    /** Sessions currently holding a slot. */
    public int activeSessions() {
        return core.activeSessions();
    }

    /**
     * Drains: from now on no new session is opened (clients get {@code CAPACITY_REACHED} saying the server
     * drains, and {@code GET /capacity} says {@code "draining": true} so a placement router sends new sessions
     * elsewhere), while open sessions run on; returns once none is left or {@code wait} has passed.
     *
     * @return true when every session ended within {@code wait}
     */
    public boolean drain(java.time.Duration wait) throws InterruptedException {
        return core.drain(wait);
    }

    /** Stops: no new connections, open sockets closed with 1001, every environment closed. */
    @Override
    public void close() {
        core.stop();
    }
}
