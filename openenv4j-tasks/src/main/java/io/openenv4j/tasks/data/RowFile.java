package io.openenv4j.tasks.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One data file of a dataset split, readable row by row. The format follows the file name: {@code .jsonl}
 * and {@code .ndjson} (one object per line), {@code .json} (one array of objects, or one object per line),
 * {@code .csv} and {@code .parquet}.
 *
 * <p>Implementations are immutable and thread-safe; each {@link #rows(long)} call opens its own cursor.
 * A malformed file surfaces as a {@link DataFormatException} naming the file and the row, never as a
 * partial result.
 */
public interface RowFile {

    /** The file. */
    Path path();

    /** How many rows the file holds (read from metadata where the format has it, else by one scan). */
    long rowCount() throws IOException;

    /**
     * The column names in file order: the schema's top-level fields for Parquet, the header for CSV, the keys
     * of the first row for JSON Lines (whose rows need not agree; empty for an empty file).
     */
    default List<String> columns() throws IOException {
        try (RowCursor rows = rows(0)) {
            return rows.hasNext() ? List.copyOf(rows.next().keySet()) : List.of();
        }
    }

    /**
     * The {@code datasets} features the file itself carries (Parquet files written by {@code datasets}, and the
     * Hub's Parquet conversion); {@link DatasetFeatures#NONE} for other files and formats.
     */
    default DatasetFeatures features() throws IOException {
        return DatasetFeatures.NONE;
    }

    /** A cursor over the rows, starting at row {@code first} (0-based). */
    RowCursor rows(long first) throws IOException;

    /**
     * Opens {@code file} like {@link #open(Path)}; with {@code mediaBytes} a Parquet file's Image and Audio
     * columns keep their {@code {"bytes", "path"}} structs, for an environment that decodes the media itself
     * (never send such a row to an agent).
     */
    static RowFile open(Path file, boolean mediaBytes) {
        RowFile plain = open(file);
        return mediaBytes && plain instanceof ParquetFile p ? new ParquetFile(p.path(), true) : plain;
    }

    /** Opens {@code file} with the reader its extension names. */
    static RowFile open(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return new JsonLinesFile(file);
        }
        if (name.endsWith(".json")) {
            return startsWithArray(file) ? new JsonArrayFile(file) : new JsonLinesFile(file);
        }
        if (name.endsWith(".parquet")) {
            return new ParquetFile(file);
        }
        if (name.endsWith(".csv")) {
            return new CsvFile(file, CsvFile.Values.TYPED);
        }
        throw new DataFormatException(file + ": unsupported file type (expected .jsonl, .json, .csv or .parquet)");
    }

    /** Whether a {@code .json} file is one JSON array (else it is read as JSON Lines). */
    private static boolean startsWithArray(Path file) {
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            for (int c = r.read(); c >= 0; c = r.read()) {
                if (!Character.isWhitespace(c) && c != '\uFEFF') {
                    return c == '[';
                }
            }
            return false;
        } catch (IOException e) {
            return false; // reading it as JSON Lines reports the I/O failure when rows are asked for
        }
    }
}
