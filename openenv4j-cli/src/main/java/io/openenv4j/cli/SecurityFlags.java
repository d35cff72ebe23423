package io.openenv4j.cli;

import io.openenv4j.server.ServerAccess;
import io.openenv4j.server.ServerConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@code serve} options that protect a server: access token, TLS, allowed origins, timeouts, connection
 * limits (docs/security.md).
 */
final class SecurityFlags {

    @Option(
            names = "--header-timeout",
            paramLabel = "SECONDS",
            description = "Close connections that take longer to send a request head, or idle between requests"
                    + " (env OPENENV_HEADER_TIMEOUT_S; default 30).")
    Integer headerTimeoutSeconds;

    @Option(
            names = "--body-timeout",
            paramLabel = "SECONDS",
            description = "Answer 408 to request bodies that take longer (env OPENENV_BODY_TIMEOUT_S; default 60).")
    Integer bodyTimeoutSeconds;

    @Option(
            names = "--max-connections-per-address",
            paramLabel = "N",
            description = "Most open connections from one client address, 0 for no limit"
                    + " (env OPENENV_MAX_CONNECTIONS_PER_ADDRESS; default twice --max-sessions plus 64).")
    Integer maxConnectionsPerAddress;

    @Option(
            names = "--allowed-origins",
            paramLabel = "ORIGINS",
            split = ",",
            description = "Browser origins allowed on every route and WebSocket, comma-separated; * for any"
                    + " (env OPENENV_ALLOWED_ORIGINS; default loopback origins). Clients without Origin always pass.")
    java.util.List<String> allowedOrigins;

    @Option(
            names = "--auth-token-file",
            paramLabel = "FILE",
            description = "Require the token in FILE on every request and WebSocket: 'Authorization: Bearer <token>'"
                    + " (env OPENENV_AUTH_TOKEN_FILE or OPENENV_AUTH_TOKEN; default none). Never on the command line.")
    java.nio.file.Path authTokenFile;

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description = "Serve HTTPS and WSS with this certificate chain (env OPENENV_TLS_CERT; needs --tls-key).")
    java.nio.file.Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "PEM",
            description = "The certificate's private key (env OPENENV_TLS_KEY).")
    java.nio.file.Path tlsKey;

    @Option(
            names = "--step-timeout",
            paramLabel = "SECONDS",
            description = "Cancel a reset or step that runs longer and answer with an error, 0 for none"
                    + " (env OPENENV_STEP_TIMEOUT_S; default none).")
    Integer stepTimeoutSeconds;

    @Option(
            names = "--max-heap-use",
            paramLabel = "FRACTION",
            description = "Refuse new sessions while more of the heap is in use after collection"
                    + " (env OPENENV_MAX_HEAP_USE; default 0.9; 1 for no guard).")
    Double maxHeapUse;

    /** {@code config} with these options applied over it (options win over variables). */
    ServerConfig apply(ServerConfig config) {
        if (authTokenFile != null) {
            config = config.withAccess(config.access().withToken(ServerAccess.readToken(authTokenFile)));
        }
        if (tlsCert != null || tlsKey != null) {
            config = config.withAccess(config.access().withTls(tlsCert, tlsKey));
        }
        if (allowedOrigins != null) {
            config = config.withMcp(config.mcp()
                    .withAllowedOrigins(allowedOrigins.stream()
                            .map(String::trim)
                            .filter(origin -> !origin.isEmpty())
                            .toList()));
        }
        var limits = config.limits();
        if (headerTimeoutSeconds != null) {
            limits = limits.withHeaderTimeout(seconds("--header-timeout", headerTimeoutSeconds));
        }
        if (bodyTimeoutSeconds != null) {
            limits = limits.withBodyTimeout(seconds("--body-timeout", bodyTimeoutSeconds));
        }
        if (maxConnectionsPerAddress != null) {
            if (maxConnectionsPerAddress < 0) {
                throw new IllegalArgumentException("--max-connections-per-address must be 0 (no limit) or more");
            }
            limits = limits.withMaxConnectionsPerAddress(maxConnectionsPerAddress);
        }
        if (stepTimeoutSeconds != null) {
            if (stepTimeoutSeconds < 0) {
                throw new IllegalArgumentException("--step-timeout must be 0 (none) or more");
            }
            limits = limits.withStepTimeout(stepTimeoutSeconds == 0 ? null : Duration.ofSeconds(stepTimeoutSeconds));
        }
        if (maxHeapUse != null) {
            limits = limits.withMaxHeapUse(maxHeapUse);
        }
        return config.withLimits(limits);
    }

    private static Duration seconds(String option, int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException(option + " must be at least 1 second, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
