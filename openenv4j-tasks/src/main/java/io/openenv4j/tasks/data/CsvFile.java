package io.openenv4j.tasks.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * CSV as RFC 4180 describes it: the first record is the header; fields are separated by commas; a field in
 * double quotes may hold commas, line breaks and doubled quotes ({@code ""}); records end with CRLF or LF.
 * A UTF-8 byte order mark is skipped. A record with a different number of fields than the header is an error.
 *
 * <p>Values: with {@link Values#STRINGS} every field is a {@code String}. With {@link Values#TYPED} (what
 * {@link RowFile#open} uses) an <em>unquoted</em> field is typed: empty becomes {@code null}, a decimal
 * integer that fits in 64 bits ({@code -?[0-9]+}) becomes a {@code Long}, a decimal number with a fraction
 * or exponent becomes a {@code Double}, {@code true}/{@code false} (also {@code True}, {@code TRUE}, as pandas
 * reads them and Python's {@code datasets.to_csv} writes them) become {@code Boolean}; everything else,
 * and every quoted field, stays a {@code String} (so {@code "007"} in quotes keeps its zeros).
 *
 * <p>The row count's scan notes where every 1024th record starts, so a cursor at row {@code n} seeks there
 * (after reading the header) rather than parsing the file from the top.
 */
public record CsvFile(Path path, Values values, RowOffsets offsets) implements RowFile {

    /** The CSV file {@code path}; its row count's scan builds a {@link RowOffsets} index for later cursors. */
    public CsvFile(Path path, Values values) {
        this(path, values, new RowOffsets());
    }

    /** How field text becomes a value. */
    public enum Values {
        STRINGS,
        TYPED
    }

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");
    private static final Pattern DECIMAL =
            Pattern.compile("-?(?:[0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?");

    @Override
    public long rowCount() throws IOException {
        long known = offsets.rows(path);
        if (known >= 0) {
            return known;
        }
        RowOffsets.Builder index = offsets.builder(path);
        try (Cursor c = new Cursor(new SeekableReader(path, 0))) {
            long n = 0;
            while (true) {
                long at = c.reader.position();
                long line = c.line;
                if (c.readRecord() == null) {
                    break;
                }
                index.row(n, at, line);
                n++;
            }
            index.done(n);
            return n;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DataFormatException(path + ": not UTF-8 text", e);
        }
    }

    @Override
    public List<String> columns() throws IOException {
        try (Cursor c = (Cursor) rows(0)) {
            return List.copyOf(c.header);
        }
    }

    @Override
    public RowCursor rows(long first) throws IOException {
        if (first < 0) {
            throw new IllegalArgumentException("first row must be >= 0, got " + first);
        }
        SeekableReader reader = new SeekableReader(path, 0);
        try {
            Cursor c = new Cursor(reader);
            RowOffsets.Entry near = offsets.floor(path, first);
            long i = 0;
            if (near != null && near.row() > 0) {
                reader.seek(near.offset());
                c.line = near.line();
                c.record = near.row();
                i = near.row();
            }
            for (; i < first && c.hasNext(); i++) {
                c.skipRecord();
            }
            return c;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private final class Cursor implements RowCursor {
        private final SeekableReader reader;
        private final Reader in;
        private final List<String> header;
        private List<Field> pending;
        private long line = 1;
        private long record;
        private boolean eof;

        Cursor(SeekableReader in) throws IOException {
            this.reader = in;
            this.in = in;
            List<Field> head = readRecord();
            if (head == null) {
                throw new DataFormatException(path + ": empty CSV file (no header row)");
            }
            List<String> names = new ArrayList<>();
            for (Field f : head) {
                String name = f.text;
                if (names.isEmpty() && name.startsWith("\uFEFF")) {
                    name = name.substring(1);
                }
                if (names.contains(name)) {
                    throw new DataFormatException(path + ": duplicate column name '" + name + "' in the header");
                }
                names.add(name);
            }
            this.header = names;
        }

        @Override
        public boolean hasNext() {
            if (pending == null && !eof) {
                try {
                    pending = readRecord();
                } catch (IOException e) {
                    throw new DataFormatException(path + ": read failed near line " + line, e);
                }
                eof = pending == null;
            }
            return pending != null;
        }

        void skipRecord() {
            next();
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<Field> fields = pending;
            pending = null;
            record++;
            if (fields.size() != header.size()) {
                throw new DataFormatException(path + ": record " + record + " has " + fields.size()
                        + " fields, the header has " + header.size());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                row.put(header.get(i), convert(fields.get(i)));
            }
            return row;
        }

        private Object convert(Field f) {
            if (values == Values.STRINGS || f.quoted) {
                return f.text;
            }
            String s = f.text;
            if (s.isEmpty()) {
                return null;
            }
            if (s.equals("true") || s.equals("True") || s.equals("TRUE")) {
                return Boolean.TRUE;
            }
            if (s.equals("false") || s.equals("False") || s.equals("FALSE")) {
                return Boolean.FALSE;
            }
            if (INTEGER.matcher(s).matches()) {
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    return s;
                }
            }
            if (DECIMAL.matcher(s).matches()) {
                return Double.parseDouble(s);
            }
            return s;
        }

        /** Reads one record; null at the end of the input. Blank lines between records are skipped. */
        private List<Field> readRecord() throws IOException {
            List<Field> fields = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            boolean quoted = false;
            boolean inQuotes = false;
            boolean afterQuote = false;
            boolean any = false;
            long startLine = line;
            while (true) {
                int c = in.read();
                if (c == -1) {
                    if (inQuotes) {
                        throw new DataFormatException(
                                path + ": unterminated quoted field starting on line " + startLine);
                    }
                    if (!any) {
                        return null;
                    }
                    fields.add(new Field(text.toString(), quoted));
                    return fields;
                }
                if (inQuotes) {
                    if (c == '"') {
                        inQuotes = false;
                        afterQuote = true;
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        text.append((char) c);
                    }
                    continue;
                }
                if (c == '"') {
                    if (afterQuote) {
                        text.append('"');
                        inQuotes = true;
                        afterQuote = false;
                    } else if (text.isEmpty() && !quoted) {
                        quoted = true;
                        inQuotes = true;
                        any = true;
                    } else {
                        throw new DataFormatException(path + ": line " + line + ": quote inside an unquoted field");
                    }
                    continue;
                }
                if (c == ',') {
                    fields.add(new Field(text.toString(), quoted));
                    text.setLength(0);
                    quoted = false;
                    afterQuote = false;
                    any = true;
                    continue;
                }
                if (c == '\r' || c == '\n') {
                    if (c == '\r') {
                        in.mark(1);
                        if (in.read() != '\n') {
                            in.reset();
                        }
                    }
                    line++;
                    if (!any && text.isEmpty()) {
                        startLine = line;
                        continue;
                    }
                    fields.add(new Field(text.toString(), quoted));
                    return fields;
                }
                if (afterQuote) {
                    throw new DataFormatException(path + ": line " + line + ": text after a closing quote");
                }
                text.append((char) c);
                any = true;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private record Field(String text, boolean quoted) {}
}
