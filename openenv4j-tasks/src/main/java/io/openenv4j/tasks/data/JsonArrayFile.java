package io.openenv4j.tasks.data;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * A {@code .json} file holding one JSON array of objects (as the {@code datasets} JSON loader accepts),
 * streamed element by element with a token parser so the array never has to fit in memory.
 */
record JsonArrayFile(Path path) implements RowFile {

    /** Reads one element while the parser stays inside the array (more tokens follow by design). */
    private static final ObjectReader ELEMENT =
            WireJson.mapper().readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public long rowCount() throws IOException {
        long n = 0;
        try (RowCursor c = rows(0)) {
            while (c.hasNext()) {
                ((Cursor) c).skipValue();
                n++;
            }
        }
        return n;
    }

    @Override
    public RowCursor rows(long first) throws IOException {
        if (first < 0) {
            throw new IllegalArgumentException("first row must be >= 0, got " + first);
        }
        InputStream in = Files.newInputStream(path);
        try {
            JsonParser parser = WireJson.mapper().createParser(in);
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new DataFormatException(path + ": expected a JSON array of objects");
            }
            Cursor c = new Cursor(parser, in);
            for (long i = 0; i < first && c.hasNext(); i++) {
                c.skipValue();
            }
            return c;
        } catch (JacksonException e) {
            in.close();
            throw new DataFormatException(path + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private final class Cursor implements RowCursor {
        private final JsonParser parser;
        private final InputStream in;
        private JsonToken next;
        private long index;

        Cursor(JsonParser parser, InputStream in) {
            this.parser = parser;
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = parser.nextToken();
                } catch (JacksonException e) {
                    throw new DataFormatException(
                            path + ": not valid JSON after element " + index + ": " + e.getOriginalMessage(), e);
                }
                if (next == null) {
                    throw new DataFormatException(path + ": the JSON array is not closed (truncated file?)");
                }
            }
            return next != JsonToken.END_ARRAY;
        }

        void skipValue() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                parser.skipChildren();
            } catch (JacksonException e) {
                throw new DataFormatException(path + ": not valid JSON in element " + index, e);
            }
            next = null;
            index++;
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (next != JsonToken.START_OBJECT) {
                throw new DataFormatException(path + ": element " + index + " is not a JSON object");
            }
            JsonNode node;
            try {
                node = ELEMENT.readValue(parser);
            } catch (JacksonException e) {
                throw new DataFormatException(
                        path + ": element " + index + " is not valid JSON: " + e.getOriginalMessage(), e);
            }
            next = null;
            index++;
            return JsonLinesFile.row(node);
        }

        @Override
        public void close() throws IOException {
            try {
                parser.close();
            } finally {
                in.close();
            }
        }
    }
}
