package io.openenv4j.tasks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.tasks.HiddenFieldLeakException;
import io.openenv4j.tasks.Task;
import io.openenv4j.tasks.TaskMapping;
import io.openenv4j.tasks.TaskSource;
import io.openenv4j.wire.WireJson;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** media=bytes in a task mapping: Image/Audio columns deliver their bytes; the default stays path and hash. */
class MediaMappingTest {

    static Path media() throws Exception {
        return Path.of(
                MediaMappingTest.class.getResource("/parquet/media.parquet").toURI());
    }

    static Task first(String mapping) throws Exception {
        return TaskSource.fromFiles(Map.of("train", List.of(media())), TaskMapping.parse(mapping))
                .task("train", 0);
    }

    @Test
    void byDefaultAnImageColumnIsItsPathHashAndSizeNeverItsBytes() throws Exception {
        Task task = first("prompt=question");

        Map<?, ?> image = (Map<?, ?>) task.metadata().get("image");
        assertThat(image.keySet().stream().map(String::valueOf).toList()).containsExactly("path", "sha256", "size");
        assertThat(image.get("size")).isEqualTo(72L);
        assertThat(WireJson.write(task.metadata()))
                .doesNotContain("iVBORw0KGgo")
                .doesNotContain("bytes");
    }

    @Test
    void mediaBytesDeliversImageAndAudioBytesAsBase64InJson() throws Exception {
        Task task = first("prompt=question,media=bytes");

        Map<?, ?> image = (Map<?, ?>) task.metadata().get("image");
        assertThat(image.get("path")).isEqualTo("dog.png");
        byte[] png = (byte[]) image.get("bytes");
        assertThat(png).hasSize(72).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        String json = WireJson.write(task.metadata());
        assertThat(json).contains("\"bytes\":\"" + Base64.getEncoder().encodeToString(png) + "\"");
        assertThat(((byte[]) ((Map<?, ?>) task.metadata().get("audio")).get("bytes")))
                .hasSize(36);
        assertThat(WireJson.parse(json).path("image").path("bytes").binaryValue())
                .isEqualTo(png);
    }

    @Test
    void mediaPathIsTheDefaultAndOtherValuesAreRefused() throws Exception {
        assertThat(TaskMapping.parse("media=path")).isEqualTo(TaskMapping.defaults());
        assertThat(TaskMapping.parse("prompt=q,media=bytes").mediaBytes()).isTrue();
        assertThat(TaskMapping.defaults().mediaBytes()).isFalse();
        assertThat(TaskMapping.parse("media=bytes")
                        .resolve(List.of("question"), "split train")
                        .mediaBytes())
                .isTrue();
        assertThatThrownBy(() -> TaskMapping.parse("media=base64"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("media=bytes");
    }

    @Test
    void hiddenValuesAreStillFoundWhenAHiddenColumnHoldsMediaBytes() throws Exception {
        Task task = first("prompt=question,hidden=label+image,media=bytes");
        assertThat((byte[]) ((Map<?, ?>) task.hidden().get("image")).get("bytes"))
                .hasSize(72);
        LeakGuard guard = LeakGuard.of(task);

        guard.check(WireJson.parse("{\"text\": \"a picture\"}"), "the observation", Set.of(), "");
        assertThatThrownBy(() ->
                        guard.check(WireJson.parse("{\"text\": \"see dog.png\"}"), "the observation", Set.of(), ""))
                .isInstanceOf(HiddenFieldLeakException.class)
                .hasMessageContaining("'image.path'");
    }
}
