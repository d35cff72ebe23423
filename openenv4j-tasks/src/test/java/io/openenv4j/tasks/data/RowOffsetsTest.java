package io.openenv4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching a row by index through the byte-offset index gives the row a scan from the top gives. */
class RowOffsetsTest {

    @TempDir
    Path dir;

    /** Row i of the fixtures, with text that needs 1-, 2-, 3- and 4-byte UTF-8 and (for CSV) quoting. */
    private static String text(int i) {
        return "row " + i + (i % 3 == 0 ? " é" : "") + (i % 5 == 0 ? " 漢字" : "") + (i % 7 == 0 ? " 😀" : "");
    }

    private Path jsonLines(int rows) throws Exception {
        var out = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            out.append("{\"i\":").append(i).append(",\"t\":\"").append(text(i)).append("\"}");
            out.append(i % 4 == 0 ? "\r\n" : i % 4 == 1 ? "\n\n  \n" : i % 4 == 2 ? "\r" : "\n");
        }
        Path file = dir.resolve("rows.jsonl");
        Files.writeString(file, out, StandardCharsets.UTF_8);
        return file;
    }

    private Path csv(int rows) throws Exception {
        var out = new StringBuilder("\uFEFFi,t\r\n");
        for (int i = 0; i < rows; i++) {
            String t = i % 2 == 0 ? "\"" + text(i) + ",\nsecond \"\"line\"\"\"" : text(i);
            out.append(i).append(',').append(t).append(i % 3 == 0 ? "\r\n" : "\n");
            if (i % 11 == 0) {
                out.append('\n');
            }
        }
        Path file = dir.resolve("rows.csv");
        Files.writeString(file, out, StandardCharsets.UTF_8);
        return file;
    }

    private static List<Map<String, Object>> all(RowFile file) throws Exception {
        var rows = new ArrayList<Map<String, Object>>();
        try (RowCursor cursor = file.rows(0)) {
            cursor.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static void everyRowAtItsIndex(RowFile indexed, List<Map<String, Object>> expected, int stride)
            throws Exception {
        assertThat(indexed.rowCount()).isEqualTo(expected.size());
        var probes = new ArrayList<Integer>();
        for (int block = 0; block * stride <= expected.size(); block++) {
            for (int d = -1; d <= 1; d++) {
                probes.add(block * stride + d);
            }
        }
        probes.add(expected.size() - 1);
        for (int index : probes) {
            if (index < 0 || index >= expected.size()) {
                continue;
            }
            try (RowCursor cursor = indexed.rows(index)) {
                assertThat(cursor.next()).as("row %d", index).isEqualTo(expected.get(index));
                if (index + 1 < expected.size()) {
                    assertThat(cursor.next()).as("row %d", index + 1).isEqualTo(expected.get(index + 1));
                }
            }
        }
        try (RowCursor cursor = indexed.rows(expected.size())) {
            assertThat(cursor.hasNext()).isFalse();
        }
    }

    @Test
    void jsonLinesRowsAroundEveryBlockBoundaryMatchTheScan() throws Exception {
        Path file = jsonLines(50);
        var expected = all(new JsonLinesFile(file, new RowOffsets(Integer.MAX_VALUE)));
        assertThat(expected).hasSize(50).first().isEqualTo(Map.of("i", 0L, "t", text(0)));
        everyRowAtItsIndex(new JsonLinesFile(file, new RowOffsets(4)), expected, 4);
        everyRowAtItsIndex(new JsonLinesFile(file, new RowOffsets(1)), expected, 1);
    }

    @Test
    void csvRecordsSpanningLinesAroundEveryBlockBoundaryMatchTheScan() throws Exception {
        Path file = csv(40);
        var expected = all(new CsvFile(file, CsvFile.Values.TYPED, new RowOffsets(Integer.MAX_VALUE)));
        assertThat(expected).hasSize(40);
        assertThat(expected.get(2)).containsEntry("t", text(2) + ",\nsecond \"line\"");
        everyRowAtItsIndex(new CsvFile(file, CsvFile.Values.TYPED, new RowOffsets(3)), expected, 3);
    }

    @Test
    void theDefaultStrideIndexesLargeFiles() throws Exception {
        Path file = jsonLines(3 * RowOffsets.STRIDE + 5);
        var expected = all(new JsonLinesFile(file, new RowOffsets(Integer.MAX_VALUE)));
        everyRowAtItsIndex(RowFile.open(file), expected, RowOffsets.STRIDE);
    }

    @Test
    void errorsAfterASeekNameTheRightLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"i\":0}\n\n{\"i\":1}\n{\"i\":2}\n{not json\n");
        var indexed = new JsonLinesFile(file, new RowOffsets(2));
        assertThat(indexed.rowCount()).isEqualTo(4);
        try (RowCursor cursor = indexed.rows(3)) {
            assertThatThrownBy(cursor::next)
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("line 5");
        }
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b\n1,2\n3,4\n5\n");
        var indexedCsv = new CsvFile(csv, CsvFile.Values.TYPED, new RowOffsets(2));
        assertThat(indexedCsv.rowCount()).isEqualTo(3);
        try (RowCursor cursor = indexedCsv.rows(2)) {
            assertThatThrownBy(cursor::next)
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("record 3 has 1 fields");
        }
    }

    @Test
    void aChangedFileIsReadFromTheTopAgain() throws Exception {
        Path file = dir.resolve("rows.jsonl");
        Files.writeString(file, "{\"i\":0}\n{\"i\":1}\n{\"i\":2}\n{\"i\":3}\n");
        var indexed = new JsonLinesFile(file, new RowOffsets(2));
        assertThat(indexed.rowCount()).isEqualTo(4);
        Files.writeString(file, "{\"i\":10}\n{\"i\":11}\n{\"i\":12}\n{\"i\":13}\n{\"i\":14}\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        try (RowCursor cursor = indexed.rows(3)) {
            assertThat(cursor.next()).containsEntry("i", 13L);
        }
        assertThat(indexed.rowCount()).isEqualTo(5);
    }

    @Test
    void malformedUtf8IsAClearError() throws Exception {
        Path file = dir.resolve("latin1.jsonl");
        Files.write(file, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}', '\n'});
        assertThatThrownBy(() -> RowFile.open(file).rowCount())
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("not UTF-8");
    }
}
