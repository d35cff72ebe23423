package io.openenv4j.client.internal;

import io.openenv4j.client.ClientMisuseException;
import io.openenv4j.client.ClientOptions;
import io.openenv4j.client.OpenEnvClientException;
import io.openenv4j.client.ProtocolException;
import io.openenv4j.client.ServerErrorException;
import io.openenv4j.client.TransportException;
import io.openenv4j.wire.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JacksonException;

/**
 * One {@code /ws} connection used strictly request/response: {@link #exchange} sends one frame and
 * returns the one reply. Not part of the API; {@code EnvClient} wraps it.
 *
 * <p>Thread-safety: safe for use by many threads; exchanges are serialised by a fair lock, so concurrent
 * callers queue in arrival order. {@link #close()} does not wait for the lock: it wakes a waiting caller.
 *
 * <p>Because the protocol has no request ids, anything that could leave a reply unread (a timeout, an
 * interrupt while waiting, a message nobody asked for) makes the connection unusable: it is aborted, and
 * every later exchange throws a {@link TransportException} of kind {@code CLOSED} carrying the first
 * failure as its cause.
 */
public final class SocketConnection {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    private static final String CLOSE_FRAME = "{\"type\":\"close\"}";

    private final URI uri;
    private final ClientOptions options;
    private final HttpClient http;
    private final WebSocket socket;
    private final InboxListener listener;
    private final LinkedBlockingQueue<Inbound> inbox;
    private final ReentrantLock callLock = new ReentrantLock(true);
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The first failure that made the connection unusable; null while usable. */
    private volatile OpenEnvClientException broken;
    /** The last session-ending error frame, the cause of the close that follows it. Guarded by callLock. */
    private ServerErrorException sessionError;

    private SocketConnection(
            URI uri,
            ClientOptions options,
            HttpClient http,
            WebSocket socket,
            InboxListener listener,
            LinkedBlockingQueue<Inbound> inbox) {
        this.uri = uri;
        this.options = options;
        this.http = http;
        this.socket = socket;
        this.listener = listener;
        this.inbox = inbox;
    }

    /**
     * Opens the connection (TCP and WebSocket handshake) within the connect timeout.
     *
     * @throws TransportException of kind {@code CONNECT_FAILED}, or {@code INTERRUPTED}
     */
    public static SocketConnection open(URI uri, ClientOptions options) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .build();
        var inbox = new LinkedBlockingQueue<Inbound>();
        var listener = new InboxListener(inbox, options.maxMessageBytes());
        try {
            WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(options.connectTimeout());
            if (options.authorization() != null) {
                builder.header("Authorization", options.authorization());
            }
            WebSocket socket = builder.buildAsync(uri, listener)
                    .get(options.connectTimeout().toNanos() + CLOSE_GRACE.toNanos(), TimeUnit.NANOSECONDS);
            return new SocketConnection(uri, options, http, socket, listener, inbox);
        } catch (ExecutionException e) {
            http.shutdownNow();
            Throwable cause = e.getCause();
            String why = cause instanceof WebSocketHandshakeException handshake
                    ? "the server answered the WebSocket handshake with HTTP "
                            + handshake.getResponse().statusCode()
                    : String.valueOf(cause);
            throw new TransportException(
                    TransportException.Kind.CONNECT_FAILED, "cannot connect to " + uri + ": " + why, cause);
        } catch (TimeoutException e) {
            http.shutdownNow();
            throw new TransportException(
                    TransportException.Kind.CONNECT_FAILED,
                    "cannot connect to " + uri + ": no handshake within " + options.connectTimeout(),
                    e);
        } catch (InterruptedException e) {
            http.shutdownNow();
            Thread.currentThread().interrupt();
            throw new TransportException(
                    TransportException.Kind.INTERRUPTED, "interrupted while connecting to " + uri, e);
        }
    }

    public URI uri() {
        return uri;
    }

    /** Whether the connection may still be used (as far as this side knows). */
    public boolean isOpen() {
        return !closed.get() && broken == null;
    }

    /**
     * Sends one frame and returns the reply, which is never an error frame.
     *
     * @throws ClientMisuseException when the connection was closed by this client or the frame is too large
     * @throws ServerErrorException when the reply (or an unsolicited message) is an error frame
     * @throws ProtocolException when the reply is not JSON, is binary, or a message nobody asked for arrived
     * @throws TransportException when the connection fails, the reply times out, or the thread is interrupted
     */
    public ServerMessage exchange(String frame) {
        ensureUsable();
        long frameBytes = Utf8.length(frame);
        if (frameBytes > options.maxOutgoingBytes()) {
            throw new ClientMisuseException("the frame is " + frameBytes + " bytes, more than the "
                    + options.maxOutgoingBytes() + " allowed (ClientOptions.maxOutgoingBytes); nothing was sent");
        }
        try {
            callLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(
                    TransportException.Kind.INTERRUPTED,
                    "interrupted while waiting for an earlier call on " + uri + " to finish",
                    e);
        }
        try {
            ensureUsable();
            drainUnsolicited();
            long deadline = System.nanoTime() + options.replyTimeout().toNanos();
            Throwable sendFailure = send(frame, deadline);
            return awaitReply(deadline, sendFailure);
        } finally {
            callLock.unlock();
        }
    }

    private void ensureUsable() {
        if (closed.get()) {
            throw new ClientMisuseException("the client is closed");
        }
        OpenEnvClientException failure = broken;
        if (failure != null) {
            int code = failure instanceof TransportException t ? t.closeCode().orElse(-1) : -1;
            throw new TransportException(
                    TransportException.Kind.CLOSED,
                    "the connection to " + uri + " is no longer usable: " + failure.getMessage(),
                    failure,
                    code);
        }
    }

    /** Handles what arrived while no request was in flight: a session-ending error and its close, or junk. */
    private void drainUnsolicited() {
        Inbound item;
        while ((item = inbox.poll()) != null) {
            switch (item) {
                case Inbound.Text text -> {
                    ServerMessage message = parseOrNull(text.text());
                    if (message instanceof ServerMessage.Error error
                            && error.error().code().endsSession()) {
                        sessionError = new ServerErrorException(error.error());
                    } else {
                        throw fail(new ProtocolException("the server sent a message nobody asked for, so replies "
                                + "can no longer be matched to requests: " + abbreviate(text.text())));
                    }
                }
                case Inbound.Binary binary ->
                    throw fail(new ProtocolException(
                            "the server sent an unsolicited binary message of " + binary.bytes() + " bytes"));
                case Inbound.Closed closedFrame -> {
                    if (sessionError != null) {
                        throw fail(sessionError);
                    }
                    throw fail(closedByServer(closedFrame));
                }
                case Inbound.Failed failed -> throw fail(ioFailure(failed));
                case Inbound.TooLarge tooLarge -> throw fail(tooLarge(tooLarge));
                case Inbound.ClosedByClient ignored -> throw new ClientMisuseException("the client is closed");
            }
        }
        if (sessionError != null) {
            // The error frame arrived; its close has not yet. The session is over either way.
            throw fail(sessionError);
        }
    }

    /** Sends the frame; returns the failure if sending failed (the reply loop then looks for the reason). */
    private Throwable send(String frame, long deadline) {
        sendLock.lock();
        try {
            socket.sendText(frame, true).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw fail(new TransportException(
                    TransportException.Kind.TIMEOUT,
                    "sending to " + uri + " did not finish within " + options.replyTimeout()
                            + "; the connection is closed",
                    e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new TransportException(
                    TransportException.Kind.INTERRUPTED,
                    "interrupted while sending to " + uri + "; the connection is closed",
                    e));
        } finally {
            sendLock.unlock();
        }
    }

    private ServerMessage awaitReply(long deadline, Throwable sendFailure) {
        // After a failed send, only wait briefly for the reason (an error frame, a close) to arrive.
        long until = sendFailure == null ? deadline : Math.min(deadline, System.nanoTime() + CLOSE_GRACE.toNanos());
        while (true) {
            Inbound item;
            try {
                item = inbox.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(new TransportException(
                        TransportException.Kind.INTERRUPTED,
                        "interrupted while waiting for " + "the reply from " + uri
                                + "; the connection is closed, as the reply can no longer be read",
                        e));
            }
            if (item == null) {
                if (sendFailure != null) {
                    throw fail(new TransportException(
                            TransportException.Kind.IO, "sending to " + uri + " failed: " + sendFailure, sendFailure));
                }
                throw fail(new TransportException(
                        TransportException.Kind.TIMEOUT,
                        "no reply from " + uri + " within "
                                + options.replyTimeout()
                                + "; the connection is closed, since a late reply would otherwise "
                                + "be taken as the answer to the next request",
                        null));
            }
            switch (item) {
                case Inbound.Text text -> {
                    return reply(text.text(), sendFailure);
                }
                case Inbound.Binary binary ->
                    throw new ProtocolException(
                            "the reply is a binary message of " + binary.bytes() + " bytes; replies are JSON text");
                case Inbound.Closed closedFrame -> throw fail(closedByServer(closedFrame));
                case Inbound.Failed failed -> throw fail(ioFailure(failed));
                case Inbound.TooLarge tooLarge -> throw fail(tooLarge(tooLarge));
                case Inbound.ClosedByClient ignored ->
                    throw new TransportException(
                            TransportException.Kind.CLOSED,
                            "the client was closed while waiting for the reply from " + uri,
                            null);
            }
        }
    }

    private ServerMessage reply(String text, Throwable sendFailure) {
        ServerMessage message;
        try {
            message = ServerMessage.parse(text);
        } catch (JacksonException e) {
            // Still one reply for one request: the connection stays in step and usable.
            throw new ProtocolException("the reply from " + uri + " is not JSON: " + abbreviate(text), e);
        }
        if (message instanceof ServerMessage.Error error) {
            var exception = new ServerErrorException(error.error());
            if (exception.endsSession()) {
                sessionError = exception;
                fail(exception);
            }
            throw exception;
        }
        if (sendFailure != null) {
            throw fail(new ProtocolException(
                    "the server sent a message although the request could not be sent: " + abbreviate(text)));
        }
        return message;
    }

    private TransportException closedByServer(Inbound.Closed frame) {
        String reason = frame.reason() == null || frame.reason().isEmpty() ? "" : ", reason '" + frame.reason() + "'";
        return new TransportException(
                TransportException.Kind.CLOSED,
                "the server closed the connection " + uri + " (code " + frame.code() + reason + ")",
                sessionError,
                frame.code());
    }

    private TransportException ioFailure(Inbound.Failed failed) {
        return new TransportException(
                TransportException.Kind.IO, "the connection to " + uri + " failed: " + failed.error(), failed.error());
    }

    private TransportException tooLarge(Inbound.TooLarge tooLarge) {
        return new TransportException(
                TransportException.Kind.MESSAGE_TOO_LARGE,
                "a message from " + uri + " exceeded " + tooLarge.limit()
                        + " bytes (ClientOptions.maxMessageBytes); the connection is closed",
                null);
    }

    /** Marks the connection unusable with its first failure, aborts the socket, and returns {@code failure}. */
    private <E extends OpenEnvClientException> E fail(E failure) {
        if (broken == null) {
            broken = failure;
        }
        socket.abort();
        http.shutdownNow();
        return failure;
    }

    /**
     * Ends the session: best effort, sends {@code {"type":"close"}} and a close frame and waits briefly for
     * the server's close; then releases the socket. Idempotent. A caller waiting for a reply is woken with
     * a {@link TransportException} of kind {@code CLOSED}.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        inbox.add(new Inbound.ClosedByClient());
        try {
            if (broken == null
                    && !socket.isOutputClosed()
                    && sendLock.tryLock(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    socket.sendText(CLOSE_FRAME, true).get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } finally {
                    sendLock.unlock();
                }
                listener.inputClosed().get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Best effort: the socket is released below whatever happened.
        } finally {
            socket.abort();
            http.shutdownNow();
        }
    }

    private static ServerMessage parseOrNull(String text) {
        try {
            return ServerMessage.parse(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "… (" + text.length() + " characters)";
    }
}
