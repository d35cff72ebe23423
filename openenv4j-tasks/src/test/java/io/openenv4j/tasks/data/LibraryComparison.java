package io.openenv4j.tasks.data;

import dev.hardwood.InputFile;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.RowReader;
import dev.hardwood.row.PqList;
import dev.hardwood.row.PqMap;
import dev.hardwood.row.PqStruct;
import dev.hardwood.row.StructAccessor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Not a unit test: the measurement behind "Library or own code" in docs/tasks.md. Compares this module's
 * Parquet reader with hardwood-core (a maintained, Hadoop-free reader) on the corpus and on a large file.
 *
 * <pre>
 * LibraryComparison corpus [dir]          every corpus Parquet file read by hardwood, rows compared with what a
 *                                         Python user sees (as CorpusTest does for our reader)
 * LibraryComparison read own|hardwood FILE  rows/s per round (-Drounds=2), peak heap and peak RSS
 * LibraryComparison codecs [dir]          our SNAPPY and LZ4 block decoders against aircompressor's pure-Java
 *                                         ones: the corpus files (Parquet and JSON Lines) concatenated and repeated
 *                                         to 256 MB, cut into 1 MB pages, compressed by aircompressor; outputs compared
 * </pre>
 *
 * Hardwood's values are turned into the same JSON shapes as fairly as its API allows: LocalDate and
 * LocalTime and Instant / LocalDateTime as pydantic writes them, BigDecimal as its string, UUID as its text,
 * lists, structs and maps as lists and objects.
 */
public final class LibraryComparison {

    private LibraryComparison() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "corpus" -> corpus(Path.of(args.length > 1 ? args[1] : "openenv4j-tasks/target/corpus"));
            case "read" -> read(args[1], Path.of(args[2]));
            case "codecs" -> codecs(Path.of(args.length > 1 ? args[1] : "openenv4j-tasks/target/corpus"));
            default -> throw new IllegalArgumentException("usage: corpus [dir] | read own|hardwood FILE");
        }
    }

    private static void corpus(Path dir) throws Exception {
        System.setProperty("openenv4j.corpus.dir", dir.toString());
        int equal = 0;
        int files = 0;
        for (Map<String, Object> entry : CorpusTest.index()) {
            String name = String.valueOf(entry.get("file"));
            if (!name.endsWith(".parquet")) {
                continue;
            }
            files++;
            Path file = dir.resolve(name);
            List<Object> expected = CorpusTest.expected(file);
            String verdict;
            try {
                List<Object> actual = hardwoodRows(file);
                TreeSet<String> columns = new TreeSet<>();
                for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                    Map<?, ?> e = (Map<?, ?>) expected.get(i);
                    Map<?, ?> a = (Map<?, ?>) actual.get(i);
                    e.forEach((k, v) -> {
                        if (!java.util.Objects.equals(v, a.get(k))) {
                            columns.add(k + " (" + v + " vs " + a.get(k) + ")");
                        }
                    });
                }
                if (actual.size() != expected.size()) {
                    verdict = "row count " + actual.size() + " != " + expected.size();
                } else if (columns.isEmpty()) {
                    verdict = "equal";
                    equal++;
                } else {
                    verdict = "differs in " + shorten(columns);
                }
            } catch (Exception | Error e) {
                verdict = "fails: " + e.toString().lines().findFirst().orElse("");
            }
            System.out.printf("%-42s %s%n", name, verdict);
        }
        System.out.printf(
                "hardwood-core: %d of %d corpus Parquet files read equal to what a Python user sees%n", equal, files);
    }

    private static String shorten(TreeSet<String> columns) {
        List<String> byColumn = new ArrayList<>();
        String last = "";
        for (String c : columns) {
            String column = c.substring(0, c.indexOf(' '));
            if (!column.equals(last)) {
                byColumn.add(c.length() > 90 ? c.substring(0, 90) + "…)" : c);
                last = column;
            }
        }
        return String.join("; ", byColumn);
    }

    static List<Object> hardwoodRows(Path file) throws Exception {
        List<Object> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(InputFile.of(file));
                RowReader row = reader.rowReader()) {
            while (row.hasNext()) {
                row.next();
                rows.add(CorpusTest.normalize(io.openenv4j.wire.WireJson.toPlain(io.openenv4j.wire.WireJson.parse(
                        io.openenv4j.wire.WireJson.write(CorpusTest.normalize(struct(row)))))));
            }
        }
        return rows;
    }

    private static Map<String, Object> struct(StructAccessor s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < s.getFieldCount(); i++) {
            out.put(s.getFieldName(i), s.isNull(i) ? null : json(s.getValue(i)));
        }
        return out;
    }

    private static Object json(Object v) {
        return switch (v) {
            case null -> null;
            case LocalDate d -> d.toString();
            case LocalTime t ->
                LogicalType.isoDateTime(t.toSecondOfDay(), t.getNano(), false).substring(11);
            case Instant t -> LogicalType.isoDateTime(t.getEpochSecond(), t.getNano(), true);
            case LocalDateTime t -> LogicalType.isoDateTime(t.toEpochSecond(ZoneOffset.UTC), t.getNano(), false);
            case BigDecimal d -> d.toString();
            case UUID u -> u.toString();
            case Float f -> f.isNaN() || f.isInfinite() ? null : (Object) (double) f;
            case Double d -> d.isNaN() || d.isInfinite() ? null : d;
            case PqStruct s -> struct(s);
            case PqList l -> {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    out.add(l.isNull(i) ? null : json(l.get(i)));
                }
                yield out;
            }
            case PqMap m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (PqMap.Entry e : m.getEntries()) {
                    out.put(String.valueOf(e.getKey()), json(e.getValue()));
                }
                yield out;
            }
            default -> v;
        };
    }

    private static void codecs(Path corpus) throws Exception {
        var all = new java.io.ByteArrayOutputStream();
        try (var files = Files.walk(corpus)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                all.write(Files.readAllBytes(f));
            }
        }
        byte[] once = all.toByteArray();
        byte[] data = new byte[256 << 20];
        for (int at = 0; at < data.length; at += once.length) {
            System.arraycopy(once, 0, data, at, Math.min(once.length, data.length - at));
        }
        int page = 1 << 20;
        int pages = data.length / page;
        var snappyCompressor = new io.airlift.compress.v3.snappy.SnappyJavaCompressor();
        var lz4Compressor = new io.airlift.compress.v3.lz4.Lz4JavaCompressor();
        byte[][] snappy = new byte[pages][];
        byte[][] lz4 = new byte[pages][];
        for (int p = 0; p < pages; p++) {
            byte[] out = new byte[snappyCompressor.maxCompressedLength(page)];
            snappy[p] =
                    java.util.Arrays.copyOf(out, snappyCompressor.compress(data, p * page, page, out, 0, out.length));
            out = new byte[lz4Compressor.maxCompressedLength(page)];
            lz4[p] = java.util.Arrays.copyOf(out, lz4Compressor.compress(data, p * page, page, out, 0, out.length));
        }
        var snappyAir = new io.airlift.compress.v3.snappy.SnappyJavaDecompressor();
        var lz4Air = new io.airlift.compress.v3.lz4.Lz4JavaDecompressor();
        for (int round = 1; round <= 5; round++) {
            long t0 = System.nanoTime();
            long sum = 0;
            for (int p = 0; p < pages; p++) {
                byte[] out = PageCodec.snappy(snappy[p], "bench");
                sum += out[out.length - 1];
                if (round == 1 && !java.util.Arrays.equals(out, 0, page, data, p * page, (p + 1) * page)) {
                    throw new AssertionError("own SNAPPY differs on page " + p);
                }
            }
            long t1 = System.nanoTime();
            for (int p = 0; p < pages; p++) {
                byte[] out = new byte[page];
                snappyAir.decompress(snappy[p], 0, snappy[p].length, out, 0, page);
                sum += out[page - 1];
                if (round == 1 && !java.util.Arrays.equals(out, 0, page, data, p * page, (p + 1) * page)) {
                    throw new AssertionError("aircompressor SNAPPY differs on page " + p);
                }
            }
            long t2 = System.nanoTime();
            for (int p = 0; p < pages; p++) {
                byte[] out = PageCodec.lz4Block(lz4[p], 0, lz4[p].length, page, "bench");
                sum += out[page - 1];
                if (round == 1 && !java.util.Arrays.equals(out, 0, page, data, p * page, (p + 1) * page)) {
                    throw new AssertionError("own LZ4 differs on page " + p);
                }
            }
            long t3 = System.nanoTime();
            for (int p = 0; p < pages; p++) {
                byte[] out = new byte[page];
                lz4Air.decompress(lz4[p], 0, lz4[p].length, out, 0, page);
                sum += out[page - 1];
                if (round == 1 && !java.util.Arrays.equals(out, 0, page, data, p * page, (p + 1) * page)) {
                    throw new AssertionError("aircompressor LZ4 differs on page " + p);
                }
            }
            long t4 = System.nanoTime();
            double mb = (double) pages * page / (1 << 20);
            System.out.printf(
                    "round %d (%d MB): SNAPPY own %.0f MB/s, aircompressor %.0f MB/s; LZ4 own %.0f MB/s,"
                            + " aircompressor %.0f MB/s (checksum %d)%n",
                    round,
                    pages,
                    mb / ((t1 - t0) / 1e9),
                    mb / ((t2 - t1) / 1e9),
                    mb / ((t3 - t2) / 1e9),
                    mb / ((t4 - t3) / 1e9),
                    sum);
        }
    }

    private static void read(String which, Path file) throws Exception {
        System.out.printf("%s on %s (%d bytes)%n", which, file, Files.size(file));
        int rounds = Integer.getInteger("rounds", 2);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 1; round <= rounds; round++) {
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            long n = 0;
            long checksum = 0;
            if (which.equals("own")) {
                try (RowCursor cursor = RowFile.open(file).rows(0)) {
                    while (cursor.hasNext()) {
                        Map<String, Object> row = cursor.next();
                        checksum += (Long) row.get("answer")
                                + ((String) row.get("question")).length()
                                + ((List<?>) row.get("tags")).size();
                        n++;
                    }
                }
            } else {
                try (ParquetFileReader reader = ParquetFileReader.open(InputFile.of(file));
                        RowReader row = reader.rowReader()) {
                    while (row.hasNext()) {
                        row.next();
                        // the same work as for our reader: every field materialised as a Java value
                        Map<String, Object> values = struct(row);
                        checksum += (Long) values.get("answer")
                                + ((String) values.get("question")).length()
                                + ((List<?>) values.get("tags")).size();
                        n++;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            System.out.printf(
                    "  round %d: %d rows in %.1f s = %.0f rows/s; %.1f s CPU (all threads) = %.0f rows per"
                            + " CPU-second (checksum %d)%n",
                    round, n, seconds, n / seconds, cpu, n / cpu, checksum);
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM"))
                .findFirst()
                .orElse("VmHWM: ?")
                .replaceAll("\\s+", " ");
        System.out.printf("  peak heap used %d MB, peak RSS %s%n", peakHeap >> 20, rss);
    }
}
