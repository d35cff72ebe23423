package io.openenv4j.tasks.data;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Random fetch by index from large JSON Lines and CSV files, without the offset index (streaming from the
 * top, as before it existed) and with it. Prints figures; asserts nothing. Run:
 * {@code java -cp … io.openenv4j.tasks.data.RowFetchBenchmark [rows] [dir]}.
 */
public final class RowFetchBenchmark {

    private RowFetchBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/bench");
        Files.createDirectories(dir);
        Path jsonl = dir.resolve("fetch-" + rows + ".jsonl");
        Path csv = dir.resolve("fetch-" + rows + ".csv");
        try (BufferedWriter j = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8);
                BufferedWriter c = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            c.write("id,question,answer\n");
            for (int i = 0; i < rows; i++) {
                String q = "Natalia sold clips to " + i
                        + " of her friends in April, and then she sold half as many in May.";
                j.write("{\"id\":\"q" + i + "\",\"question\":\"" + q + "\",\"answer\":\"" + (i * 3 / 2) + "\"}\n");
                c.write("q" + i + ",\"" + q + "\"," + (i * 3 / 2) + "\n");
            }
        }
        System.out.printf(
                "%d rows: %s %.1f MB, %s %.1f MB%n",
                rows, jsonl.getFileName(), Files.size(jsonl) / 1e6, csv.getFileName(), Files.size(csv) / 1e6);
        measure("jsonl, no index", new JsonLinesFile(jsonl, new RowOffsets(Integer.MAX_VALUE)), rows, 40);
        measure("jsonl, index every " + RowOffsets.STRIDE, new JsonLinesFile(jsonl), rows, 2000);
        measure("csv,   no index", new CsvFile(csv, CsvFile.Values.TYPED, new RowOffsets(Integer.MAX_VALUE)), rows, 40);
        measure("csv,   index every " + RowOffsets.STRIDE, new CsvFile(csv, CsvFile.Values.TYPED), rows, 2000);
    }

    private static void measure(String label, RowFile file, int rows, int fetches) throws Exception {
        long t0 = System.nanoTime();
        long count = file.rowCount();
        long counted = System.nanoTime() - t0;
        if (count != rows) {
            throw new AssertionError(label + ": counted " + count);
        }
        var random = new SplittableRandom(7);
        for (int warm = 0; warm < Math.min(fetches, 20); warm++) {
            fetch(file, random.nextInt(rows));
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < fetches; i++) {
            int index = random.nextInt(rows);
            Object id = fetch(file, index);
            if (!id.equals("q" + index)) {
                throw new AssertionError(label + ": row " + index + " has id " + id);
            }
        }
        double perFetch = (System.nanoTime() - t1) / 1e6 / fetches;
        System.out.printf(
                "%-26s count scan %6.1f ms, random fetch %8.3f ms each (%d fetches)%n",
                label, counted / 1e6, perFetch, fetches);
    }

    private static Object fetch(RowFile file, long index) throws Exception {
        try (RowCursor cursor = file.rows(index)) {
            return cursor.next().get("id");
        }
    }
}
