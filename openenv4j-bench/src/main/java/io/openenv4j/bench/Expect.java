package io.openenv4j.bench;

/**
 * The frames the bench sends and the exact replies it expects: both servers write compact JSON, so every reply
 * is checked byte for byte (step number, tag, payload, reward, done). Two spellings are right: the newest
 * protocol's (OpenEnv4j, openenv 0.4+), whose observation starts with {@code "metadata":{}} and whose HTTP body
 * ends with {@code "metadata":null}, and openenv-core 0.3.0's (the Python reference the bench compares with),
 * which has neither.
 */
final class Expect {

    private static final String NEWEST_METADATA = "\"metadata\":{},";

    private final String prefix;
    private final String suffix;
    private final String oldPrefix;
    private final String oldSuffix;

    private Expect(String prefix, String suffix, String oldPrefix, String oldSuffix) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.oldPrefix = oldPrefix;
        this.oldSuffix = oldSuffix;
    }

    /** A reply whose observation starts at {@code head}: the newest spelling adds its empty metadata first. */
    private static Expect observation(String head, String suffix) {
        return new Expect(head + NEWEST_METADATA + "\"step\":", suffix, head + "\"step\":", suffix);
    }

    static String payload(int bytes) {
        return "x".repeat(bytes);
    }

    /** {@code {"type":"step","data":{"tag":…}}}, with a per-step delay when {@code delayMs} > 0. */
    static String stepFrame(String tag, long delayMs) {
        return "{\"type\":\"step\",\"data\":{\"tag\":\"" + tag + "\"" + (delayMs > 0 ? ",\"delay_ms\":" + delayMs : "")
                + "}}";
    }

    static String resetFrame(int payloadBytes) {
        return "{\"type\":\"reset\",\"data\":{\"payload_bytes\":" + payloadBytes + "}}";
    }

    static final String CLOSE_FRAME = "{\"type\":\"close\"}";

    /** The {@code /ws} reply to step number n of an episode, with this tag and payload size. */
    static Expect wsStep(String tag, int payloadBytes) {
        return observation(
                "{\"type\":\"observation\",\"data\":{\"observation\":{",
                ",\"tag\":\"" + tag + "\",\"payload\":\"" + payload(payloadBytes)
                        + "\"},\"reward\":1.0,\"done\":false}}");
    }

    /** The {@code /ws} reply to a reset (step 0, no tag, reward 0). */
    static Expect wsReset(int payloadBytes) {
        return observation(
                "{\"type\":\"observation\",\"data\":{\"observation\":{",
                ",\"tag\":null,\"payload\":\"" + payload(payloadBytes) + "\"},\"reward\":0.0,\"done\":false}}");
    }

    /** The {@code POST /step} reply (a fresh instance each time, so always step 1). */
    static Expect httpStep(String tag, int payloadBytes) {
        // HTTP bodies end with the top-level metadata in the newest spelling: "…,"done":false,"metadata":null}.
        String old = ",\"tag\":\"" + tag + "\",\"payload\":\"" + payload(payloadBytes)
                + "\"},\"reward\":1.0,\"done\":false}";
        return new Expect(
                "{\"observation\":{" + NEWEST_METADATA + "\"step\":",
                old.substring(0, old.length() - 1) + ",\"metadata\":null}",
                "{\"observation\":{\"step\":",
                old);
    }

    /** Null when {@code text} is the expected reply for step {@code n}, else what is wrong. */
    String check(String text, long n) {
        String number = Long.toString(n);
        if (matches(text, number, prefix, suffix) || matches(text, number, oldPrefix, oldSuffix)) {
            return null;
        }
        return "unexpected reply (wanted step " + n + "): "
                + (text.length() > 160 ? text.substring(0, 160) + "…" : text);
    }

    private static boolean matches(String text, String number, String prefix, String suffix) {
        return text.length() == prefix.length() + number.length() + suffix.length()
                && text.startsWith(prefix)
                && text.startsWith(number, prefix.length())
                && text.endsWith(suffix);
    }

    /** Length of our (the newest spelling's) reply for step n, for the TCP floor. */
    int length(long n) {
        return prefix.length() + Long.toString(n).length() + suffix.length();
    }
}
