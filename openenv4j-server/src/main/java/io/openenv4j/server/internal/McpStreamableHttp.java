package io.openenv4j.server.internal;

import io.openenv4j.mcp.server.McpServer;
import io.openenv4j.mcp.server.StreamableHttp;
import io.openenv4j.server.McpOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The HTTP transport of spec MCP on {@code /mcp}: checks the origin, hands the request's method, headers and
 * body to {@code openenv4j-mcp}'s {@link StreamableHttp} and writes the status, headers and body it answers.
 * Thread-safe.
 */
final class McpStreamableHttp {

    private final McpOptions options;
    private final StreamableHttp exchanges;

    McpStreamableHttp(McpServer server, McpOptions options) {
        this.options = options;
        this.exchanges = new StreamableHttp(server);
    }

    /** Whether the request's headers make it spec MCP, whatever its body. */
    static boolean claimsByHeaders(HttpServerRequest request) {
        return StreamableHttp.claimsByHeaders(request::getHeader);
    }

    /** Whether a POST body is a spec MCP {@code initialize}. */
    static boolean isInitialize(String body) {
        return StreamableHttp.isInitialize(body);
    }

    /** Answers a spec request that has no body to read (GET, DELETE, other methods). On the event loop. */
    void handleWithoutBody(HttpServerRequest request) {
        if (!options.allowsOrigin(request.getHeader("origin"))) {
            forbidden(request.response());
            return;
        }
        write(request.response(), exchanges.withoutBody(request.method().name(), request::getHeader));
    }

    /** Answers a spec POST. Blocking: call from a virtual thread. */
    void post(HttpServerRequest request, String body) {
        if (!options.allowsOrigin(request.getHeader("origin"))) {
            forbidden(request.response());
            return;
        }
        write(request.response(), exchanges.post(request::getHeader, body));
    }

    static void forbidden(HttpServerResponse response) {
        write(response, StreamableHttp.forbidden());
    }

    private static void write(HttpServerResponse response, StreamableHttp.Response answer) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        if (answer.body() == null) {
            response.end();
        } else {
            response.end(answer.body());
        }
    }
}
