package io.openenv4j.server;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the spec-compliant MCP endpoint (Streamable HTTP on {@code /mcp}) behaves.
 *
 * @param allowedOrigins the browser origins allowed to reach the server: every HTTP route, {@code /mcp} in both
 *     dialects and every WebSocket ({@code /ws}, {@code /mcp}, {@code /ws/batch}), against cross-site pages and
 *     DNS rebinding: exact
 *     origins such as {@code https://app.example.com}, an origin without a port to allow every port of that
 *     scheme and host, or {@code *} for any. A request without an {@code Origin} header is always allowed; one
 *     whose origin is not listed gets 403.
 * @param toolCallTimeout how long a {@code tools/call} may take, from its arrival, before it is answered with
 *     an error result and its tool interrupted; {@code null} for no limit
 * @param toolsPageSize the most tools one {@code tools/list} page holds
 */
public record McpOptions(List<String> allowedOrigins, Duration toolCallTimeout, int toolsPageSize) {

    /** Loopback origins on any port: what a local browser-based client uses. */
    public static final List<String> LOOPBACK_ORIGINS = List.of(
            "http://localhost",
            "https://localhost",
            "http://127.0.0.1",
            "https://127.0.0.1",
            "http://[::1]",
            "https://[::1]");

    /** The default tool-call timeout: 30 s, the reference's default for MCP tool calls. */
    public static final Duration DEFAULT_TOOL_CALL_TIMEOUT = Duration.ofSeconds(30);

    public McpOptions {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (toolCallTimeout != null && (toolCallTimeout.isNegative() || toolCallTimeout.isZero())) {
            throw new IllegalArgumentException("toolCallTimeout must be positive, got " + toolCallTimeout);
        }
        if (toolsPageSize < 1) {
            throw new IllegalArgumentException("toolsPageSize must be at least 1, got " + toolsPageSize);
        }
    }

    /** Loopback origins, a 30 s tool-call timeout, 100 tools a page. */
    public static McpOptions defaults() {
        return new McpOptions(LOOPBACK_ORIGINS, DEFAULT_TOOL_CALL_TIMEOUT, 100);
    }

    public McpOptions withAllowedOrigins(List<String> origins) {
        return new McpOptions(origins, toolCallTimeout, toolsPageSize);
    }

    public McpOptions withToolCallTimeout(Duration timeout) {
        return new McpOptions(allowedOrigins, timeout, toolsPageSize);
    }

    public McpOptions withToolsPageSize(int size) {
        return new McpOptions(allowedOrigins, toolCallTimeout, size);
    }

    /** Whether a request with this {@code Origin} header (or none, {@code null}) may use the endpoint. */
    public boolean allowsOrigin(String origin) {
        if (origin == null) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return allowedOrigins.contains("*");
        }
        for (String allowed : allowedOrigins) {
            if (allowed.equals("*") || matches(allowed, uri)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String allowed, URI origin) {
        URI pattern;
        try {
            pattern = new URI(allowed.trim());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (pattern.getScheme() == null || pattern.getHost() == null) {
            return false;
        }
        return pattern.getScheme().equalsIgnoreCase(origin.getScheme())
                && pattern.getHost()
                        .toLowerCase(Locale.ROOT)
                        .equals(origin.getHost().toLowerCase(Locale.ROOT))
                && (pattern.getPort() == -1 || Objects.equals(pattern.getPort(), effectivePort(origin)));
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
