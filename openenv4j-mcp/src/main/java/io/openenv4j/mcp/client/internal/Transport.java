package io.openenv4j.mcp.client.internal;

import io.openenv4j.mcp.client.McpClientException;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Moves JSON-RPC messages between the client and one MCP server. Not part of the API.
 *
 * <p>Thread-safety: {@link #send} may be called from any number of threads at once; messages from the
 * server reach the {@link Sink} from the transport's own threads.
 */
public interface Transport {

    /** Where a transport delivers what the server sends. */
    interface Sink {

        /** One message (or batch array) from the server, parsed. */
        void message(JsonNode message);

        /** The stream that was to carry the reply to request {@code id} ended without it. */
        void lost(long id, McpClientException why);

        /** The transport failed for good; no further messages will arrive. */
        void failed(McpClientException why);
    }

    /**
     * Starts the transport (for stdio: launches the process) and begins delivering to {@code sink}.
     *
     * @throws io.openenv4j.mcp.client.McpTransportException of kind {@code CONNECT_FAILED}
     */
    void start(Sink sink);

    /**
     * Sends one message. Replies arrive through the sink. Blocks at most about {@code timeout} (for HTTP:
     * until the response headers).
     *
     * @param requestId the id when {@code message} is a request (its reply's stream is then watched), or -1
     * @throws McpClientException when the message could not be delivered, or the HTTP server refused it
     */
    void send(ObjectNode message, long requestId, Duration timeout);

    /** Stops watching for the reply to request {@code id}, which the client gave up on. */
    default void abandon(long requestId) {}

    /** Called once {@code initialize} succeeded, with the negotiated protocol version. */
    void initialized(String protocolVersion);

    /** Called after {@code notifications/initialized} went out: the session is ready for the server's own messages. */
    default void ready() {}

    /** Ends the session and releases everything (process and its descendants, HTTP session). Idempotent. */
    void close();

    /** A short description for messages, such as the command line or the URL. */
    String describe();
}
