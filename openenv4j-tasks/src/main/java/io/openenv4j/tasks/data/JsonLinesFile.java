package io.openenv4j.tasks.data;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
     * A JSON object as a row, in one walk of the tree: integers as {@code Long} (beyond 64 bits as {@code
     * Double}), other numbers as {@code Double}, objects as ordered maps, arrays as lists.
     */
    static Map<String, Object> row(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            out.put(field.getKey(), value(field.getValue()));
        }
        return out;
    }

    private static Object value(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL, MISSING -> null;
            case BOOLEAN -> node.booleanValue();
            case STRING -> node.stringValue();
            case NUMBER ->
                node.isIntegralNumber()
                        ? (node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue())
                        : (Object) node.doubleValue();
            case OBJECT -> row(node);
            case ARRAY -> {
                List<Object> out = new ArrayList<>(node.size());
                node.forEach(element -> out.add(value(element)));
                yield out;
            }
            case BINARY, POJO -> node.asString();
        };
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
                throw new DataFormatException(
                        path + ": line " + lineNumber + " is not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (!node.isObject()) {
                throw new DataFormatException(path + ": line " + lineNumber + " is not a JSON object");
            }
            return row(node);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
