package io.openenv4j.tasks.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetRefTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", textBlock = """
            hf://datasets/openenv/arith,                 openenv/arith, -,  main
            hf://datasets/openenv/arith@v1.0,            openenv/arith, -,  v1.0
            hf://datasets/openenv/arith/qa@main,         openenv/arith, qa, main
            hf://datasets/openenv/arith/qa,              openenv/arith, qa, main
            openenv/arith,                               openenv/arith, -,  main
            openenv/arith@0123456789abcdef0123456789abcdef01234567, openenv/arith, -, 0123456789abcdef0123456789abcdef01234567
            openenv/arith/default@refs/convert/parquet,  openenv/arith, default, refs/convert/parquet
            """)
    void parsesHubReferences(String text, String repo, String selector, String revision) {
        assertThat(DatasetRef.parse(text)).isEqualTo(new DatasetRef.Hub(repo, selector, revision));
    }

    @Test
    void anExistingDirectoryOrAPathIsLocal(@TempDir Path dir) {
        assertThat(DatasetRef.parse(dir.toString())).isEqualTo(new DatasetRef.Local(dir));
        assertThat(DatasetRef.parse("./data")).isEqualTo(new DatasetRef.Local(Path.of("./data")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "hf://models/org/name", "hf://datasets/justone", "org/na me", "org/name/a/b", "-bad/name"})
    void rejectsMalformedReferences(String text) {
        assertThatThrownBy(() -> DatasetRef.parse(text))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.INVALID_REFERENCE));
    }

    @Test
    void printsAsAnHfUrl() {
        assertThat(DatasetRef.parse("openenv/arith/qa")).hasToString("hf://datasets/openenv/arith/qa@main");
    }
}
