package io.openenv4j.tasks.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/** The jsonl reader on any bytes: rows in full or a DataFormatException (see {@link Readers}). */
class JsonLinesReaderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyFileIsReadInFullOrRefusedWithADataFormatException(FuzzedDataProvider data) throws IOException {
        int from = data.consumeInt();
        Readers.readAll("data.jsonl", data.consumeRemainingAsBytes(), from);
    }
}
