package io.openenv4j.tasks.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.tasks.data.DataFormatException;
import io.openenv4j.tasks.data.RowCursor;
import io.openenv4j.tasks.data.RowFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every reader promises for any bytes: the row count, the columns and the rows are read in full or a
 * {@link DataFormatException} says why not; nothing else escapes, and the count agrees with the rows a cursor
 * yields, from the top and from any later row.
 */
final class Readers {

    private static Path dir;

    private Readers() {}

    static synchronized Path file(String name, byte[] bytes) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("openenv4j-fuzz");
                dir.toFile().deleteOnExit();
            }
            Path file = dir.resolve(name);
            if (!Files.exists(file)) {
                file.toFile().deleteOnExit(); // registered after the folder, so deleted before it
            }
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void readAll(String name, byte[] bytes, int from) throws IOException {
        // A fresh reader per read, so that no read profits from an index another one built.
        Path path = file(name, bytes);
        long count;
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            count = RowFile.open(path).rowCount();
            RowFile.open(path).columns();
            try (RowCursor cursor = RowFile.open(path).rows(0)) {
                cursor.forEachRemaining(rows::add);
            }
        } catch (DataFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(rows).hasSize((int) count);
        if (count == 0) {
            return;
        }
        int first = Math.floorMod(from, (int) count);
        RowFile file = RowFile.open(path);
        assertThat(file.rowCount()).isEqualTo(count);
        List<Map<String, Object>> tail = new ArrayList<>();
        try (RowCursor cursor = file.rows(first)) {
            cursor.forEachRemaining(tail::add);
        }
        assertThat(tail).hasSize((int) count - first);
    }
}
