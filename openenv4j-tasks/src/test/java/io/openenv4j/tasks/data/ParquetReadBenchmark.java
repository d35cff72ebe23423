package io.openenv4j.tasks.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Prints how fast {@link ParquetFile} turns a file into rows. Not a unit test: run it by hand on the file
 * {@code scripts/make-bench-parquet.py} writes (see docs/tasks.md).
 */
public final class ParquetReadBenchmark {

    private ParquetReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "openenv4j-tasks/target/bench/qa-1m.parquet");
        RowFile rows = RowFile.open(file);
        for (int round = 1; round <= 5; round++) {
            long start = System.nanoTime();
            long n = 0;
            long checksum = 0;
            try (RowCursor cursor = rows.rows(0)) {
                while (cursor.hasNext()) {
                    Map<String, Object> row = cursor.next();
                    checksum += (Long) row.get("answer");
                    n++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "round %d: %d rows in %.2f s = %.0f rows/s (checksum %d)%n",
                    round, n, seconds, n / seconds, checksum);
        }
    }
}
