package io.openenv4j.server.internal;

import io.vertx.core.buffer.Buffer;

/**
 * Checks that a text message split over frames is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), carrying a character's state across frame boundaries. A WebSocket
 * endpoint must fail a connection with 1007 on invalid text (RFC 6455, section 8.1). ASCII costs one
 * comparison a byte. Confined to one socket's event loop.
 */
final class Utf8Stream {

    /** Continuation bytes the current character still needs. */
    private int pending;
    /** The bounds of the next continuation byte (tighter than 80..BF right after some lead bytes). */
    private int low = 0x80;

    private int high = 0xBF;

    /** Feeds {@code data}; returns false at the first invalid byte (the stream is then unusable). */
    boolean feed(Buffer data) {
        int length = data.length();
        for (int i = 0; i < length; i++) {
            int b = data.getByte(i) & 0xFF;
            if (pending == 0) {
                if (b < 0x80) {
                    continue;
                }
                if (!lead(b)) {
                    return false;
                }
            } else {
                if (b < low || b > high) {
                    return false;
                }
                pending--;
                low = 0x80;
                high = 0xBF;
            }
        }
        return true;
    }

    /** Whether the message ended on a character boundary; resets for the next message. */
    boolean end() {
        boolean complete = pending == 0;
        pending = 0;
        low = 0x80;
        high = 0xBF;
        return complete;
    }

    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b == 0xE0) {
            pending = 2;
            low = 0xA0;
        } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
            pending = 2;
        } else if (b == 0xED) {
            pending = 2;
            high = 0x9F;
        } else if (b == 0xF0) {
            pending = 3;
            low = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
            pending = 3;
        } else if (b == 0xF4) {
            pending = 3;
            high = 0x8F;
        } else {
            return false;
        }
        return true;
    }

    /**
     * Wraps a text-message handler so that a message the frame check may still reject is handled only after
     * that check. Vert.x hands a message to its handler before the frame handler sees the message's last
     * frame, so a message whose text holds U+FFFD (what malformed bytes decode to) waits one turn of the event
     * loop, and so do the messages after it while it waits, which keeps their order. Confined to the
     * socket's event loop.
     */
    static io.vertx.core.Handler<String> afterFrameCheck(
            io.vertx.core.Handler<String> handler, java.util.function.BooleanSupplier rejected) {
        var context = io.vertx.core.Vertx.currentContext();
        int[] waiting = new int[1];
        return text -> {
            if (context == null || (waiting[0] == 0 && text.indexOf('\uFFFD') < 0)) {
                handler.handle(text);
                return;
            }
            waiting[0]++;
            context.runOnContext(ignored -> {
                waiting[0]--;
                if (!rejected.getAsBoolean()) {
                    handler.handle(text);
                }
            });
        };
    }
}
