package io.openenv4j.tasks.data;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * JSON Lines: one JSON object per line; blank lines are skipped. The row count's scan also builds a
 * {@link RowOffsets} index, so later cursors start near their row instead of at the top of the file.
 */
record JsonLinesFile(Path path, RowOffsets offsets) implements RowFile {

    JsonLinesFile(Path path) {
        this(path, new RowOffsets());
    }

    @Override
    public long rowCount() throws IOException {
        long known = offsets.rows(path);
        if (known >= 0) {
            return known;
        }
        RowOffsets.Builder index = offsets.builder(path);
        long count = 0;
        long lineNumber = 0;
        try (SeekableReader reader = new SeekableReader(path, 0)) {
            while (true) {
                long at = reader.position();
                String line = reader.readLine();
                if (line == null) {
                    break;
                }
                if (!line.isBlank()) {
                    index.row(count, at, lineNumber);
                    count++;
                }
                lineNumber++;
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DataFormatException(path + ": not UTF-8 text after line " + lineNumber, e);
        }
        index.done(count);
        return count;
    }

    @Override
    public RowCursor rows(long first) throws IOException {
        if (first < 0) {
            throw new IllegalArgumentException("first row must be >= 0, got " + first);
        }
        RowOffsets.Entry near = offsets.floor(path, first);
        SeekableReader reader = new SeekableReader(path, near == null ? 0 : near.offset());
        Cursor cursor = new Cursor(reader, near == null ? 0 : near.line());
        for (long skipped = near == null ? 0 : near.row(); skipped < first && cursor.hasNext(); skipped++) {
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
        private final SeekableReader reader;
        private String pending;
        private long lineNumber;
        private boolean exhausted;

        Cursor(SeekableReader reader, long lineNumber) {
            this.reader = reader;
            this.lineNumber = lineNumber;
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
