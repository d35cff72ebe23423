package io.openenv4j.server.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How many error frames the server sent on {@code /ws}, by error code: what the web page's status view shows. */
final class ErrorTally {

    private static final String ERROR_FRAME = "{\"type\":\"error\"";
    /** An unescaped {@code "code":"…"} member; inside the message every quote is escaped, so this is the field. */
    private static final Pattern CODE = Pattern.compile(",\"code\":\"([A-Za-z_]+)\"");

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String code) {
        counts.computeIfAbsent(code, ignored -> new LongAdder()).increment();
    }

    /** Counts {@code frame} when it is an error frame of {@code /ws}. */
    void countFrame(String frame) {
        if (frame != null && frame.startsWith(ERROR_FRAME)) {
            Matcher code = CODE.matcher(frame);
            count(code.find() ? code.group(1) : "UNKNOWN");
        }
    }

    /** The counts so far, by code in alphabetical order. */
    Map<String, Long> snapshot() {
        var snapshot = new TreeMap<String, Long>();
        counts.forEach((code, count) -> snapshot.put(code, count.sum()));
        return snapshot;
    }
}
