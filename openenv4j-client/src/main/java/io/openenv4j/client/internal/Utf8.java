package io.openenv4j.client.internal;

/** Counts UTF-8 bytes of text without encoding it. Stateless. */
final class Utf8 {

    private Utf8() {}

    /**
     * The UTF-8 length of {@code text}. Exact also when a surrogate pair is split across two calls (a high
     * surrogate counts 4 bytes, a low one none); text with lone surrogates may be off by a byte each.
     */
    static long length(CharSequence text) {
        long bytes = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
            } else if (!Character.isLowSurrogate(c)) {
                bytes += 3;
            }
        }
        return bytes;
    }
}
