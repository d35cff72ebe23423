package io.openenv4j.tasks.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openenv4j.tasks.manifest.Manifest;
import io.openenv4j.tasks.manifest.ManifestException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code environment.yaml} parser on any text: a validated manifest (at least one environment, unique ids)
 * or a {@link ManifestException} naming the field; nothing else escapes.
 */
class ManifestFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyDocumentIsAValidManifestOrRefusedWithTheField(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        Manifest manifest;
        try {
            manifest = Manifest.parse(yaml);
        } catch (ManifestException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(Manifest.SPEC_VERSIONS).contains(manifest.specVersion());
        assertThat(manifest.environments()).isNotEmpty();
        assertThat(manifest.environments().stream().map(e -> e.id()).distinct().count())
                .isEqualTo(manifest.environments().size());
    }
}
