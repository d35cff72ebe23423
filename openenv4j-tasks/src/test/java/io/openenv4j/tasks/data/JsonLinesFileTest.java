package io.openenv4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileTest {

    @TempDir
    Path dir;

    @Test
    void readsObjectsLineByLineSkippingBlankLines() throws Exception {
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, "{\"q\":\"1+1\",\"a\":2}\n\n{\"q\":\"2+2\",\"a\":4}\n");
        RowFile rows = RowFile.open(file);

        assertThat(rows.rowCount()).isEqualTo(2);
        List<Map<String, Object>> read = new ArrayList<>();
        try (RowCursor cursor = rows.rows(0)) {
            cursor.forEachRemaining(read::add);
        }
        assertThat(read).extracting(row -> row.get("q")).containsExactly("1+1", "2+2");
        assertThat(((Number) read.get(1).get("a")).longValue()).isEqualTo(4L);
    }

    @Test
    void startsAtTheRequestedRow() throws Exception {
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, "{\"i\":0}\n{\"i\":1}\n{\"i\":2}\n");
        try (RowCursor cursor = RowFile.open(file).rows(2)) {
            assertThat(((Number) cursor.next().get("i")).intValue()).isEqualTo(2);
            assertThat(cursor.hasNext()).isFalse();
        }
    }

    @Test
    void aMalformedLineIsReportedWithItsLineNumber() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"i\":0}\n{not json\n");
        try (RowCursor cursor = RowFile.open(file).rows(0)) {
            cursor.next();
            assertThatThrownBy(cursor::next)
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("bad.jsonl")
                    .hasMessageContaining("line 2");
        }
    }

    @Test
    void anUnknownExtensionIsRejectedClearly() {
        assertThatThrownBy(() -> RowFile.open(dir.resolve("data.xlsx")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("unsupported file type");
    }

    @Test
    void numbersFollowTheRowContractLongForIntegersDoubleOtherwise() throws Exception {
        Path file = dir.resolve("n.jsonl");
        Files.writeString(
                file,
                "{\"i\":2,\"big\":12345678901234,\"huge\":123456789012345678901234,\"f\":0.5,"
                        + "\"nested\":{\"l\":[1,2.5]}}\n");

        Map<String, Object> row;
        try (RowCursor cursor = RowFile.open(file).rows(0)) {
            row = cursor.next();
        }

        assertThat(row.get("i")).isEqualTo(2L);
        assertThat(row.get("big")).isEqualTo(12345678901234L);
        assertThat(row.get("huge")).isEqualTo(1.2345678901234568E23);
        assertThat(row.get("f")).isEqualTo(0.5);
        assertThat(row.get("nested")).isEqualTo(Map.of("l", List.of(1L, 2.5)));
    }

    @Test
    void columnsAreTheKeysOfTheFirstRow() throws Exception {
        Path file = dir.resolve("c.jsonl");
        Files.writeString(file, "{\"q\":1,\"a\":2}\n{\"z\":3}\n");
        Path empty = dir.resolve("e.jsonl");
        Files.writeString(empty, "");

        assertThat(RowFile.open(file).columns()).containsExactly("q", "a");
        assertThat(RowFile.open(empty).columns()).isEmpty();
    }

    @Test
    void aJsonFileHoldingOneArrayIsStreamedElementByElement() throws Exception {
        Path file = dir.resolve("train.json");
        Files.writeString(
                file,
                "\n[\n  {\"q\": \"1+1\", \"a\": 2},\n  {\"q\": \"2+2\", \"a\": 4, \"tags\": [\"x\"]},\n"
                        + "  {\"q\": \"3+3\", \"a\": 6}\n]\n");
        RowFile rows = RowFile.open(file);

        assertThat(rows.rowCount()).isEqualTo(3);
        List<Map<String, Object>> read = new ArrayList<>();
        try (RowCursor cursor = rows.rows(1)) {
            cursor.forEachRemaining(read::add);
        }
        assertThat(read)
                .containsExactly(Map.of("q", "2+2", "a", 4L, "tags", List.of("x")), Map.of("q", "3+3", "a", 6L));
    }

    @Test
    void aBrokenJsonArrayFailsNamingTheElement() throws Exception {
        Path notObjects = dir.resolve("a.json");
        Files.writeString(notObjects, "[{\"q\":1}, 2]");
        Path truncated = dir.resolve("b.json");
        Files.writeString(truncated, "[{\"q\":1}, {\"q\":");

        assertThatThrownBy(() -> {
                    try (RowCursor c = RowFile.open(notObjects).rows(0)) {
                        c.next();
                        c.next();
                    }
                })
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("element 1 is not a JSON object");
        assertThatThrownBy(() -> {
                    try (RowCursor c = RowFile.open(truncated).rows(0)) {
                        c.next();
                        c.next();
                    }
                })
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("b.json");
    }
}
