package io.openenv4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads the fixtures written by pyarrow ({@code scripts/make-parquet-fixtures.py}) and compares every row
 * with the JSON Lines pyarrow dumped of the same file.
 */
class ParquetFileTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain-uncompressed-v1",
                "dictionary-snappy-v1",
                "dictionary-gzip-v2",
                "plain-zstd-v2",
                "dictionary-lz4-v1",
                "delta-encodings",
                "row-groups-pages",
                "nested"
            })
    void readsEveryRowAsPyarrowWroteIt(String name) throws Exception {
        RowFile file = RowFile.open(fixture(name + ".parquet"));
        List<Object> expected = expected(name);

        assertThat(file.rowCount()).isEqualTo(expected.size());
        assertThat(readAll(file, 0)).isEqualTo(expected);
    }

    @Test
    void readsDatesTimestampsDecimalsAndUnsignedIntegersAsPythonShowsThem() throws Exception {
        List<Object> rows = readAll(RowFile.open(fixture("logical.parquet")), 0);

        assertThat(rows.get(0))
                .isEqualTo(Map.of(
                        "question",
                        "When was the invoice paid?",
                        "answer",
                        "2024-01-02",
                        "day",
                        "2024-01-02",
                        "paid_at",
                        "2024-01-02T03:04:05.120000Z",
                        "price",
                        "1.50",
                        "account",
                        4294967295L));
        assertThat(((Map<?, ?>) rows.get(1)).get("price")).isEqualTo("-0.05");
        assertThat(((Map<?, ?>) rows.get(1)).get("day")).isNull();
    }

    @Test
    void startsAtAnyRowAcrossRowGroups() throws Exception {
        RowFile file = RowFile.open(fixture("row-groups-pages.parquet"));
        List<Object> expected = expected("row-groups-pages");

        for (long first : new long[] {0, 1, 63, 64, 65, 200, 499, 500, 900}) {
            List<Object> tail = expected.subList((int) Math.min(first, expected.size()), expected.size());
            assertThat(readAll(file, first)).as("from row %d", first).isEqualTo(tail);
        }
    }

    @Test
    void readsColumnChunksOfManyPagesWithADictionaryFallback() throws Exception {
        Path path = fixture("row-groups-pages.parquet");
        ParquetMetadata meta;
        Map<String, Integer> pages = new LinkedHashMap<>();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
            byte[] all = Files.readAllBytes(path);
            int len = java.nio.ByteBuffer.wrap(all, all.length - 8, 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            meta = ParquetMetadata.decode(
                    new ThriftStruct.Reader(all, all.length - 8 - len, all.length - 8, "t").readStruct(), "t");
            for (int leaf = 0; leaf < meta.leaves().size(); leaf++) {
                ColumnChunkReader reader = new ColumnChunkReader(
                        ch,
                        "t",
                        meta.leaves().get(leaf),
                        meta.rowGroups().get(0).columns().get(leaf),
                        all.length);
                ColumnChunkReader.Triplets t = new ColumnChunkReader.Triplets();
                for (long row = 0; row < meta.rowGroups().get(0).numRows(); row++) {
                    reader.readRow(t);
                }
                assertThat(reader.atEnd()).isTrue();
                pages.put(meta.leaves().get(leaf).path(), reader.pagesRead());
            }
        }
        assertThat(meta.rowGroups()).hasSize(5);
        assertThat(pages.get("i64")).isGreaterThan(2);
        assertThat(pages.get("s")).isGreaterThan(2);
        assertThat(pages.get("tags.list.element")).isGreaterThan(2);
    }

    @Test
    void listsTopLevelColumns() throws Exception {
        assertThat(RowFile.open(fixture("nested.parquet")).columns()).containsExactly("id", "point", "attrs");
        assertThat(RowFile.open(fixture("plain-zstd-v2.parquet")).columns())
                .containsExactly("b", "i32", "i64", "small", "f32", "f64", "s", "bin", "fixed", "ints", "tags");
    }

    @Test
    void rejectsAFileThatIsNotParquet() throws Exception {
        Path bad = dir.resolve("bad.parquet");
        Files.writeString(bad, "this is not a parquet file at all");

        assertThatThrownBy(() -> RowFile.open(bad).rowCount())
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad.parquet")
                .hasMessageContaining("bad magic");
    }

    @Test
    void rejectsATruncatedFile() throws Exception {
        byte[] whole = Files.readAllBytes(fixture("dictionary-snappy-v1.parquet"));
        Path cut = dir.resolve("cut.parquet");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> RowFile.open(cut).rowCount())
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesAFooterWhoseRowCountItsRowGroupsDoNotHold() throws Exception {
        // Found by ParquetReaderFuzzTest: the footer said 30 rows, the only row group 0, and the cursor yielded
        // no row at all without an error.
        Path file = fuzzRegression("footer-claims-30-rows-row-group-claims-none");

        assertThatThrownBy(() -> RowFile.open(file).rowCount())
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("footer says 30 rows")
                .hasMessageContaining("hold 0");
        assertThatThrownBy(() -> readAll(RowFile.open(file), 0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("footer says 30 rows");
    }

    @Test
    void refusesARowCountBelowTheRowGroupsOwnCount() throws Exception {
        Path file = fuzzRegression("footer-claims-60-rows-row-group-claims-30");

        assertThatThrownBy(() -> readAll(RowFile.open(file), 0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("footer says 60 rows")
                .hasMessageContaining("hold 30");
    }

    @Test
    void refusesARowGroupWhoseColumnChunksHoldMoreRowsThanItClaims() throws Exception {
        // Footer and row group agree on 30 rows, the column chunks hold 60: reading 30 would drop the rest.
        Path file = fuzzRegression("row-group-claims-30-rows-chunks-hold-60");

        assertThat(RowFile.open(file).rowCount()).isEqualTo(30);
        assertThatThrownBy(() -> readAll(RowFile.open(file), 0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("row group 0 claims 30 rows")
                .hasMessageContaining("more values");
        assertThatThrownBy(() -> readAll(RowFile.open(file), 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("row group 0 claims 30 rows");
    }

    @Test
    void refusesAColumnChunkHoldingFewerRowsThanItsRowGroup() throws Exception {
        // The row group and footer say 60 rows; patch the first column chunk's num_values down to 30.
        byte[] whole = Files.readAllBytes(fixture("dictionary-snappy-v1.parquet"));
        Path patched = dir.resolve("short-chunk.parquet");
        Files.write(patched, patchFirstChunkValueCount(whole, 60, 30));

        assertThat(RowFile.open(patched).rowCount()).isEqualTo(60);
        assertThatThrownBy(() -> readAll(RowFile.open(patched), 0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("short-chunk.parquet")
                .hasMessageContaining("values");
    }

    /** A file of the fuzz test's committed corpus, without the 4 trailing bytes the fuzz test reads as its int. */
    private Path fuzzRegression(String name) throws Exception {
        byte[] input = Files.readAllBytes(Path.of(ParquetFileTest.class
                .getResource("/io/openenv4j/tasks/fuzz/ParquetReaderFuzzTestInputs/"
                        + "anyFileIsReadInFullOrRefusedWithADataFormatException/" + name)
                .toURI()));
        Path file = dir.resolve(name + ".parquet");
        Files.write(file, java.util.Arrays.copyOf(input, input.length - 4));
        return file;
    }

    /** Rewrites the i64 num_values (field 5, zigzag varint, one byte) of the footer's first column chunk. */
    private static byte[] patchFirstChunkValueCount(byte[] file, int from, int to) {
        int footerLength = java.nio.ByteBuffer.wrap(file, file.length - 8, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt();
        int footerStart = file.length - 8 - footerLength;
        // column metadata: type (i32), encodings (list), path_in_schema (list), codec (i32), then num_values
        // as field delta 1, type i64: header byte 0x16 after the codec's one-byte varint
        for (int i = footerStart; i < file.length - 10; i++) {
            if (file[i] == 0x15 && file[i + 2] == 0x16 && file[i + 3] == (byte) (from << 1)) {
                byte[] copy = file.clone();
                copy[i + 3] = (byte) (to << 1);
                return copy;
            }
        }
        throw new AssertionError("no num_values field found");
    }

    @Test
    void rejectsCorruptPagesWithoutCrashing() throws Exception {
        byte[] whole = Files.readAllBytes(fixture("dictionary-snappy-v1.parquet"));
        for (int offset = 4; offset < whole.length - 2; offset += 29) {
            byte[] copy = whole.clone();
            copy[offset] ^= (byte) 0x5a;
            copy[offset + 1] ^= (byte) 0xff;
            Path corrupt = dir.resolve("corrupt.parquet");
            Files.write(corrupt, copy);
            try {
                readAll(RowFile.open(corrupt), 0);
            } catch (DataFormatException expected) {
                assertThat(expected).hasMessageContaining("corrupt.parquet");
            }
        }
    }

    @Test
    void namesTheColumnAndEncodingItCannotRead() throws Exception {
        byte[] whole = Files.readAllBytes(fixture("plain-uncompressed-v1.parquet"));
        // The footer lists each chunk's encodings, the page header carries the one that counts: patch the
        // first data page header of column "b" from PLAIN (0) to GROUP_VAR_INT (1).
        Path patched = dir.resolve("patched.parquet");
        Files.write(patched, patchFirstPageEncoding(whole));

        assertThatThrownBy(() -> readAll(RowFile.open(patched), 0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("column b")
                .hasMessageContaining("unsupported encoding GROUP_VAR_INT");
    }

    /** Rewrites the data_page_header.encoding of the page at offset 4 (field 5.2, an i32 zigzag varint 0). */
    private static byte[] patchFirstPageEncoding(byte[] file) {
        ThriftStruct.Reader reader = new ThriftStruct.Reader(file, 4, file.length, "test");
        reader.readStruct();
        int headerEnd = reader.position();
        for (int i = 4; i < headerEnd - 1; i++) {
            // the data page header struct begins with num_values (0x15) then encoding (0x15 0x00)
            if (file[i] == 0x15 && file[i + 1] == 0x00 && i > 8) {
                byte[] copy = file.clone();
                copy[i + 1] = 0x02;
                return copy;
            }
        }
        throw new AssertionError("no encoding field found");
    }

    static Path fixture(String name) throws Exception {
        return Path.of(ParquetFileTest.class.getResource("/parquet/" + name).toURI());
    }

    static List<Object> readAll(RowFile file, long first) throws IOException {
        List<Object> rows = new ArrayList<>();
        try (RowCursor cursor = file.rows(first)) {
            while (cursor.hasNext()) {
                rows.add(normalize(cursor.next()));
            }
        }
        return rows;
    }

    private static List<Object> expected(String name) throws Exception {
        List<Object> rows = new ArrayList<>();
        for (String line : Files.readAllLines(fixture(name + ".jsonl"), StandardCharsets.UTF_8)) {
            rows.add(normalize(WireJson.toPlain(WireJson.parse(line))));
        }
        return rows;
    }

    /** Numbers as Long or Double, bytes as their hex marker, so both sides compare with equals. */
    private static Object normalize(Object v) {
        return CorpusTest.normalize(v);
    }
}
