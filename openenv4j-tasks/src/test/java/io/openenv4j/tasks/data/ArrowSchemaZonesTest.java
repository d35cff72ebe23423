package io.openenv4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The time zones read from pyarrow's ARROW:schema metadata: corrupt schemas yield no zones, never a crash. */
class ArrowSchemaZonesTest {

    /**
     * pyarrow's schema of the dictionary-snappy fixture (found corrupt by ParquetReaderFuzzTest), with the first
     * field name's length set to 2^31 - 1: allocating that length before checking it ran out of memory.
     */
    private static final String NAME_LENGTH_PAST_THE_END =
            "/////7gCAAAQAAAAAAAKAAwABgAFAAgACgAAAAABBAAMAAAACAAIAAAABAAIAAAABAAAAAsAAABcAgAAFAIAAOQBAACwAQAAbAEA"
                    + "AEABAAAYAQAA8AAAALwAAABcAAAABAAAAOD9//8AAAEMFAAAABwAAAAEAAAAAQAAABQAAAAEAAAAdGFncwAAAADY/f//DP7//wAA"
                    + "AQUQAAAAGAAAAAQAAAAAAAAABAAAAGl0ZW0AAAAAAP7//zT+//8AAAEMFAAAABwAAAAEAAAAAQAAABQAAAAEAAAAaW50cwAAAAAs"
                    + "/v//YP7//wAAAQIQAAAAGAAAAAQAAAAAAAAABAAAAGl0ZW0AAAAAmP7//wAAAAEgAAAAkP7//wAAAQ8QAAAAHAAAAAQAAAAAAAAA"
                    + "BQAAAGZpeGVkAAYACAAEAAYAAAAEAAAAwP7//wAAAQQQAAAAFAAAAAQAAAAAAAAAAwAAAGJpbgCw/v//5P7//wAAAQUQAAAAFAAA"
                    + "AAQAAAAAAAAAAQAAAHMAAADU/v//CP///wAAAQMQAAAAFAAAAAQAAAAAAAAAAwAAAGY2NADW////AAACADD///8AAAEDEAAAABwA"
                    + "AAAEAAAAAAAAAAMAAmABMzIAAAAGAAgABgAGAAAAAAABABAAFAAIAAAABwAMAAAAEAAQAAAAAAAAAhAAAAAYAAAABAAAAAAAAAAF"
                    + "AAAAc21hbGwAAACo////AAAAAUAAAACg////AAABAhAAAAAUAAAABAAAAAAAAAADAAAAaTY0ANT///8AAAABQAAAAMz///8AAAEC"
                    + "EAAAABwAAAAEAAAAAAAAAAMAAABpMzIACAAMAAgABwAIAAAAAAAAASAAAAAQABQACAAGAAcADAAAABAAEAAAAAAAAQYQAAAAGAAA"
                    + "AAQAAAAAAAAA////f2IAAAAEAAQABAAAAAAAAAA=";

    @Test
    void aStringLengthRunningPastTheSchemaYieldsNoZonesInsteadOfAllocatingIt() {
        assertThat(ArrowSchemaZones.parse(NAME_LENGTH_PAST_THE_END)).isEmpty();
    }
}
