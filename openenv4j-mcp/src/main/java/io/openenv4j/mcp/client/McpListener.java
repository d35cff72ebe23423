package io.openenv4j.mcp.client;

import java.util.Map;

/**
 * Receives what an MCP server tells the client without being asked. Every method has an empty default;
 * override the ones you need.
 *
 * <p>Threading: called on the client's reader thread, one notification at a time, in arrival order. Keep
 * the work short; a slow listener delays replies. An exception thrown by the listener is logged and
 * otherwise ignored.
 */
public interface McpListener {

    /** A listener that ignores everything. */
    McpListener NONE = new McpListener() {};

    /**
     * Progress of a request ({@code notifications/progress}). The client asks for progress on every tool
     * call when a listener is set; the token is the request's id.
     */
    default void onProgress(Progress progress) {}

    /** A log message ({@code notifications/message}). */
    default void onLog(LogMessage message) {}

    /** The server's tool list changed ({@code notifications/tools/list_changed}); the client's cache is already cleared. */
    default void onToolsChanged() {}

    /** Any other notification, with its params as JSON-shaped values (never null). */
    default void onNotification(String method, Map<String, Object> params) {}

    /**
     * One {@code notifications/progress}.
     *
     * @param progressToken the token the request carried (a {@code String} or {@code Number})
     * @param progress progress so far
     * @param total the total, or {@code null} when unknown
     * @param message a human-readable message, or {@code null}
     */
    record Progress(Object progressToken, double progress, Double total, String message) {}

    /**
     * One {@code notifications/message}.
     *
     * @param level the syslog level name ({@code debug}, {@code info}, … {@code emergency})
     * @param logger the logger's name, or {@code null}
     * @param data the message: any JSON-shaped value
     */
    record LogMessage(String level, String logger, Object data) {}
}
