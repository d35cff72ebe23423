package io.openenv4j.server.internal;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.StepOptions;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.InvalidInputException;
import io.openenv4j.wire.ServerMessage;
import io.openenv4j.wire.ValidationIssue;
import io.openenv4j.wire.WireError;
import io.openenv4j.wire.WireJson;
import io.vertx.core.http.ServerWebSocket;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The opt-in batched (vectorised) stepping extension on {@code /ws/batch?envs=N}: one socket drives a group
 * of N environments, and one frame carries an action for each of them and comes back with N results
 * (docs/protocol.md, "Batched stepping"). Unmodified reference clients never see it: they only use {@code
 * /ws}. Each environment holds a slot of the shared session pool. The group's environment calls run one
 * at a time on the first member's executor (a virtual thread), so one frame costs one hand-off between
 * the event loop and a virtual thread however many environments it steps.
 */
final class BatchSockets<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSockets.class);
    /** The largest group one socket may hold. */
    static final int MAX_ENVS = 4096;

    private final EnvSpec<A, O, S> spec;
    private final EnvCodec<A, O, S> codec;
    private final SessionPool<A, O, S> pool;
    /** Records episodes for the trainer channel and takes rewards from a provider, per member. */
    private final Scoring<A, O, S> scoring;
    private final java.util.Set<Group> groups = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Bounds every reset and step of a member, as on {@code /ws}. */
    private final StepTimeout steps;
    private volatile boolean stopping;

    BatchSockets(EnvSpec<A, O, S> spec, SessionPool<A, O, S> pool, Scoring<A, O, S> scoring,
            io.openenv4j.server.ServerLimits limits) {
        this.spec = spec;
        this.codec = EnvCodec.of(spec);
        this.pool = pool;
        this.scoring = scoring;
        this.steps = new StepTimeout(limits.stepTimeout());
    }

    /** Takes over an accepted socket on {@code /ws/batch}. */
    void accept(ServerWebSocket ws) {
        int envs = envCount(ws.query());
        if (envs < 1) {
            refuse(ws, WireError.validation(List.of(new ValidationIssue("int_parsing", List.of("query", "envs"),
                    "envs must be an integer within 1.." + MAX_ENVS, ws.query()))));
            return;
        }
        var members = new ArrayList<Session<A, O, S>>(envs);
        for (int i = 0; i < envs; i++) {
            Session<A, O, S> session = pool.reserve(Session.Kind.WEBSOCKET);
            if (session == null) {
                // The count the client sees leaves out this group's own slots, which are given back.
                int others = pool.active() - members.size();
                members.forEach(pool::destroy);
                refuse(ws, members.isEmpty() ? pool.refusal() : WireError.capacity(others, pool.max()));
                return;
            }
            members.add(session);
        }
        var group = new Group(ws, members);
        groups.add(group);
        EventLoopCarrier.adopt(group.executor());
        ws.closeHandler(ignored -> {
            // The client is gone: stop the step running now (a shutdown lets it finish within its grace),
            // then close every environment of the group.
            if (!stopping) {
                group.executor().interruptRunning();
            }
            group.executor().execute(group::end);
        });
        ws.exceptionHandler(error -> {
            LOG.debug("batch socket failed", error);
            if (error instanceof CorruptedWebSocketFrameException corrupted) {
                group.executor().execute(group::end);
                ws.close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
            }
        });
        var utf8 = new Utf8Stream();
        boolean[] inText = new boolean[1];
        var rejectedUtf8 = new java.util.concurrent.atomic.AtomicBoolean();
        ws.frameHandler(frame -> {
            if (!frame.isContinuation()) {
                inText[0] = frame.isText();
            }
            if (inText[0] && !group.ended.get()
                    && (!utf8.feed(frame.binaryData()) || (frame.isFinal() && !utf8.end()))) {
                rejectedUtf8.set(true);
                group.executor().execute(group::end);
                ws.close(SocketSessions.INVALID_PAYLOAD, "Invalid UTF-8 in a text message");
            }
        });
        ws.textMessageHandler(Utf8Stream.afterFrameCheck(text -> group.executor().execute(() -> {
            group.handle(text);
            members.get(0).touch();
        }), rejectedUtf8::get));
        ws.binaryMessageHandler(buffer -> group.executor().execute(() -> group.reply(new ServerMessage.Error(
                WireError.invalidJson("binary frames are not accepted; send JSON in a text frame")).toJson())));
        group.executor().execute(group::open);
    }

    /**
     * Closes batch sockets that had no message for longer than {@code idleNanos} and are not stepping,
     * telling the client why first (as {@code /ws} does), and frees their environments' slots.
     */
    void reapIdle(long idleNanos) {
        for (Group group : groups) {
            Session<A, O, S> first = group.members.get(0);
            if (group.ended.get() || first.busy() || first.idleNanos() < idleNanos) {
                continue;
            }
            LOG.info("closing idle batch socket of {} environments", group.members.size());
            group.ws.writeTextMessage(new ServerMessage.Error(WireError.session(SocketSessions.idleNotice(idleNanos))).toJson())
                    .onComplete(ignored -> group.ws.close(SocketSessions.NORMAL_CLOSURE));
            group.executor().execute(group::end);
        }
    }

    /** From now on sockets close because the server stops: running steps may finish. */
    void stopping() {
        stopping = true;
    }

    private static int envCount(String query) {
        if (query == null) {
            return -1;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("envs=")) {
                try {
                    int n = Integer.parseInt(pair.substring(5));
                    return n >= 1 && n <= MAX_ENVS ? n : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static void refuse(ServerWebSocket ws, WireError error) {
        ws.writeTextMessage(new ServerMessage.Error(error).toJson())
                .onComplete(ignored -> ws.close(SocketSessions.NORMAL_CLOSURE));
    }

    /** One socket's environments. Confined to the first member's executor. */
    private final class Group {
        private final ServerWebSocket ws;
        private final List<Session<A, O, S>> members;
        private final List<Environment<A, O, S>> envs;
        private final AtomicBoolean ended = new AtomicBoolean();
        /** Set when a call ignored its step timeout's interrupt: nothing more is read or written. */
        private final AtomicBoolean abandoned = new AtomicBoolean();
        private boolean ready;

        Group(ServerWebSocket ws, List<Session<A, O, S>> members) {
            this.ws = ws;
            this.members = members;
            this.envs = new ArrayList<>(members.size());
        }

        SerialExecutor executor() {
            return members.get(0).executor;
        }

        void open() {
            try {
                for (Session<A, O, S> member : members) {
                    pool.open(member);
                    envs.add(member.environment());
                }
                ready = !ended.get();
            } catch (Exception e) {
                LOG.warn("environment factory '{}' failed", spec.factoryName(), e);
                end();
                refuse(ws, WireError.factory(spec.factoryName(), null));
            }
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                groups.remove(this);
                // Queued behind any running call of this group, so no member is closed while it steps.
                members.forEach(pool::destroy);
            }
        }

        /**
         * A member's call ignored its step timeout's interrupt: the socket is told why and closed, as a
         * {@code /ws} session is; its close handler then ends the group behind the running call, so the
         * environments are closed and their slots freed once that call stops.
         */
        void stuck() {
            if (ended.get() || !abandoned.compareAndSet(false, true)) {
                return;
            }
            LOG.warn("closing batch socket of {} environments: an environment call did not stop after the step timeout",
                    members.size());
            ws.writeTextMessage(new ServerMessage.Error(WireError.session("An environment call ran past the server's "
                    + "step timeout and did not stop when cancelled; the batch socket is closed")).toJson())
                    .onComplete(ignored -> ws.close(SocketSessions.NORMAL_CLOSURE));
        }

        void reply(String frame) {
            if (!ended.get() && !abandoned.get()) {
                ws.writeTextMessage(frame);
                Telemetry telemetry = scoring.telemetry;
                if (telemetry != null) {
                    telemetry.reply(Telemetry.Transport.WS_BATCH, frame);
                }
                SocketSessions.holdWhileBacklogged(ws);
            }
        }

        void handle(String text) {
            if (ended.get() || abandoned.get() || !ready) {
                return;
            }
            members.forEach(Session::touch);
            JsonNode node;
            try {
                node = WireJson.parse(text);
            } catch (JacksonException e) {
                reply(new ServerMessage.Error(WireError.invalidJson(WireJson.describe(e))).toJson());
                return;
            }
            if (node == null || !node.isObject()) {
                reply(invalid(issue("model_type", List.of(), "a message is a JSON object", node)));
                return;
            }
            JsonNode type = node.get("type");
            JsonNode data = node.get("data");
            String kind = type != null && type.isString() ? type.stringValue() : "";
            for (String key : node.propertyNames()) {
                if (!key.equals("type") && !key.equals("data")) {
                    reply(invalid(issue("extra_forbidden", List.of(key), "Extra inputs are not permitted", node.get(key))));
                    return;
                }
            }
            switch (kind) {
                case "step" -> step(data);
                case "reset" -> reset(data);
                case "state" -> state();
                case "close" -> {
                    end();
                    ws.close(SocketSessions.NORMAL_CLOSURE);
                }
                default -> reply(new ServerMessage.Error(WireError.unknownType(kind)).toJson());
            }
        }

        private void step(JsonNode data) {
            JsonNode actions = data == null ? null : data.get("actions");
            String problem = listProblem(data, "actions", actions);
            if (problem != null) {
                reply(problem);
                return;
            }
            long started = System.nanoTime();
            reply(results("observations", "results", i -> {
                A action = codec.decodeAction(actions.get(i));
                JsonNode sent = actions.get(i);
                return env -> codec.writeStep(scoring.afterStep(env.session.track, env.env, sent,
                        env.step(action, StepOptions.none())), env.generator);
            }, actions));
            Telemetry telemetry = scoring.telemetry;
            if (telemetry != null) {
                telemetry.stepped(Telemetry.Transport.WS_BATCH, started);
            }
        }

        private void reset(JsonNode data) {
            JsonNode requests = data == null ? null : data.get("requests");
            if (data == null || (data.isObject() && data.isEmpty())) {
                reply(results("observations", "results", i -> env -> codec.writeStep(
                        scoring.afterReset(env.session.track, env.env, env.reset(ResetRequest.empty())), env.generator), null));
                return;
            }
            String problem = listProblem(data, "requests", requests);
            if (problem != null) {
                reply(problem);
                return;
            }
            reply(results("observations", "results", i -> {
                ResetRequest request = EnvCodec.decodeReset(requests.get(i), false);
                return env -> codec.writeStep(scoring.afterReset(env.session.track, env.env, env.reset(request)), env.generator);
            }, requests));
        }

        private void state() {
            reply(results("states", "states", i -> env -> env.generator.writeTree(codec.encodeState(env.env.state())), null));
        }

        /** Null when {@code list} is a list of N objects or nulls under {@code data.name}; else the error frame. */
        private String listProblem(JsonNode data, String name, JsonNode list) {
            if (data == null || !data.isObject()) {
                return invalid(issue("dict_type", List.of("data"), "Input should be a valid dictionary", data));
            }
            for (String key : data.propertyNames()) {
                if (!key.equals(name)) {
                    return invalid(issue("extra_forbidden", List.of("data", key), "Extra inputs are not permitted", data.get(key)));
                }
            }
            if (list == null || !list.isArray() || list.size() != envs.size()) {
                return invalid(issue("list_type", List.of("data", name),
                        "Input should be a list of " + envs.size() + " objects or nulls", list));
            }
            return null;
        }

        /** Writes {@code {"type":type,"data":{key:[…]}}}, one entry per environment: a result, an error or null. */
        private String results(String type, String key, Entry<A, O, S> entry, JsonNode inputs) {
            var out = new StringWriter(64 * envs.size());
            try (JsonGenerator generator = WireJson.mapper().createGenerator(out)) {
                generator.writeStartObject();
                generator.writeStringProperty("type", type);
                generator.writeName("data");
                generator.writeStartObject();
                generator.writeName(key);
                generator.writeStartArray();
                var target = new Target(generator, this::stuck);
                for (int i = 0; i < envs.size(); i++) {
                    if (inputs != null && inputs.get(i).isNull()) {
                        generator.writeNull();
                        continue;
                    }
                    target.env = envs.get(i);
                    target.session = members.get(i);
                    WireError error;
                    try {
                        if (inputs != null && !inputs.get(i).isObject()) {
                            throw new InvalidInputException(List.of(new ValidationIssue("dict_type", List.of(),
                                    "Input should be a valid dictionary", WireJson.toPlain(inputs.get(i)))));
                        }
                        // Decoded before anything is written, so a refused input leaves no partial entry.
                        Write<A, O, S> write = entry.prepare(i);
                        write.to(target);
                        continue;
                    } catch (InvalidInputException e) {
                        error = WireError.validation(e.issues());
                    } catch (Scoring.Failure e) {
                        // Thrown before the entry's step payload is written, so no partial entry is left.
                        error = e.error();
                    } catch (RuntimeException e) {
                        LOG.debug("environment call failed in a batch", e);
                        error = WireError.execution(e);
                    }
                    Telemetry telemetry = scoring.telemetry;
                    if (telemetry != null) {
                        telemetry.error(Telemetry.Transport.WS_BATCH, error.code().name());
                    }
                    generator.writeStartObject();
                    generator.writeName("error");
                    generator.writeTree(WireJson.parse(new ServerMessage.Error(error).toJson()).get("data"));
                    generator.writeEndObject();
                }
                generator.writeEndArray();
                generator.writeEndObject();
                generator.writeEndObject();
            }
            return out.toString();
        }
    }

    private static String invalid(ValidationIssue issue) {
        return new ServerMessage.Error(WireError.validation(List.of(issue))).toJson();
    }

    private static ValidationIssue issue(String type, List<Object> loc, String message, Object input) {
        return new ValidationIssue(type, loc, message, input instanceof JsonNode node ? WireJson.toPlain(node) : input);
    }

    /** Where one entry is written: the environment it is for and the reply's generator. */
    private final class Target {
        final JsonGenerator generator;
        /** Called when a call ignores its step timeout's interrupt. */
        private final Runnable stuck;
        Environment<A, O, S> env;
        Session<A, O, S> session;

        Target(JsonGenerator generator, Runnable stuck) {
            this.generator = generator;
            this.stuck = stuck;
        }

        /** Steps the entry's environment within the step timeout ({@link StepTimeout.Expired} past it). */
        io.openenv4j.core.Step<O> step(A action, StepOptions options) {
            Environment<A, O, S> target = env;
            return steps.run(() -> target.step(action, options), stuck);
        }

        /** Resets the entry's environment within the step timeout. */
        io.openenv4j.core.Step<O> reset(ResetRequest request) {
            Environment<A, O, S> target = env;
            return steps.run(() -> target.reset(request), stuck);
        }
    }

    /** Decodes entry {@code i} (throwing {@link InvalidInputException}) and returns how to write its result. */
    @FunctionalInterface
    private interface Entry<A, O, S> {
        Write<A, O, S> prepare(int i);
    }

    @FunctionalInterface
    private interface Write<A, O, S> {
        void to(BatchSockets<A, O, S>.Target target);
    }
}
