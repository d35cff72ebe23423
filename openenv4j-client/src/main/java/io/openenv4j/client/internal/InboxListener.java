package io.openenv4j.client.internal;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Assembles incoming messages and queues them for the calling thread.
 *
 * <p>Demand discipline: every callback requests exactly one more message before returning, whatever the
 * calling thread is doing. The JDK only reads from the socket while there is demand, and it answers pings
 * only when it reads them, so keeping demand up is what keeps the connection alive during a long step.
 * Because each callback completes at once, the JDK may reuse the data passed in; text is copied.
 *
 * <p>Threading: the JDK invokes the callbacks one at a time, so the assembly state needs no lock; the
 * queue is the hand-over to the calling thread.
 */
final class InboxListener implements WebSocket.Listener {

    private final BlockingQueue<Inbound> inbox;
    private final long maxMessageBytes;
    private final CompletableFuture<Void> inputClosed = new CompletableFuture<>();

    private final StringBuilder text = new StringBuilder();
    private long messageBytes;
    private boolean overflowed;

    InboxListener(BlockingQueue<Inbound> inbox, long maxMessageBytes) {
        this.inbox = inbox;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Completes when the server's close frame arrived or the socket failed. */
    CompletableFuture<Void> inputClosed() {
        return inputClosed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        if (!overflowed && grow(socket, Utf8.length(data))) {
            text.append(data);
            if (last) {
                inbox.add(new Inbound.Text(text.toString()));
            }
        }
        if (last) {
            text.setLength(0);
            text.trimToSize();
            messageBytes = 0;
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        if (!overflowed && grow(socket, data.remaining()) && last) {
            inbox.add(new Inbound.Binary(messageBytes));
        }
        if (last) {
            messageBytes = 0;
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        inbox.add(new Inbound.Closed(statusCode, reason));
        inputClosed.complete(null);
        // Returning null lets the JDK answer the close frame with the same code.
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        inbox.add(new Inbound.Failed(error));
        inputClosed.complete(null);
    }

    /** Adds to the current message's size; on overflow aborts the socket and reports it. */
    private boolean grow(WebSocket socket, long bytes) {
        messageBytes += bytes;
        if (messageBytes <= maxMessageBytes) {
            return true;
        }
        overflowed = true;
        text.setLength(0);
        text.trimToSize();
        inbox.add(new Inbound.TooLarge(maxMessageBytes));
        inputClosed.complete(null);
        socket.abort();
        return false;
    }
}
