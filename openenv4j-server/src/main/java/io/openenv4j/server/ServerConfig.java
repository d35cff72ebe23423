package io.openenv4j.server;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a server listens and how many sessions it keeps.
 *
 * @param host the address to bind ({@code 0.0.0.0} for all, as the reference's containers do)
 * @param port the port, {@code 0} for any free one
 * @param maxSessions the largest number of concurrent sessions (WebSocket and MCP sessions share the pool)
 * @param mode which routes are offered
 * @param idleTimeout a session with no message for this long is closed (its socket too); {@code null} for never
 * @param maxMessageBytes the largest WebSocket message or HTTP body accepted; larger WebSocket messages
 *     close the socket with 1009, larger bodies get 413
 * @param shutdownGrace how long a shutdown waits for running steps and environment closes
 * @param mcp how the spec-compliant MCP endpoint behaves (allowed origins, tool-call timeout, page size)
 * @param trainer the token-protected trainer channel for outcomes and reward details, or {@code null} for none
 * @param rewards the reward provider whose scores replace the environment's rewards, or {@code null} to keep
 *     the environment's own
 * @param limits timeouts and connection limits against slow, idle and greedy clients (docs/security.md)
 * @param access the access token and TLS (docs/security.md)
 * @param web whether the web page for people is served at {@code /web} (docs/web.md): {@code null} for the
 *     default (on in simulation mode, off in production mode), {@code true} or {@code false} to say so
 */
public record ServerConfig(
        String host,
        int port,
        int maxSessions,
        ServerMode mode,
        Duration idleTimeout,
        int maxMessageBytes,
        Duration shutdownGrace,
        McpOptions mcp,
        TrainerChannel trainer,
        ProviderRewards rewards,
        ServerLimits limits,
        ServerAccess access,
        Boolean web) {

    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_MAX_SESSIONS = 1024;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(mcp, "mcp");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(access, "access");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, got " + port);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, got " + maxSessions);
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + maxMessageBytes);
        }
    }

    /** A configuration without trainer channel and reward provider, with the web page as the mode has it. */
    public ServerConfig(
            String host,
            int port,
            int maxSessions,
            ServerMode mode,
            Duration idleTimeout,
            int maxMessageBytes,
            Duration shutdownGrace,
            McpOptions mcp) {
        this(
                host,
                port,
                maxSessions,
                mode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                null,
                null,
                ServerLimits.defaults(),
                ServerAccess.open(),
                null);
    }

    /** Whether {@code /web} is served: as {@link #web()} says, else in simulation mode only. */
    public boolean webEnabled() {
        return web != null ? web : mode == ServerMode.SIMULATION;
    }

    /** Port 8000 on all interfaces, 1024 sessions, simulation mode, no idle timeout, 16 MiB messages. */
    public static ServerConfig defaults() {
        return new ServerConfig(
                "0.0.0.0",
                DEFAULT_PORT,
                DEFAULT_MAX_SESSIONS,
                ServerMode.SIMULATION,
                null,
                DEFAULT_MAX_MESSAGE_BYTES,
                Duration.ofSeconds(10),
                McpOptions.defaults());
    }

    /** Loopback, any free port: for tests. */
    public static ServerConfig ephemeral() {
        return defaults().withHost("127.0.0.1").withPort(0);
    }

    /**
     * The defaults overridden by the environment variables the reference's containers use: {@code PORT},
     * {@code HOST}, {@code MAX_CONCURRENT_ENVS}; and ours: {@code OPENENV_MODE}, {@code
     * OPENENV_IDLE_TIMEOUT_S}, {@code OPENENV_ALLOWED_ORIGINS} or its older name {@code OPENENV_MCP_ALLOWED_ORIGINS} (comma-separated, the
     * browser origins allowed on every route and WebSocket; replaces the loopback
     * default), {@code OPENENV_MCP_TOOL_TIMEOUT_S} ({@code 0} for no limit), {@code OPENENV_TRAINER_TOKEN} and {@code
     * OPENENV_TRAINER_EPISODES} (the trainer channel), {@code OPENENV_REWARD_PROVIDER_URL}, {@code
     * OPENENV_REWARD_RUBRIC}, {@code OPENENV_REWARD_TIMEOUT_MS} and {@code OPENENV_REWARD_TIMING} ({@code
     * episode}, {@code step} or {@code delta}; the reward provider).
     *
     * @throws IllegalArgumentException naming the variable when a value is malformed
     */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        ServerConfig config = defaults();
        String host = env.get("HOST");
        if (host != null && !host.isBlank()) {
            config = config.withHost(host.trim());
        }
        config = config.withPort(intVariable(env, "PORT", config.port()));
        config = config.withMaxSessions(intVariable(env, "MAX_CONCURRENT_ENVS", config.maxSessions()));
        String mode = env.get("OPENENV_MODE");
        if (mode != null && !mode.isBlank()) {
            config = config.withMode(ServerMode.parse(mode));
        }
        int idle = intVariable(env, "OPENENV_IDLE_TIMEOUT_S", 0);
        if (idle > 0) {
            config = config.withIdleTimeout(Duration.ofSeconds(idle));
        }
        // OPENENV_ALLOWED_ORIGINS covers every browser-reachable surface; the older MCP-only name still works.
        String origins = env.get("OPENENV_ALLOWED_ORIGINS");
        if (origins == null || origins.isBlank()) {
            origins = env.get("OPENENV_MCP_ALLOWED_ORIGINS");
        }
        if (origins != null && !origins.isBlank()) {
            config = config.withMcp(config.mcp()
                    .withAllowedOrigins(java.util.Arrays.stream(origins.split(","))
                            .map(String::trim)
                            .filter(origin -> !origin.isEmpty())
                            .toList()));
        } else {
            // A Hugging Face Space names its own host in SPACE_HOST; its page (and /web) is served from there.
            String spaceHost = env.get("SPACE_HOST");
            if (spaceHost != null && !spaceHost.isBlank()) {
                var allowed = new java.util.ArrayList<>(config.mcp().allowedOrigins());
                allowed.add("https://" + spaceHost.trim());
                config = config.withMcp(config.mcp().withAllowedOrigins(allowed));
            }
        }
        String toolTimeout = env.get("OPENENV_MCP_TOOL_TIMEOUT_S");
        if (toolTimeout != null && !toolTimeout.isBlank()) {
            int seconds = intVariable(env, "OPENENV_MCP_TOOL_TIMEOUT_S", 0);
            config = config.withMcp(config.mcp().withToolCallTimeout(seconds > 0 ? Duration.ofSeconds(seconds) : null));
        }
        String token = env.get("OPENENV_TRAINER_TOKEN");
        if (token != null && !token.isBlank()) {
            try {
                config = config.withTrainer(new TrainerChannel(
                        token, intVariable(env, "OPENENV_TRAINER_EPISODES", TrainerChannel.DEFAULT_EPISODES)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "OPENENV_TRAINER_TOKEN / OPENENV_TRAINER_EPISODES: " + e.getMessage(), e);
            }
        }
        config = config.withLimits(limitsFromEnvironment(env, config.limits()));
        config = config.withAccess(accessFromEnvironment(env, config.access()));
        String web = env.get("ENABLE_WEB_INTERFACE");
        if (web != null && !web.isBlank()) {
            config = config.withWeb(booleanVariable("ENABLE_WEB_INTERFACE", web));
        }
        String provider = env.get("OPENENV_REWARD_PROVIDER_URL");
        if (provider != null && !provider.isBlank()) {
            try {
                var rewards = ProviderRewards.of(java.net.URI.create(provider.trim()))
                        .withRubric(env.get("OPENENV_REWARD_RUBRIC"));
                int timeoutMs =
                        intVariable(env, "OPENENV_REWARD_TIMEOUT_MS", (int) ProviderRewards.DEFAULT_TIMEOUT.toMillis());
                rewards = rewards.withTimeout(Duration.ofMillis(timeoutMs));
                String timing = env.get("OPENENV_REWARD_TIMING");
                if (timing != null && !timing.isBlank()) {
                    rewards = rewards.withTiming(RewardTiming.parse(timing));
                }
                config = config.withRewards(rewards);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("OPENENV_REWARD_*: " + e.getMessage(), e);
            }
        }
        return config;
    }

    /**
     * {@code OPENENV_HEADER_TIMEOUT_S}, {@code OPENENV_BODY_TIMEOUT_S}, {@code OPENENV_MAX_CONNECTIONS_PER_ADDRESS},
     * {@code OPENENV_STEP_TIMEOUT_S}, {@code OPENENV_MAX_HEAP_USE}.
     */
    private static ServerLimits limitsFromEnvironment(Map<String, String> env, ServerLimits limits) {
        int header = intVariable(env, "OPENENV_HEADER_TIMEOUT_S", 0);
        if (header < 0 || intVariable(env, "OPENENV_BODY_TIMEOUT_S", 0) < 0) {
            throw new IllegalArgumentException("OPENENV_HEADER_TIMEOUT_S and OPENENV_BODY_TIMEOUT_S must be positive");
        }
        if (header > 0) {
            limits = limits.withHeaderTimeout(Duration.ofSeconds(header));
        }
        int body = intVariable(env, "OPENENV_BODY_TIMEOUT_S", 0);
        if (body > 0) {
            limits = limits.withBodyTimeout(Duration.ofSeconds(body));
        }
        int perAddress = intVariable(env, "OPENENV_MAX_CONNECTIONS_PER_ADDRESS", ServerLimits.AUTO);
        if (perAddress < ServerLimits.AUTO) {
            throw new IllegalArgumentException(
                    "OPENENV_MAX_CONNECTIONS_PER_ADDRESS must be 0 (no limit) or more, got " + perAddress);
        }
        limits = limits.withMaxConnectionsPerAddress(perAddress);
        int step = intVariable(env, "OPENENV_STEP_TIMEOUT_S", 0);
        if (step < 0) {
            throw new IllegalArgumentException("OPENENV_STEP_TIMEOUT_S must be 0 (none) or more, got " + step);
        }
        limits = limits.withStepTimeout(step > 0 ? Duration.ofSeconds(step) : null);
        String heap = env.get("OPENENV_MAX_HEAP_USE");
        if (heap != null && !heap.isBlank()) {
            try {
                limits = limits.withMaxHeapUse(Double.parseDouble(heap.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "OPENENV_MAX_HEAP_USE must be a fraction such as 0.9, got '" + heap + "'");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("OPENENV_MAX_HEAP_USE: " + e.getMessage(), e);
            }
        }
        return limits;
    }

    /**
     * {@code OPENENV_AUTH_TOKEN} or {@code OPENENV_AUTH_TOKEN_FILE} (a file holding the token), {@code
     * OPENENV_TLS_CERT} and {@code OPENENV_TLS_KEY} (PEM files).
     */
    private static ServerAccess accessFromEnvironment(Map<String, String> env, ServerAccess access) {
        String token = env.get("OPENENV_AUTH_TOKEN");
        String file = env.get("OPENENV_AUTH_TOKEN_FILE");
        try {
            if (file != null && !file.isBlank()) {
                access = access.withToken(ServerAccess.readToken(java.nio.file.Path.of(file.strip())));
            } else if (token != null && !token.isBlank()) {
                access = access.withToken(token);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OPENENV_AUTH_TOKEN / OPENENV_AUTH_TOKEN_FILE: " + e.getMessage(), e);
        }
        String cert = env.get("OPENENV_TLS_CERT");
        String key = env.get("OPENENV_TLS_KEY");
        if ((cert != null && !cert.isBlank()) || (key != null && !key.isBlank())) {
            try {
                access = access.withTls(
                        cert == null || cert.isBlank() ? null : java.nio.file.Path.of(cert.strip()),
                        key == null || key.isBlank() ? null : java.nio.file.Path.of(key.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("OPENENV_TLS_CERT / OPENENV_TLS_KEY: " + e.getMessage(), e);
            }
        }
        return access;
    }

    private static int intVariable(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    /** As the reference reads {@code ENABLE_WEB_INTERFACE}: true, 1, yes or on; false, 0, no or off. */
    private static boolean booleanVariable(String name, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        };
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(
                newHost,
                port,
                maxSessions,
                mode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                trainer,
                rewards,
                limits,
                access,
                web);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(
                host,
                newPort,
                maxSessions,
                mode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                trainer,
                rewards,
                limits,
                access,
                web);
    }

    public ServerConfig withMaxSessions(int newMax) {
        return new ServerConfig(
                host,
                port,
                newMax,
                mode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                trainer,
                rewards,
                limits,
                access,
                web);
    }

    public ServerConfig withMode(ServerMode newMode) {
        return new ServerConfig(
                host,
                port,
                maxSessions,
                newMode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                trainer,
                rewards,
                limits,
                access,
                web);
    }

    public ServerConfig withIdleTimeout(Duration newTimeout) {
        return new ServerConfig(
                host,
                port,
                maxSessions,
                mode,
                newTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                trainer,
                rewards,
                limits,
                access,
                web);
    }

    public ServerConfig withMaxMessageBytes(int newMax) {
        return new ServerConfig(
                host,
                port,
                maxSessions,
                mode,
                idleTimeout,
                newMax,
                shutdownGrace,
                mcp,
                trainer,
                rewards,
                limits,
                access,
                web);
    }

    public ServerConfig withShutdownGrace(Duration newGrace) {
        return new ServerConfig(
                host,
                port,
                maxSessions,
                mode,
                idleTimeout,
                maxMessageBytes,
                newGrace,
                mcp,
                trainer,
                rewards,
                limits,
                access,
                web);
    }

    public ServerConfig withMcp(McpOptions newMcp) {
        return new ServerConfig(
                host,
                port,
                maxSessions,
                mode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                newMcp,
                trainer,
                rewards,
                limits,
                access,
                web);
    }

    public ServerConfig withTrainer(TrainerChannel newTrainer) {
        return new ServerConfig(
                host,
                port,
                maxSessions,
                mode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                newTrainer,
                rewards,
                limits,
                access,
                web);
    }

    public ServerConfig withLimits(ServerLimits newLimits) {
        return new ServerConfig(
                host,
                port,
                maxSessions,
                mode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                trainer,
                rewards,
                newLimits,
                access,
                web);
    }

    public ServerConfig withAccess(ServerAccess newAccess) {
        return new ServerConfig(
                host,
                port,
                maxSessions,
                mode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                trainer,
                rewards,
                limits,
                newAccess,
                web);
    }

    public ServerConfig withRewards(ProviderRewards newRewards) {
        return new ServerConfig(
                host,
                port,
                maxSessions,
                mode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                trainer,
                newRewards,
                limits,
                access,
                web);
    }

    /** {@code true} serves {@code /web} in any mode, {@code false} never, {@code null} as the mode has it. */
    public ServerConfig withWeb(Boolean newWeb) {
        return new ServerConfig(
                host,
                port,
                maxSessions,
                mode,
                idleTimeout,
                maxMessageBytes,
                shutdownGrace,
                mcp,
                trainer,
                rewards,
                limits,
                access,
                newWeb);
    }
}
