package io.openenv4j.bench;

/**
 * The frames the bench sends and the exact replies it expects: both servers write the same compact JSON,
 * so every reply is checked byte for byte (step number, tag, payload, reward, done).
 */
final class Expect {

    private final String prefix;
    private final String suffix;

    private Expect(String prefix, String suffix) {
        this.prefix = prefix;
        this.suffix = suffix;
    }

    static String payload(int bytes) {
        return "x".repeat(bytes);
    }

    /** {@code {"type":"step","data":{"tag":…}}}, with a per-step delay when {@code delayMs} > 0. */
    static String stepFrame(String tag, long delayMs) {
        return "{\"type\":\"step\",\"data\":{\"tag\":\"" + tag + "\"" + (delayMs > 0 ? ",\"delay_ms\":" + delayMs : "") + "}}";
    }

    static String resetFrame(int payloadBytes) {
        return "{\"type\":\"reset\",\"data\":{\"payload_bytes\":" + payloadBytes + "}}";
    }

    static final String CLOSE_FRAME = "{\"type\":\"close\"}";

    /** The {@code /ws} reply to step number n of an episode, with this tag and payload size. */
    static Expect wsStep(String tag, int payloadBytes) {
        return new Expect("{\"type\":\"observation\",\"data\":{\"observation\":{\"step\":",
                ",\"tag\":\"" + tag + "\",\"payload\":\"" + payload(payloadBytes) + "\"},\"reward\":1.0,\"done\":false}}");
    }

    /** The {@code /ws} reply to a reset (step 0, no tag, reward 0). */
    static Expect wsReset(int payloadBytes) {
        return new Expect("{\"type\":\"observation\",\"data\":{\"observation\":{\"step\":",
                ",\"tag\":null,\"payload\":\"" + payload(payloadBytes) + "\"},\"reward\":0.0,\"done\":false}}");
    }

    /** The {@code POST /step} reply (a fresh instance each time, so always step 1). */
    static Expect httpStep(String tag, int payloadBytes) {
        return new Expect("{\"observation\":{\"step\":",
                ",\"tag\":\"" + tag + "\",\"payload\":\"" + payload(payloadBytes) + "\"},\"reward\":1.0,\"done\":false}");
    }

    /** Null when {@code text} is the expected reply for step {@code n}, else what is wrong. */
    String check(String text, long n) {
        String number = Long.toString(n);
        if (text.length() == prefix.length() + number.length() + suffix.length() && text.startsWith(prefix)
                && text.startsWith(number, prefix.length()) && text.endsWith(suffix)) {
            return null;
        }
        return "unexpected reply (wanted step " + n + "): " + (text.length() > 160 ? text.substring(0, 160) + "…" : text);
    }

    /** Length of the reply for step n, for the TCP floor. */
    int length(long n) {
        return prefix.length() + Long.toString(n).length() + suffix.length();
    }
}
