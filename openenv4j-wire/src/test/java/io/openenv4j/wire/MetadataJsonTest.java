package io.openenv4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.EnvironmentMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {

    @Test
    void metadataWithoutMeasuredFieldsKeepsTheReferenceShape() {
        assertThat(WireJson.write(EnvironmentMetadata.of("echo", "Echoes.")))
                .isEqualTo(
                        "{\"name\":\"echo\",\"description\":\"Echoes.\",\"readme_content\":null,\"version\":\"1.0.0\","
                                + "\"author\":null,\"documentation_url\":null}");
    }

    @Test
    void declaredMeasuredFieldsAreSentAndReadBack() throws Exception {
        var metadata = EnvironmentMetadata.of("terminal", "A shell.").withMeasuredFields("elapsed_ms");
        String json = WireJson.write(metadata);
        assertThat(json).endsWith(",\"measured_fields\":[\"elapsed_ms\"]}");
        assertThat(WireJson.mapper().readValue(json, EnvironmentMetadata.class)).isEqualTo(metadata);
        var plain = WireJson.mapper()
                .readValue("{\"name\":\"echo\",\"description\":\"Echoes.\"}", EnvironmentMetadata.class);
        assertThat(plain.measuredFields()).isEqualTo(List.of());
    }
}
