package io.openenv4j.client;

import io.openenv4j.client.internal.SocketConnection;
import io.openenv4j.client.internal.Urls;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.wire.ClientMessage;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.ServerMessage;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A session with an OpenEnv environment over the {@code /ws} WebSocket: one client is one connection, one
 * server-side session and one environment instance.
 *
 * <pre>{@code
 * try (var env = EnvClient.connect("http://localhost:8000", MoveAction.class, GridObservation.class, GridState.class)) {
 *     Step<GridObservation> step = env.reset(ResetRequest.withSeed(42));
 *     while (!step.done()) {
 *         step = env.step(new MoveAction("left"));
 *     }
 * }
 * }</pre>
 *
 * <p>URL: derived from the base URL as the Python reference does: trailing {@code /} stripped, {@code
 * http}→{@code ws}, {@code https}→{@code wss}, no scheme→{@code ws}, then {@code /ws} appended.
 *
 * <p>Types: actions are encoded, and observations and state decoded, with the shared wire mapper
 * (snake_case, unknown keys ignored, {@code NaN} accepted); {@code reward} may arrive as a number, a
 * boolean (1.0/0.0) or null, and a non-finite reward becomes null. Use {@code Map} for untyped JSON
 * ({@link #generic(String)}), and {@link ToolAction}/{@link ToolObservation} for tool environments
 * ({@link #tools(String)}).
 *
 * <p>Lifecycle: {@code connect} opens the connection at once. The server may still refuse the session
 * right after the handshake ({@code CAPACITY_REACHED}, {@code FACTORY_ERROR}): it then sends an error
 * frame and closes, and the next call throws that {@link ServerErrorException}. A connection closed by
 * the server is never reopened; connect a new client. {@link #close()} ends the session.
 *
 * <p>Thread-safety: thread-safe, calls are serialised. The protocol is strictly request/response with no
 * request ids, so one request is in flight at a time; concurrent callers queue (fairly) for their turn.
 * Each reply is awaited for {@link ClientOptions#replyTimeout()}; when it does not come, the connection
 * is closed and the call throws a {@link TransportException} of kind {@code TIMEOUT}: a reply arriving
 * later would otherwise be read as the answer to the next request (the Python client's gap G6). The same
 * holds for a thread interrupted while waiting for its reply.
 *
 * <p>Keep-alive: the JDK answers the server's pings by itself; the client keeps reading while a caller
 * waits, so pings are answered during long steps too.
 *
 * @param <A> the action type
 * @param <O> the observation type
 * @param <S> the state type
 */
public final class EnvClient<A, O, S> implements AutoCloseable {

    private final SocketConnection connection;
    private final EnvCodec<A, O, S> codec;

    private EnvClient(SocketConnection connection, EnvCodec<A, O, S> codec) {
        this.connection = connection;
        this.codec = codec;
    }

    /**
     * Connects with the default {@link ClientOptions}.
     *
     * @throws TransportException of kind {@code CONNECT_FAILED} when the handshake fails
     * @throws ClientMisuseException when the base URL is not a valid URL
     */
    public static <A, O, S> EnvClient<A, O, S> connect(
            String baseUrl, Class<A> actionType, Class<O> observationType, Class<S> stateType) {
        return connect(baseUrl, actionType, observationType, stateType, ClientOptions.defaults());
    }

    /**
     * Connects to {@code baseUrl} (for example {@code http://localhost:8000}).
     *
     * @throws TransportException of kind {@code CONNECT_FAILED} when the handshake fails
     * @throws ClientMisuseException when the base URL is not a valid URL
     */
    public static <A, O, S> EnvClient<A, O, S> connect(
            String baseUrl, Class<A> actionType, Class<O> observationType, Class<S> stateType, ClientOptions options) {
        EnvCodec<A, O, S> codec = EnvCodec.of(actionType, observationType, stateType);
        Objects.requireNonNull(options, "options");
        URI uri = Urls.webSocket(baseUrl);
        return new EnvClient<>(SocketConnection.open(uri, options), codec);
    }

    /** An untyped client: actions, observations and state are JSON-shaped maps. */
    public static EnvClient<Map<String, Object>, Map<String, Object>, Map<String, Object>> generic(String baseUrl) {
        return generic(baseUrl, ClientOptions.defaults());
    }

    /** An untyped client with the given options. */
    public static EnvClient<Map<String, Object>, Map<String, Object>, Map<String, Object>> generic(
            String baseUrl, ClientOptions options) {
        return connect(baseUrl, mapType(), mapType(), mapType(), options);
    }

    /** A client for a tool (MCP) environment. */
    public static ToolClient tools(String baseUrl) {
        return tools(baseUrl, ClientOptions.defaults());
    }

    /** A client for a tool (MCP) environment, with the given options. */
    public static ToolClient tools(String baseUrl, ClientOptions options) {
        return ToolClient.wrap(connect(baseUrl, ToolAction.class, ToolObservation.class, mapType(), options));
    }

    /** The WebSocket URL this client is connected to. */
    public URI uri() {
        return connection.uri();
    }

    /** Whether the client may still be used: not closed, and the connection not known to have failed. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /**
     * Starts a new episode with no seed, episode id or options (sends {@code {"type":"reset","data":{}}}).
     *
     * @throws ServerErrorException when the server reports an error (the session usually lives on)
     * @throws ProtocolException when the reply is not a valid observation
     * @throws TransportException when the connection fails or the reply times out
     * @throws ClientMisuseException when the client is closed
     */
    public Step<O> reset() {
        return reset(ResetRequest.empty());
    }

    /**
     * Starts a new episode; the seed, episode id and options travel as the frame's {@code data}.
     *
     * @throws ServerErrorException when the server reports an error (the session usually lives on)
     * @throws ProtocolException when the reply is not a valid observation
     * @throws TransportException when the connection fails or the reply times out
     * @throws ClientMisuseException when the client is closed or the request is too large to send
     */
    public Step<O> reset(ResetRequest request) {
        Objects.requireNonNull(request, "request");
        return observation(new ClientMessage.Reset(encode(() -> EnvCodec.encodeReset(request))).toJson());
    }

    /**
     * Applies one action. The server's {@code VALIDATION_ERROR} (action not accepted) and {@code
     * EXECUTION_ERROR} (the environment threw) arrive as {@link ServerErrorException}; the session lives on.
     *
     * @throws ServerErrorException when the server reports an error
     * @throws ProtocolException when the reply is not a valid observation
     * @throws TransportException when the connection fails or the reply times out
     * @throws ClientMisuseException when the client is closed, or the action does not encode as a JSON
     *     object or is too large to send
     */
    public Step<O> step(A action) {
        Objects.requireNonNull(action, "action");
        return observation(new ClientMessage.Step(encode(() -> codec.encodeAction(action))).toJson());
    }

    /**
     * The environment's current state (sends {@code {"type":"state"}}).
     *
     * @throws ServerErrorException when the server reports an error
     * @throws ProtocolException when the reply is not a state, or does not decode into the state type
     * @throws TransportException when the connection fails or the reply times out
     * @throws ClientMisuseException when the client is closed
     */
    public S state() {
        ServerMessage reply = connection.exchange(new ClientMessage.State().toJson());
        if (!(reply instanceof ServerMessage.State state) || !state.data().isObject()) {
            throw unexpected("a state", reply);
        }
        try {
            return codec.decodeState(state.data());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ProtocolException("the state does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * Sends a JSON-RPC request through the session ({@code {"type":"mcp","data":…}}) and returns the
     * JSON-RPC response as it came, errors included: a JSON-RPC {@code error} is a value here, not an
     * exception.
     *
     * @throws ServerErrorException when the server answers with an error frame
     * @throws ProtocolException when the reply is not an {@code mcp} reply
     * @throws TransportException when the connection fails or the reply times out
     * @throws ClientMisuseException when the client is closed or the request is not a JSON object
     */
    public JsonNode mcp(JsonNode jsonRpcRequest) {
        Objects.requireNonNull(jsonRpcRequest, "jsonRpcRequest");
        if (!jsonRpcRequest.isObject()) {
            throw new ClientMisuseException("a JSON-RPC request is a JSON object, got " + jsonRpcRequest.getNodeType());
        }
        ServerMessage reply = connection.exchange(new ClientMessage.Mcp(jsonRpcRequest).toJson());
        if (!(reply instanceof ServerMessage.Mcp mcp) || mcp.data().isMissingNode()) {
            throw unexpected("an mcp reply", reply);
        }
        return mcp.data();
    }

    /**
     * Ends the session: sends {@code {"type":"close"}} (best effort), closes the WebSocket and releases
     * its resources, waiting at most about a second for the server. Idempotent; never throws. A call
     * waiting for its reply on another thread fails with a {@link TransportException}; later calls throw
     * {@link ClientMisuseException}.
     */
    @Override
    public void close() {
        connection.close();
    }

    private Step<O> observation(String frame) {
        ServerMessage reply = connection.exchange(frame);
        if (!(reply instanceof ServerMessage.Observation observation)) {
            throw unexpected("an observation", reply);
        }
        try {
            return codec.decodeStep(observation.data());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ProtocolException("the observation does not decode: " + e.getMessage(), e);
        }
    }

    private static <T> T encode(java.util.function.Supplier<T> encoder) {
        try {
            return encoder.get();
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ClientMisuseException("cannot encode the request: " + e.getMessage(), e);
        }
    }

    private static ProtocolException unexpected(String wanted, ServerMessage reply) {
        String got = switch (reply) {
            case ServerMessage.Observation ignored -> "an observation";
            case ServerMessage.State ignored -> "a state";
            case ServerMessage.Mcp ignored -> "an mcp reply";
            case ServerMessage.Error error -> "an error " + error.error().code();
            case ServerMessage.Unknown unknown -> "a message of type '" + unknown.type() + "'";
        };
        String text;
        try {
            text = reply.toJson();
        } catch (RuntimeException e) {
            text = String.valueOf(reply);
        }
        if (text.length() > 200) {
            text = text.substring(0, 200) + "…";
        }
        return new ProtocolException("expected " + wanted + " but the server sent " + got + ": " + text);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Class<Map<String, Object>> mapType() {
        return (Class) Map.class;
    }
}
