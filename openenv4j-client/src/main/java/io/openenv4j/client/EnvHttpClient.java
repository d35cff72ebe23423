package io.openenv4j.client;

import io.openenv4j.client.internal.HttpTransport;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.StepOptions;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.WireJson;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP routes of an OpenEnv server: {@code /health}, {@code /metadata}, {@code /schema}, {@code
 * /openapi.json}, {@code POST /mcp}, and the simulation routes {@code /reset}, {@code /step}, {@code /state}.
 *
 * <p>The simulation routes are <em>stateless</em> on the reference server: each request builds a fresh
 * environment, uses it once and closes it, so a {@code step} never sees an earlier {@code reset}, and
 * {@code state} reports a fresh instance with only the base fields ({@code episode_id}, {@code
 * step_count}). Run episodes with {@link EnvClient}. In production mode the server answers these routes
 * with 404 ({@link HttpStatusException}).
 *
 * <p>Base URL: trailing {@code /} stripped; no scheme means {@code http://}.
 *
 * <p>Lifecycle: {@link #create} opens nothing; connections are made per request and pooled. {@link
 * #close()} releases them. Thread-safety: thread-safe, requests may run concurrently.
 *
 * @param <A> the action type
 * @param <O> the observation type
 * @param <S> the state type
 */
public final class EnvHttpClient<A, O, S> implements AutoCloseable {

    private final HttpTransport transport;
    private final EnvCodec<A, O, S> codec;

    private EnvHttpClient(HttpTransport transport, EnvCodec<A, O, S> codec) {
        this.transport = transport;
        this.codec = codec;
    }

    /**
     * A client with the default {@link ClientOptions}.
     *
     * @throws ClientMisuseException for a malformed base URL
     */
    public static <A, O, S> EnvHttpClient<A, O, S> create(
            String baseUrl, Class<A> actionType, Class<O> observationType, Class<S> stateType) {
        return create(baseUrl, actionType, observationType, stateType, ClientOptions.defaults());
    }

    /**
     * A client; the reply timeout bounds the wait for each response's headers.
     *
     * @throws ClientMisuseException for a malformed base URL
     */
    public static <A, O, S> EnvHttpClient<A, O, S> create(
            String baseUrl, Class<A> actionType, Class<O> observationType, Class<S> stateType, ClientOptions options) {
        EnvCodec<A, O, S> codec = EnvCodec.of(actionType, observationType, stateType);
        return new EnvHttpClient<>(HttpTransport.create(baseUrl, Objects.requireNonNull(options, "options")), codec);
    }

    /** An untyped client: actions, observations and state are JSON-shaped maps. */
    public static EnvHttpClient<Map<String, Object>, Map<String, Object>, Map<String, Object>> generic(String baseUrl) {
        return create(baseUrl, EnvClient.mapType(), EnvClient.mapType(), EnvClient.mapType(), ClientOptions.defaults());
    }

    /**
     * {@code GET /health}: the status the server reports, {@code "healthy"} from a working server.
     *
     * @throws HttpStatusException for a non-2xx answer
     * @throws ProtocolException when the body carries no string {@code status}
     * @throws TransportException when the request fails or times out
     */
    public String health() {
        JsonNode status = transport.get("/health").path("status");
        if (!status.isString()) {
            throw new ProtocolException("GET /health answered without a string 'status'");
        }
        return status.stringValue();
    }

    /**
     * {@code GET /metadata}. Unknown keys are ignored.
     *
     * @throws HttpStatusException for a non-2xx answer
     * @throws ProtocolException when {@code name} or {@code description} is missing
     * @throws TransportException when the request fails or times out
     */
    public EnvironmentMetadata metadata() {
        JsonNode body = transport.get("/metadata");
        return decode("GET /metadata", () -> WireJson.mapper().treeToValue(body, EnvironmentMetadata.class));
    }

    /**
     * {@code GET /schema}: {@code {"action":…,"observation":…,"state":…}} JSON Schemas.
     *
     * @throws HttpStatusException for a non-2xx answer
     * @throws TransportException when the request fails or times out
     */
    public JsonNode schema() {
        return transport.get("/schema");
    }

    /**
     * {@code GET /openapi.json}: the server's OpenAPI document.
     *
     * @throws HttpStatusException for a non-2xx answer
     * @throws TransportException when the request fails or times out
     */
    public JsonNode openApi() {
        return transport.get("/openapi.json");
    }

    /**
     * {@code POST /reset} with an empty body object.
     *
     * @throws OpenEnvClientException as {@link #reset(ResetRequest)}
     */
    public Step<O> reset() {
        return reset(ResetRequest.empty());
    }

    /**
     * {@code POST /reset} on a fresh, throw-away environment. The server validates {@code seed} (≥ 0) and
     * {@code episode_id} (≤ 255 characters) and answers 422 otherwise.
     *
     * @throws HttpStatusException for a non-2xx answer (422 validation, 500 environment failure, 404 in
     *     production mode)
     * @throws ProtocolException when the body is not a valid step payload
     * @throws TransportException when the request fails or times out
     */
    public Step<O> reset(ResetRequest request) {
        Objects.requireNonNull(request, "request");
        return decodeStep("POST /reset", transport.post("/reset", EnvCodec.encodeReset(request)));
    }

    /**
     * {@code POST /step} without options.
     *
     * @throws OpenEnvClientException as {@link #step(Object, StepOptions)}
     */
    public Step<O> step(A action) {
        return step(action, StepOptions.none());
    }

    /**
     * {@code POST /step} on a fresh, throw-away (never reset) environment; the options travel as {@code
     * timeout_s} and {@code request_id}, which only the HTTP route can carry.
     *
     * @throws HttpStatusException for a non-2xx answer (422 when the action is not accepted)
     * @throws ProtocolException when the body is not a valid step payload
     * @throws TransportException when the request fails or times out
     * @throws ClientMisuseException when the action does not encode as a JSON object, or is too large
     */
    public Step<O> step(A action, StepOptions options) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(options, "options");
        ObjectNode body = WireJson.object();
        try {
            body.set("action", codec.encodeAction(action));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ClientMisuseException("cannot encode the action: " + e.getMessage(), e);
        }
        options.timeoutIfPresent().ifPresent(timeout -> body.put("timeout_s", timeout.toNanos() / 1e9));
        if (options.requestId() != null) {
            body.put("request_id", options.requestId());
        }
        return decodeStep("POST /step", transport.post("/step", body));
    }

    /**
     * {@code GET /state} of a fresh environment (only the base fields survive on the reference server).
     *
     * @throws HttpStatusException for a non-2xx answer
     * @throws ProtocolException when the body does not decode into the state type
     * @throws TransportException when the request fails or times out
     */
    public S state() {
        JsonNode body = transport.get("/state");
        if (!body.isObject()) {
            throw new ProtocolException("GET /state answered with " + body.getNodeType() + ", not an object");
        }
        return decode("GET /state", () -> codec.decodeState(body));
    }

    /**
     * {@code POST /mcp}: sends a JSON-RPC request and returns the JSON-RPC response as it came; a JSON-RPC
     * {@code error} is a value here, not an exception (the reference answers 200 for those).
     *
     * @throws HttpStatusException for a non-2xx answer
     * @throws ProtocolException when the body is not JSON
     * @throws TransportException when the request fails or times out
     */
    public JsonNode mcp(JsonNode request) {
        Objects.requireNonNull(request, "request");
        return transport.post("/mcp", request);
    }

    /** Releases pooled connections. Idempotent; never throws. */
    @Override
    public void close() {
        transport.close();
    }

    private Step<O> decodeStep(String route, JsonNode body) {
        if (!body.isObject()) {
            throw new ProtocolException(route + " answered with " + body.getNodeType() + ", not a step payload");
        }
        return decode(route, () -> codec.decodeStep(body));
    }

    private static <T> T decode(String route, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ProtocolException(route + " answered with a body that does not decode: " + e.getMessage(), e);
        }
    }
}
