package io.openenv4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path file = dir.resolve("train.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static List<Map<String, Object>> read(RowFile file, long first) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (RowCursor c = file.rows(first)) {
            c.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void readsQuotedFieldsWithCommasEscapedQuotesAndLineBreaks() throws Exception {
        Path file = write("\uFEFFid,question,answer\r\n1,\"Say \"\"hi\"\", then, stop\",\"line one\nline two\"\r\n"
                + "2,plain,\"\"\n");

        List<Map<String, Object>> rows = read(RowFile.open(file), 0);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsExactly(
                        Map.entry("id", 1L),
                        Map.entry("question", "Say \"hi\", then, stop"),
                        Map.entry("answer", "line one\nline two"));
        assertThat(rows.get(1).get("answer")).isEqualTo("");
        assertThat(RowFile.open(file).rowCount()).isEqualTo(2);
        assertThat(RowFile.open(file).columns()).containsExactly("id", "question", "answer");
    }

    @Test
    void typesUnquotedNumbersBooleansAndEmptyFieldsButKeepsQuotedTextAsIs() throws Exception {
        Path file = write("a,b,c,d,e,f,g\n42,-3.5e2,true,,\"007\",007x,99999999999999999999\n");

        Map<String, Object> row = read(RowFile.open(file), 0).get(0);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", 42L);
        expected.put("b", -350.0);
        expected.put("c", true);
        expected.put("d", null);
        expected.put("e", "007");
        expected.put("f", "007x");
        expected.put("g", 1.0E20);
        assertThat(row).isEqualTo(expected);
    }

    @Test
    void stringModeKeepsEveryFieldAsText() throws Exception {
        Path file = write("a,b\n1,\n");

        Map<String, Object> row =
                read(new CsvFile(file, CsvFile.Values.STRINGS), 0).get(0);

        assertThat(row).containsExactly(Map.entry("a", "1"), Map.entry("b", ""));
    }

    @Test
    void startsAtAGivenRow() throws Exception {
        Path file = write("n\n0\n1\n\"2\n\"\n3\n");

        assertThat(read(RowFile.open(file), 2)).extracting(r -> r.get("n")).containsExactly("2\n", 3L);
    }

    @Test
    void rejectsRaggedRecordsAndUnterminatedQuotesNamingThePlace() throws Exception {
        Path ragged = write("a,b\n1,2\n3\n");
        assertThatThrownBy(() -> read(RowFile.open(ragged), 0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("record 2 has 1 fields, the header has 2");

        Path open = write("a\n\"never closed\n");
        assertThatThrownBy(() -> read(RowFile.open(open), 0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("unterminated quoted field starting on line 2");
    }

    @Test
    void rejectsAnEmptyFile() throws Exception {
        Path empty = write("");

        assertThatThrownBy(() -> RowFile.open(empty).rows(0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("no header row");
    }
}
