package io.openenv4j.tasks.data;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A forward-only stream of the rows of one file, read lazily so that a file larger than memory can be
 * scanned. Rows are maps from column name to a JSON-shaped Java value ({@code null}, {@code Boolean},
 * {@code Long}, {@code Double}, {@code String}, {@code byte[]}, {@code List} or {@code Map}), in column
 * order. Not thread-safe; close it to release the file.
 */
public interface RowCursor extends Iterator<Map<String, Object>>, AutoCloseable {

    @Override
    void close() throws IOException;
}
