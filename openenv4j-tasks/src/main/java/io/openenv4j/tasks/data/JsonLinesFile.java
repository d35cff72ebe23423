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
            return new LinkedHashMap<>((Map<String, Object>) WireJson.toPlain(node));
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
