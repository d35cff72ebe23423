package io.openenv4j.server.internal;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.StepOptions;
import io.openenv4j.wire.BatchMessage;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.InvalidInputException;
import io.openenv4j.wire.ValidationIssue;
import io.openenv4j.wire.WireError;
import io.openenv4j.wire.WireErrors;
import io.openenv4j.wire.WireJson;
import io.vertx.core.http.ServerWebSocket;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The opt-in batched (vectorised) stepping extension on {@code /ws/batch?envs=N}: one socket drives a group
 * of N environments, and one frame carries an action for each of them and comes back with N results
 * (docs/protocol.md, "Batched stepping"). Unmodified reference clients never see it: they only use {@code
 * /ws}. Each environment is a session of the {@link SessionEngine} (a slot of the shared pool). The group's
 * commands run one at a time on the first member's executor (a virtual thread), so one frame costs one
 * hand-off between the event loop and a virtual thread however many environments it steps. Frames are
 * parsed by {@link BatchMessage}, errors rendered by {@link WireErrors}.
 */
final class BatchSockets<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSockets.class);
    /** The largest group one socket may hold. */
    static final int MAX_ENVS = 4096;

    private final SessionEngine<A, O, S> engine;
    private final EnvCodec<A, O, S> codec;
    /** For its telemetry only; the engine runs the episode hooks. */
    private final Scoring<A, O, S> scoring;

    private final java.util.Set<Group> groups = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    BatchSockets(SessionEngine<A, O, S> engine, Scoring<A, O, S> scoring) {
        this.engine = engine;
        this.codec = EnvCodec.of(engine.spec());
        this.scoring = scoring;
    }

    /** Takes over an accepted socket on {@code /ws/batch}. */
    void accept(ServerWebSocket ws) {
        int envs = envCount(ws.query());
        if (envs < 1) {
            refuse(
                    ws,
                    WireError.validation(List.of(new ValidationIssue(
                            "int_parsing",
                            List.of("query", "envs"),
                            "envs must be an integer within 1.." + MAX_ENVS,
                            ws.query()))));
            return;
        }
        List<Session<A, O, S>> members;
        try {
            members = engine.reserveGroup(envs, Session.Kind.WEBSOCKET);
        } catch (SessionEngine.Refused e) {
            refuse(ws, e.error());
            return;
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
                ws.close(
                        (short) corrupted.closeStatus().code(),
                        corrupted.closeStatus().reasonText());
            }
        });
        var utf8 = new Utf8Stream();
        boolean[] inText = new boolean[1];
        var rejectedUtf8 = new java.util.concurrent.atomic.AtomicBoolean();
        ws.frameHandler(frame -> {
            if (!frame.isContinuation()) {
                inText[0] = frame.isText();
            }
            if (inText[0]
                    && !group.ended.get()
                    && (!utf8.feed(frame.binaryData()) || (frame.isFinal() && !utf8.end()))) {
                rejectedUtf8.set(true);
                group.executor().execute(group::end);
                ws.close(SocketSessions.INVALID_PAYLOAD, "Invalid UTF-8 in a text message");
            }
        });
        ws.textMessageHandler(Utf8Stream.afterFrameCheck(
                text -> group.executor().execute(() -> {
                    group.handle(text);
                    members.get(0).touch();
                }),
                rejectedUtf8::get));
        ws.binaryMessageHandler(buffer -> group.executor()
                .execute(() -> group.reply(WireErrors.frame(
                        WireError.invalidJson("binary frames are not accepted; send JSON in a text frame")))));
        group.executor().execute(group::open);
    }

    /**
     * Closes batch sockets that had no message for longer than {@code idleNanos} and are not stepping,
     * telling the client why first (as {@code /ws} does), and frees their environments' slots.
     */
    void reapIdle(long idleNanos) {
        for (Group group : groups) {
            if (group.ended.get() || !SessionEngine.idle(group.members.get(0), idleNanos)) {
                continue;
            }
            LOG.info("closing idle batch socket of {} environments", group.members.size());
            group.ws
                    .writeTextMessage(WireErrors.frame(WireError.session(SocketSessions.idleNotice(idleNanos))))
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
        ws.writeTextMessage(WireErrors.frame(error)).onComplete(ignored -> ws.close(SocketSessions.NORMAL_CLOSURE));
    }

    /** One socket's environments. Confined to the first member's executor. */
    private final class Group {
        private final ServerWebSocket ws;
        private final List<Session<A, O, S>> members;
        private final AtomicBoolean ended = new AtomicBoolean();
        /** Set when a call ignored its step timeout's interrupt: nothing more is read or written. */
        private final AtomicBoolean abandoned = new AtomicBoolean();

        private boolean ready;

        Group(ServerWebSocket ws, List<Session<A, O, S>> members) {
            this.ws = ws;
            this.members = members;
        }

        SerialExecutor executor() {
            return members.get(0).executor;
        }

        void open() {
            try {
                for (Session<A, O, S> member : members) {
                    engine.start(member);
                }
                ready = !ended.get();
            } catch (SessionEngine.Refused e) {
                end();
                refuse(ws, e.error());
            }
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                groups.remove(this);
                // Queued behind any running call of this group, so no member is closed while it steps.
                members.forEach(engine::end);
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
            LOG.warn(
                    "closing batch socket of {} environments: an environment call did not stop after the step timeout",
                    members.size());
            ws.writeTextMessage(WireErrors.frame(SessionEngine.GROUP_STUCK))
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
            switch (BatchMessage.parse(text, members.size())) {
                case BatchMessage.Step step -> step(step.actions());
                case BatchMessage.Reset reset -> reset(reset.requests());
                case BatchMessage.State ignored -> reply(results("states", "states", i -> new Command.State<>(), null));
                case BatchMessage.Close ignored -> {
                    end();
                    ws.close(SocketSessions.NORMAL_CLOSURE);
                }
                case BatchMessage.Invalid invalid -> reply(WireErrors.frame(invalid.error()));
            }
        }

        private void step(JsonNode actions) {
            long started = System.nanoTime();
            reply(results(
                    "observations",
                    "results",
                    i -> new Command.Step<>(codec.decodeAction(actions.get(i)), actions.get(i), StepOptions.none()),
                    actions));
            Telemetry telemetry = scoring.telemetry;
            if (telemetry != null) {
                telemetry.stepped(Telemetry.Transport.WS_BATCH, started);
            }
        }

        private void reset(JsonNode requests) {
            if (requests == null) {
                reply(results("observations", "results", i -> new Command.Reset<>(ResetRequest.empty()), null));
                return;
            }
            reply(results(
                    "observations",
                    "results",
                    i -> new Command.Reset<>(EnvCodec.decodeReset(requests.get(i), EnvCodec.ResetValidation.LENIENT)),
                    requests));
        }

        /**
         * Writes {@code {"type":type,"data":{key:[…]}}}, one entry per environment: the reply to its command, an
         * error or null (for a null input).
         *
         * @param command entry {@code i}'s command, decoded from its input (throwing {@link InvalidInputException})
         */
        private String results(String type, String key, IntFunction<Command<A>> command, JsonNode inputs) {
            var out = new StringWriter(64 * members.size());
            try (JsonGenerator generator = WireJson.mapper().createGenerator(out)) {
                generator.writeStartObject();
                generator.writeStringProperty("type", type);
                generator.writeName("data");
                generator.writeStartObject();
                generator.writeName(key);
                generator.writeStartArray();
                for (int i = 0; i < members.size(); i++) {
                    if (inputs != null && inputs.get(i).isNull()) {
                        generator.writeNull();
                        continue;
                    }
                    Reply<O, S> reply;
                    if (inputs != null && !inputs.get(i).isObject()) {
                        reply = new Reply.Failed<>(WireError.validation(List.of(new ValidationIssue(
                                "dict_type",
                                List.of(),
                                "Input should be a valid dictionary",
                                WireJson.toPlain(inputs.get(i))))));
                    } else {
                        try {
                            // Decoded before anything is written, so a refused input leaves no partial entry.
                            reply = engine.run(members.get(i), command.apply(i), this::stuck);
                        } catch (InvalidInputException e) {
                            reply = new Reply.Failed<>(WireError.validation(e.issues()));
                        }
                    }
                    write(generator, reply);
                }
                generator.writeEndArray();
                generator.writeEndObject();
                generator.writeEndObject();
            }
            return out.toString();
        }

        /** One entry: a step payload, a state, or {@code {"error":{…}}}. */
        private void write(JsonGenerator generator, Reply<O, S> reply) {
            WireError error = switch (reply) {
                case Reply.Stepped<O, S> stepped -> {
                    codec.writeStep(stepped.step(), generator);
                    yield null;
                }
                case Reply.StateOf<O, S> state -> {
                    generator.writeTree(codec.encodeState(state.state()));
                    yield null;
                }
                case Reply.Failed<O, S> failed -> failed.error();
                case Reply.TimedOut<O, S> timedOut -> timedOut.error();
                case Reply.Closed<O, S> ignored -> throw new IllegalStateException("a batch entry is never closed");
            };
            if (error == null) {
                return;
            }
            Telemetry telemetry = scoring.telemetry;
            if (telemetry != null) {
                telemetry.error(Telemetry.Transport.WS_BATCH, error.code().name());
            }
            generator.writeStartObject();
            generator.writeName("error");
            generator.writeTree(WireErrors.frameData(error));
            generator.writeEndObject();
        }
    }
}
