package io.openenv4j.server.placement;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link PlacementRouter} listens and where its replicas are.
 *
 * @param host address to bind (loopback by default)
 * @param port port to bind, 0 for any free one
 * @param replicas the replicas' base URLs ({@code http://host:port}); {@link PlacementRouter#setReplicas} replaces them
 * @param pollInterval how often each replica's {@code GET /capacity} is read
 * @param connectTimeout how long connecting to a replica may take before it counts as down
 * @param maxMessageBytes the largest request body or WebSocket message relayed (as the replicas' own limit)
 * @param token the replicas' access token for the capacity polls, or {@code null}; clients' own
 *     {@code Authorization} headers are relayed as they come
 * @param trustAll accept any TLS certificate from replicas (tests only)
 */
public record PlacementConfig(
        String host,
        int port,
        List<URI> replicas,
        Duration pollInterval,
        Duration connectTimeout,
        int maxMessageBytes,
        String token,
        boolean trustAll) {

    public PlacementConfig {
        Objects.requireNonNull(host, "host");
        replicas = List.copyOf(replicas);
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive");
        }
        for (URI uri : replicas) {
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("a replica must be an http(s)://host:port URL: " + uri);
            }
        }
    }

    /** Loopback, any free port, polled every 250 ms, 2 s to connect, 16 MiB messages. */
    public static PlacementConfig of(List<URI> replicas) {
        return new PlacementConfig(
                "127.0.0.1", 0, replicas, Duration.ofMillis(250), Duration.ofSeconds(2), 16 * 1024 * 1024, null, false);
    }

    public PlacementConfig withPort(int newPort) {
        return new PlacementConfig(
                host, newPort, replicas, pollInterval, connectTimeout, maxMessageBytes, token, trustAll);
    }

    public PlacementConfig withHost(String newHost) {
        return new PlacementConfig(
                newHost, port, replicas, pollInterval, connectTimeout, maxMessageBytes, token, trustAll);
    }

    public PlacementConfig withPollInterval(Duration interval) {
        return new PlacementConfig(host, port, replicas, interval, connectTimeout, maxMessageBytes, token, trustAll);
    }

    public PlacementConfig withToken(String newToken) {
        return new PlacementConfig(
                host, port, replicas, pollInterval, connectTimeout, maxMessageBytes, newToken, trustAll);
    }
}
