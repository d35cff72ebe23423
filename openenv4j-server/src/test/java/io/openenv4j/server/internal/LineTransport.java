package io.openenv4j.server.internal;

import io.openenv4j.core.StepOptions;
import io.openenv4j.wire.ClientMessage;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.InvalidInputException;
import io.openenv4j.wire.ServerMessage;
import io.openenv4j.wire.WireError;
import io.openenv4j.wire.WireErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A toy transport, written against the engine only: newline-delimited {@code /ws} messages over a plain TCP
 * socket on loopback, one session per connection. It decodes, calls the {@link SessionEngine} and encodes;
 * nothing in the engine knows it exists (the proof that a transport fits in under 100 lines).
 */
final class LineTransport<A, O, S> implements AutoCloseable {

    private final SessionEngine<A, O, S> engine;
    private final EnvCodec<A, O, S> codec;
    private final ServerSocket server;

    LineTransport(SessionEngine<A, O, S> engine) throws IOException {
        this.engine = engine;
        this.codec = EnvCodec.of(engine.spec());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptAll);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptAll() {
        try {
            while (true) {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            }
        } catch (IOException e) {
            /* closed */
        }
    }

    private void serve(Socket socket) {
        try (socket;
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
            Session<A, O, S> session;
            try {
                session = engine.reserve(Session.Kind.WEBSOCKET);
                engine.start(session);
            } catch (SessionEngine.Refused e) {
                out.println(WireErrors.frame(e.error()));
                return;
            }
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    ClientMessage message = ClientMessage.parse(line);
                    String reply = session.call(() -> answer(session, message));
                    if (reply == null) {
                        return; // closed
                    }
                    out.println(reply);
                }
            } finally {
                engine.end(session);
            }
        } catch (Exception e) {
            /* the client went away */
        }
    }

    private String answer(Session<A, O, S> session, ClientMessage message) {
        Command<A> command;
        try {
            switch (message) {
                case ClientMessage.Reset reset ->
                    command = new Command.Reset<>(EnvCodec.decodeReset(reset.data(), EnvCodec.ResetValidation.LENIENT));
                case ClientMessage.Step step ->
                    command = new Command.Step<>(codec.decodeAction(step.data()), step.data(), StepOptions.none());
                case ClientMessage.State ignored -> command = new Command.State<>();
                case ClientMessage.Close ignored -> command = new Command.Close<>();
                case ClientMessage.Mcp ignored -> {
                    return WireErrors.frame(WireError.unknownType("mcp"));
                }
                case ClientMessage.Invalid invalid -> {
                    return WireErrors.frame(invalid.error());
                }
            }
        } catch (InvalidInputException e) {
            return WireErrors.frame(WireError.validation(e.issues()));
        }
        return switch (engine.run(session, command, () -> engine.abandon(session))) {
            case Reply.Stepped<O, S> stepped -> codec.encodeStepFrame(stepped.step());
            case Reply.StateOf<O, S> state -> new ServerMessage.State(codec.encodeState(state.state())).toJson();
            case Reply.Failed<O, S> failed -> WireErrors.frame(failed.error());
            case Reply.TimedOut<O, S> timedOut -> WireErrors.frame(timedOut.error());
            case Reply.Closed<O, S> ignored -> null;
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
