package io.openenv4j.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void theLengthIsTheNumberOfUtf8BytesAlsoWhenASurrogatePairIsSplit() {
        String text = "aé€😀";

        assertThat(Utf8.length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(Utf8.length(text.substring(0, 4)) + Utf8.length(text.substring(4)))
                .isEqualTo(10);
    }
}
