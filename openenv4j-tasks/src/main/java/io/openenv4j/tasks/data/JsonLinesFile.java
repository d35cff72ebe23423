package io.openenv4j.tasks.data;

import io.openenv4j.wire.WireJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** JSON Lines: one JSON object per line; blank lines are skipped. */
record JsonLinesFile(Path path) implements RowFile {

    @Override
    public long rowCount() throws IOException {
        long count = 0;
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public RowCursor rows(long first) throws IOException {
        if (first < 0) {
            throw new IllegalArgumentException("first row must be >= 0, got " + first);
        }
        BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        Cursor cursor = new Cursor(reader);
        for (long skipped = 0; skipped < first && cursor.hasNext(); skipped++) {
            cursor.skip();
        }
        return cursor;
    }

    /**
     * Brings Jackson's number types to the row contract: integers as {@code Long} (beyond 64 bits as
     * {@code Double}), other numbers as {@code Double}; maps keep their order.
     */
    static Object plain(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        if (v instanceof Float || v instanceof java.math.BigDecimal) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof java.util.List<?> l) {
            java.util.List<Object> out = new java.util.ArrayList<>(l.size());
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }

    private final class Cursor implements RowCursor {
        private final BufferedReader reader;
        private String pending;
        private long lineNumber;
        private boolean exhausted;

        Cursor(BufferedReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            if (pending != null) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lineNumber++;
                    if (!line.isBlank()) {
                        pending = line;
                        return true;
                    }
                }
            } catch (IOException e) {
                throw new DataFormatException(path + ": read failed after line " + lineNumber, e);
            }
            exhausted = true;
            return false;
        }

        void skip() {
            pending = null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String line = pending;
            pending = null;
            JsonNode node;
            try {
                node = WireJson.parse(line);
            } catch (JacksonException e) {
                throw new DataFormatException(path + ": line " + lineNumber + " is not valid JSON: "
                        + e.getOriginalMessage(), e);
            }
            if (!node.isObject()) {
                throw new DataFormatException(path + ": line " + lineNumber + " is not a JSON object");
            }
            return (Map<String, Object>) plain(WireJson.toPlain(node));
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
