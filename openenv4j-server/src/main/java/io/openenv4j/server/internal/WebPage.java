package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web page for people at {@code /web} (docs/web.md): static files from the jar (plain HTML, CSS and
 * JavaScript modules, no build step) and {@code GET /web/status}, a small JSON report for operators. The page
 * itself talks to the server like any client, over {@code /ws}, {@code /schema}, {@code /metadata} and
 * {@code /mcp}.
 */
final class WebPage {

    private static final String ROOT = "io/openenv4j/server/web/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json");
    /** The page loads its own files only; pictures may be data URLs; sockets go back to this server. */
    private static final String POLICY = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self' ws: wss:;"
            + " style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'";

    private final EnvSpec<?, ?, ?> spec;
    private final ServerConfig config;
    private final SessionPool<?, ?, ?> pool;
    private final ErrorTally errors;
    private final Instant started = Instant.now();
    private final Map<String, Buffer> files = new ConcurrentHashMap<>();

    WebPage(EnvSpec<?, ?, ?> spec, ServerConfig config, SessionPool<?, ?, ?> pool, ErrorTally errors) {
        this.spec = spec;
        this.config = config;
        this.pool = pool;
        this.errors = errors;
    }

    static boolean claims(String path) {
        return path.equals("/web") || path.startsWith("/web/");
    }

    void handle(HttpServerRequest request) {
        var response = request.response();
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            response.putHeader("allow", "GET");
            response.setStatusCode(405)
                    .putHeader("content-type", "application/json")
                    .end("{\"detail\":\"Method Not Allowed\"}");
            return;
        }
        String path = request.path();
        if (path.equals("/web")) {
            // Relative, so that the page also works behind a proxy that serves the server under a prefix.
            String query = request.query() == null ? "" : "?" + request.query();
            response.setStatusCode(307).putHeader("location", "web/" + query).end();
            return;
        }
        if (path.equals("/web/status")) {
            response.putHeader("cache-control", "no-store");
            response.setStatusCode(200)
                    .putHeader("content-type", "application/json")
                    .end(status());
            return;
        }
        String name = path.equals("/web/") ? "index.html" : path.substring("/web/".length());
        Buffer body = name.matches("[a-z0-9-]+\\.[a-z]+") ? file(name) : null;
        if (body == null) {
            response.setStatusCode(404)
                    .putHeader("content-type", "application/json")
                    .end("{\"detail\":\"Not Found\"}");
            return;
        }
        String extension = name.substring(name.lastIndexOf('.') + 1);
        response.putHeader("content-type", TYPES.getOrDefault(extension, "application/octet-stream"))
                .putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("content-security-policy", POLICY)
                .setStatusCode(200)
                .end(body);
    }

    private Buffer file(String name) {
        Buffer cached = files.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = WebPage.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return null;
            }
            Buffer body = Buffer.buffer(in.readAllBytes());
            files.putIfAbsent(name, body);
            return body;
        } catch (IOException e) {
            return null;
        }
    }

    /** Sessions by kind, capacity, error frames by code, uptime: what the status view polls. */
    private String status() {
        var node = WireJson.object();
        node.put("environment", spec.metadata().name());
        node.put("mode", config.mode().wireName());
        node.put("active_sessions", pool.active());
        node.put("max_sessions", config.maxSessions());
        var kinds = new EnumMap<Session.Kind, Integer>(Session.Kind.class);
        for (Session.Kind kind : Session.Kind.values()) {
            kinds.put(kind, 0);
        }
        pool.all().forEach(session -> kinds.merge(session.kind, 1, Integer::sum));
        var byKind = node.putObject("sessions");
        kinds.forEach((kind, count) -> byKind.put(kind.name().toLowerCase(java.util.Locale.ROOT), count));
        node.put(
                "idle_timeout_s",
                config.idleTimeout() == null ? null : config.idleTimeout().toSeconds());
        var counted = node.putObject("errors");
        errors.snapshot().forEach(counted::put);
        node.put("started_at", started.toString());
        node.put("uptime_s", java.time.Duration.between(started, Instant.now()).toSeconds());
        return WireJson.write(node);
    }
}
