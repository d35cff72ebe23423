package io.openenv4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireExtensionTest {

    @Test
    void theHeaderListsExtensionsInDeclarationOrderWithTheirVersions() {
        assertThat(WireExtension.header(List.of(WireExtension.MEASURED_FIELDS, WireExtension.WS_BATCH)))
                .isEqualTo("ws-batch=1, measured-fields=1");
        assertThat(WireExtension.header(EnumSet.allOf(WireExtension.class)))
                .isEqualTo("ws-batch=1, trainer=1, reward-error=1, measured-fields=1");
        assertThat(WireExtension.header(List.of())).isEmpty();
    }

    @Test
    void parsingReadsWhatTheHeaderWritesAndSkipsMembersItDoesNotUnderstand() {
        String all = WireExtension.header(EnumSet.allOf(WireExtension.class));
        assertThat(WireExtension.parse(all))
                .containsExactly(
                        Map.entry("ws-batch", 1),
                        Map.entry("trainer", 1),
                        Map.entry("reward-error", 1),
                        Map.entry("measured-fields", 1));

        assertThat(WireExtension.parse("ws-batch=2;experimental, future=?1, bare, Trainer = 3"))
                .containsExactly(Map.entry("ws-batch", 2), Map.entry("trainer", 3));
    }

    @Test
    void aServerWithoutTheHeaderOffersNoExtensions() {
        assertThat(WireExtension.parse(null)).isEmpty();
        assertThat(WireExtension.parse("")).isEmpty();
    }
}
