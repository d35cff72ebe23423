package io.openenv4j.mcp.client.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} body (the WHATWG server-sent events format) and hands each event's
 * data to a consumer. Only events of type {@code message} (the default) carry JSON-RPC; events with empty
 * data (stream priming, keep-alives) and comments are skipped. Not thread-safe; one reader per stream.
 */
final class SseReader {

    private final BufferedReader reader;
    private final int maxEventChars;

    SseReader(InputStream body, int maxEventChars) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.maxEventChars = maxEventChars;
    }

    /**
     * Reads until the stream ends, passing each {@code message} event's data to {@code onData}.
     *
     * @throws IOException when reading fails or an event exceeds the size limit
     */
    void readAll(Consumer<String> onData) throws IOException {
        var data = new StringBuilder();
        boolean hasData = false;
        String event = "";
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (hasData && (event.isEmpty() || event.equals("message")) && !data.isEmpty()) {
                    onData.accept(data.toString());
                }
                data.setLength(0);
                hasData = false;
                event = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    if (hasData) {
                        data.append('\n');
                    }
                    data.append(value);
                    hasData = true;
                    if (data.length() > maxEventChars) {
                        throw new IOException("an event exceeded " + maxEventChars + " characters");
                    }
                }
                case "event" -> event = value;
                default -> {
                    // id and retry matter only for resuming a stream, which this client does not do.
                }
            }
        }
    }
}
