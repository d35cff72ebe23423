package io.openenv4j.tasks.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A compact index of a text data file (JSON Lines, CSV): the byte offset and line number where every
 * {@code stride}-th row starts (rows 0, 1024, 2048, … by default), built during the row count's scan, so a
 * cursor at row {@code n} seeks to the nearest indexed row at or before {@code n} and reads at most
 * {@code stride - 1} rows to reach it. 100,000 rows take 98 entries (1.6 KB). The index is dropped when
 * the file's size or modification time changes. Thread-safe.
 */
final class RowOffsets {

    static final int STRIDE = 1024;

    /** Where an indexed row starts. */
    record Entry(long row, long offset, long line) {}

    private record Built(long size, long modified, long rows, long[] offsets, long[] lines) {}

    private final int stride;
    private volatile Built built;

    RowOffsets() {
        this(STRIDE);
    }

    RowOffsets(int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1");
        }
        this.stride = stride;
    }

    int stride() {
        return stride;
    }

    /** Collects the offsets during one scan of {@code file}; {@link #done} installs them. */
    Builder builder(Path file) throws IOException {
        return new Builder(
                file, Files.size(file), Files.getLastModifiedTime(file).toMillis());
    }

    /** The indexed row at or before {@code row}, or null when there is no valid index. */
    Entry floor(Path file, long row) throws IOException {
        Built b = built;
        if (b == null || b.offsets.length == 0) {
            return null;
        }
        if (Files.size(file) != b.size || Files.getLastModifiedTime(file).toMillis() != b.modified) {
            built = null;
            return null;
        }
        int block = (int) Math.min(row / stride, b.offsets.length - 1);
        return new Entry((long) block * stride, b.offsets[block], b.lines[block]);
    }

    /** The row count of the last completed scan, if the file is unchanged since; else -1. */
    long rows(Path file) throws IOException {
        Built b = built;
        if (b == null
                || Files.size(file) != b.size
                || Files.getLastModifiedTime(file).toMillis() != b.modified) {
            return -1;
        }
        return b.rows;
    }

    /** Offsets noted during one scan. */
    final class Builder {
        private final long size;
        private final long modified;
        private long[] offsets = new long[16];
        private long[] lines = new long[16];
        private int count;

        private Builder(Path file, long size, long modified) {
            this.size = size;
            this.modified = modified;
        }

        /** Row {@code row} starts at byte {@code offset}, after {@code line} lines. */
        void row(long row, long offset, long line) {
            if (row % stride != 0) {
                return;
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                lines = Arrays.copyOf(lines, count * 2);
            }
            offsets[count] = offset;
            lines[count] = line;
            count++;
        }

        void done(long rows) {
            built = new Built(size, modified, rows, Arrays.copyOf(offsets, count), Arrays.copyOf(lines, count));
        }
    }
}
