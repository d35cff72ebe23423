package io.openenv4j.client;

import io.openenv4j.client.internal.SocketConnection;
import io.openenv4j.client.internal.Urls;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.ServerMessage;
import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * N environments of one server stepped together over one {@code /ws/batch?envs=N} WebSocket, the OpenEnv4j
 * batched-stepping extension (docs/protocol.md, "Batched stepping"): one frame carries an action for each
 * environment and comes back with N results, so a vectorised training loop pays the per-message costs once
 * per N environment steps. The semantics are Gymnasium's vector API's: {@link AutoresetMode autoreset
 * modes}, per-environment seeds, partial resets, and errors per environment.
 *
 * <pre>{@code
 * try (var envs = VectorEnvClient.generic("http://localhost:8000", 16, AutoresetMode.NEXT_STEP)) {
 *     List<VectorResult<Map<String, Object>>> first = envs.reset(42);     // environment i gets seed 42 + i
 *     for (int t = 0; t < 1000; t++) {
 *         List<Map<String, Object>> actions = new ArrayList<>();
 *         for (int i = 0; i < envs.size(); i++) {
 *             actions.add(Map.of("action", t % 2));
 *         }
 *         for (VectorResult<Map<String, Object>> result : envs.step(actions)) {
 *             if (result instanceof VectorResult.Failed<?> failed) {
 *                 System.err.println("environment " + failed.index() + ": " + failed.error().getMessage());
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Results: every call returns one {@link VectorResult} per environment, in index order: {@link
 * VectorResult.Stepped} (the step payload, decoded as {@link EnvClient} decodes it), {@link
 * VectorResult.Failed} (that environment's error: an action that does not validate, an environment that
 * threw; the others are unaffected) or {@link VectorResult.Skipped} (the call left it alone). Only a failure
 * of the whole frame throws.
 *
 * <p>Lifecycle: {@code connect} opens the socket; the server builds the N environments then, and may still
 * refuse the group ({@code CAPACITY_REACHED} when N slots are not free, {@code FACTORY_ERROR}): the first
 * call then throws that {@link ServerErrorException}. A server without the extension (the Python reference)
 * answers the handshake with 404: {@link TransportException} of kind {@code CONNECT_FAILED}. {@link #close()}
 * closes every environment of the group and frees its slots.
 *
 * <p>Thread-safety: thread-safe, calls are serialised as in {@link EnvClient}; the autoreset bookkeeping is
 * updated under the same order.
 *
 * @param <A> the action type
 * @param <O> the observation type
 * @param <S> the state type
 */
public final class VectorEnvClient<A, O, S> implements AutoCloseable {

    /** The largest group the server accepts. */
    public static final int MAX_ENVS = 4096;

    private final SocketConnection connection;
    private final EnvCodec<A, O, S> codec;
    private final int size;
    private final AutoresetMode mode;
    /** NEXT_STEP: the environments whose episode ended at the last step, reset at the next. Guarded by this. */
    private final boolean[] pendingReset;

    private VectorEnvClient(SocketConnection connection, EnvCodec<A, O, S> codec, int size, AutoresetMode mode) {
        this.connection = connection;
        this.codec = codec;
        this.size = size;
        this.mode = mode;
        this.pendingReset = new boolean[size];
    }

    /**
     * Opens a group of {@code envs} environments with {@link AutoresetMode#NEXT_STEP} (Gymnasium's default)
     * and the default {@link ClientOptions}.
     *
     * @throws TransportException of kind {@code CONNECT_FAILED} when the handshake fails (404: the server
     *     does not offer {@code /ws/batch})
     * @throws ClientMisuseException when the base URL is not valid or {@code envs} is not within 1..4096
     */
    public static <A, O, S> VectorEnvClient<A, O, S> connect(
            String baseUrl, int envs, Class<A> actionType, Class<O> observationType, Class<S> stateType) {
        return connect(
                baseUrl,
                envs,
                actionType,
                observationType,
                stateType,
                AutoresetMode.NEXT_STEP,
                ClientOptions.defaults());
    }

    /**
     * Opens a group of {@code envs} environments on the server at {@code baseUrl} (for example {@code
     * http://localhost:8000}).
     *
     * @throws TransportException of kind {@code CONNECT_FAILED} when the handshake fails (404: the server
     *     does not offer {@code /ws/batch})
     * @throws ClientMisuseException when the base URL is not valid or {@code envs} is not within 1..4096
     */
    public static <A, O, S> VectorEnvClient<A, O, S> connect(
            String baseUrl,
            int envs,
            Class<A> actionType,
            Class<O> observationType,
            Class<S> stateType,
            AutoresetMode mode,
            ClientOptions options) {
        EnvCodec<A, O, S> codec = EnvCodec.of(actionType, observationType, stateType);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
        if (envs < 1 || envs > MAX_ENVS) {
            throw new ClientMisuseException("a group has 1 to " + MAX_ENVS + " environments, not " + envs);
        }
        URI uri = Urls.batchWebSocket(baseUrl, envs);
        return new VectorEnvClient<>(SocketConnection.open(uri, options), codec, envs, mode);
    }

    /** An untyped group: actions, observations and states are JSON-shaped maps. */
    public static VectorEnvClient<Map<String, Object>, Map<String, Object>, Map<String, Object>> generic(
            String baseUrl, int envs, AutoresetMode mode) {
        return connect(
                baseUrl,
                envs,
                EnvClient.mapType(),
                EnvClient.mapType(),
                EnvClient.mapType(),
                mode,
                ClientOptions.defaults());
    }

    /** The number of environments in the group. */
    public int size() {
        return size;
    }

    /** What the client does with environments whose episode ended. */
    public AutoresetMode autoresetMode() {
        return mode;
    }

    /** The WebSocket URL of the group, for example {@code ws://localhost:8000/ws/batch?envs=16}. */
    public URI uri() {
        return connection.uri();
    }

    /** Whether the client may still be used: not closed, and the connection not known to have failed. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /**
     * Starts a new episode in every environment, without seed or options.
     *
     * @throws ServerErrorException when the server refuses the whole frame, or the group ({@code
     *     CAPACITY_REACHED}, {@code FACTORY_ERROR})
     * @throws ProtocolException when the reply is not N results
     * @throws TransportException when the connection fails or the reply times out
     * @throws ClientMisuseException when the client is closed
     */
    public synchronized List<VectorResult<O>> reset() {
        return resetAll(Collections.nCopies(size, ResetRequest.empty()));
    }

    /**
     * Starts a new episode in every environment, environment {@code i} with seed {@code seed + i}, as
     * Gymnasium's {@code reset(seed=seed)} of a vector environment does.
     *
     * @throws ServerErrorException when the server refuses the whole frame
     * @throws ProtocolException when the reply is not N results
     * @throws TransportException when the connection fails or the reply times out
     * @throws ClientMisuseException when the client is closed
     */
    public synchronized List<VectorResult<O>> reset(long seed) {
        var requests = new ArrayList<ResetRequest>(size);
        for (int i = 0; i < size; i++) {
            requests.add(ResetRequest.withSeed(seed + i));
        }
        return resetAll(requests);
    }

    /**
     * Resets the environments whose entry is not {@code null}, each with its own request (seed, episode id,
     * options); a {@code null} entry leaves that environment alone ({@link VectorResult.Skipped}), which is
     * Gymnasium's partial reset ({@code reset_mask}).
     *
     * @throws ServerErrorException when the server refuses the whole frame
     * @throws ProtocolException when the reply is not N results
     * @throws TransportException when the connection fails or the reply times out
     * @throws ClientMisuseException when the client is closed or the list does not have one entry per environment
     */
    public synchronized List<VectorResult<O>> reset(List<ResetRequest> requests) {
        Objects.requireNonNull(requests, "requests");
        checkLength(requests, "reset requests");
        return resetAll(requests);
    }

    /**
     * Applies one action per environment; a {@code null} action leaves that environment alone ({@link
     * VectorResult.Skipped}). Environments are reset as the {@link #autoresetMode()} says: under {@code
     * NEXT_STEP} the action of an environment whose episode ended at the previous step is ignored and the
     * environment reset instead (also when the action is null); under {@code SAME_STEP} an environment whose
     * episode ends now is reset now.
     *
     * @throws ServerErrorException when the server refuses the whole frame
     * @throws ProtocolException when the reply is not N results or a payload does not decode
     * @throws TransportException when the connection fails or the reply times out
     * @throws ClientMisuseException when the client is closed, the list does not have one entry per
     *     environment, or an action does not encode as a JSON object
     */
    public synchronized List<VectorResult<O>> step(List<A> actions) {
        Objects.requireNonNull(actions, "actions");
        checkLength(actions, "actions");
        ArrayNode encoded = WireJson.mapper().createArrayNode();
        boolean anyStep = false;
        boolean anyReset = false;
        for (int i = 0; i < size; i++) {
            A action = actions.get(i);
            if (pendingReset[i]) {
                encoded.addNull();
                anyReset = true;
            } else if (action == null) {
                encoded.addNull();
            } else {
                encoded.add(encode(i, action));
                anyStep = true;
            }
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        VectorResult<O>[] results = new VectorResult[size];
        if (anyReset) {
            List<VectorResult<O>> resets = send("reset", "requests", i -> pendingReset[i] ? WireJson.object() : null);
            for (int i = 0; i < size; i++) {
                if (pendingReset[i]) {
                    // A failed reset stays pending: the next step tries it again.
                    pendingReset[i] = !(resets.get(i) instanceof VectorResult.Stepped<O>);
                    results[i] = resets.get(i) instanceof VectorResult.Stepped<O> reset
                            ? new VectorResult.Stepped<>(i, Step.of(reset.step().observation(), 0.0, false), null, true)
                            : resets.get(i);
                }
            }
        }
        List<VectorResult<O>> steps = anyStep ? send("step", "actions", encoded::get) : skippedAll();
        boolean[] resetNow = new boolean[size];
        for (int i = 0; i < size; i++) {
            if (results[i] != null) {
                continue;
            }
            results[i] = steps.get(i);
            if (steps.get(i) instanceof VectorResult.Stepped<O> stepped
                    && stepped.step().done()) {
                switch (mode) {
                    case NEXT_STEP -> pendingReset[i] = true;
                    case SAME_STEP -> resetNow[i] = true;
                    case DISABLED -> {}
                }
            }
        }
        if (mode == AutoresetMode.SAME_STEP && anyTrue(resetNow)) {
            List<VectorResult<O>> resets = send("reset", "requests", i -> resetNow[i] ? WireJson.object() : null);
            for (int i = 0; i < size; i++) {
                if (resetNow[i] && results[i] instanceof VectorResult.Stepped<O> last) {
                    results[i] = resets.get(i) instanceof VectorResult.Stepped<O> reset
                            ? new VectorResult.Stepped<>(
                                    i,
                                    Step.of(
                                            reset.step().observation(),
                                            last.step().reward(),
                                            true),
                                    last.step(),
                                    false)
                            : resets.get(i);
                }
            }
        }
        return List.of(results);
    }

    /**
     * Every environment's current state, in index order.
     *
     * @throws ServerErrorException when the server reports an error
     * @throws ProtocolException when the reply is not N states or a state does not decode
     * @throws TransportException when the connection fails or the reply times out
     * @throws ClientMisuseException when the client is closed
     */
    public synchronized List<S> states() {
        JsonNode states = entries(connection.exchange("{\"type\":\"state\"}"), "states", "states");
        var decoded = new ArrayList<S>(size);
        for (JsonNode state : states) {
            try {
                decoded.add(codec.decodeState(state));
            } catch (JacksonException | IllegalArgumentException e) {
                throw new ProtocolException("a state does not decode: " + e.getMessage(), e);
            }
        }
        return decoded;
    }

    /**
     * Closes the group: sends {@code {"type":"close"}} (best effort), which closes every environment of the
     * group on the server and frees its slots, then the WebSocket. Idempotent; never throws.
     */
    @Override
    public void close() {
        connection.close();
    }

    private List<VectorResult<O>> resetAll(List<ResetRequest> requests) {
        List<VectorResult<O>> results = send(
                "reset",
                "requests",
                i -> requests.get(i) == null ? null : encodeOrMisuse(() -> EnvCodec.encodeReset(requests.get(i))));
        for (int i = 0; i < size; i++) {
            if (requests.get(i) != null && results.get(i) instanceof VectorResult.Stepped<O>) {
                pendingReset[i] = false;
            }
        }
        return results;
    }

    /** Sends {@code {"type":type,"data":{key:[entry(0), …]}}} and reads the N results. */
    private List<VectorResult<O>> send(String type, String key, IntFunction<JsonNode> entry) {
        ObjectNode frame = WireJson.object();
        frame.put("type", type);
        ArrayNode list = frame.putObject("data").putArray(key);
        for (int i = 0; i < size; i++) {
            JsonNode value = entry.apply(i);
            if (value == null) {
                list.addNull();
            } else {
                list.add(value);
            }
        }
        JsonNode replies = entries(connection.exchange(WireJson.write(frame)), "observations", "results");
        var results = new ArrayList<VectorResult<O>>(size);
        for (int i = 0; i < size; i++) {
            results.add(result(i, replies.get(i)));
        }
        return results;
    }

    private VectorResult<O> result(int index, JsonNode reply) {
        if (reply == null || reply.isNull()) {
            return new VectorResult.Skipped<>(index);
        }
        if (reply.get("error") instanceof JsonNode error && error.isObject() && !reply.has("observation")) {
            ServerMessage message = ServerMessage.parse("{\"type\":\"error\",\"data\":" + WireJson.write(error) + "}");
            return new VectorResult.Failed<>(index, new ServerErrorException(((ServerMessage.Error) message).error()));
        }
        try {
            return new VectorResult.Stepped<>(index, codec.decodeStep(reply), null, false);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ProtocolException(
                    "the observation of environment " + index + " does not decode: " + e.getMessage(), e);
        }
    }

    /** The N entries under {@code data.key} of a reply of type {@code type}. */
    private JsonNode entries(ServerMessage reply, String type, String key) {
        if (reply instanceof ServerMessage.Unknown unknown
                && unknown.type().equals(type)
                && unknown.data().get(key) instanceof ArrayNode list
                && list.size() == size) {
            return list;
        }
        String text = reply.toJson();
        throw new ProtocolException("expected '" + type + "' with " + size + " entries but the server sent: "
                + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
    }

    private List<VectorResult<O>> skippedAll() {
        var skipped = new ArrayList<VectorResult<O>>(size);
        for (int i = 0; i < size; i++) {
            skipped.add(new VectorResult.Skipped<>(i));
        }
        return skipped;
    }

    private JsonNode encode(int index, A action) {
        try {
            return codec.encodeAction(action);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ClientMisuseException(
                    "cannot encode the action of environment " + index + ": " + e.getMessage(), e);
        }
    }

    private static <T> T encodeOrMisuse(java.util.function.Supplier<T> encoder) {
        try {
            return encoder.get();
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ClientMisuseException("cannot encode the request: " + e.getMessage(), e);
        }
    }

    private void checkLength(List<?> list, String what) {
        if (list.size() != size) {
            throw new ClientMisuseException(
                    "expected " + size + " " + what + " (one per environment), got " + list.size());
        }
    }

    private static boolean anyTrue(boolean[] flags) {
        for (boolean flag : flags) {
            if (flag) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "VectorEnvClient[" + connection.uri() + ", " + size + " environments, " + mode + "]";
    }
}
