package io.openenv4j.client.internal;

/** What the socket listener hands to the calling thread, in arrival order. */
sealed interface Inbound {

    /** A complete text message. */
    record Text(String text) implements Inbound {}

    /** A complete binary message (never valid in this protocol); only its size is kept. */
    record Binary(long bytes) implements Inbound {}

    /** The server's close frame. */
    record Closed(int code, String reason) implements Inbound {}

    /** The socket failed; it is closed. */
    record Failed(Throwable error) implements Inbound {}

    /** An incoming message outgrew the limit; the socket was aborted. */
    record TooLarge(long limit) implements Inbound {}

    /** This client closed the connection while a call was waiting. */
    record ClosedByClient() implements Inbound {}
}
