package io.openenv4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFeaturesTest {

    @TempDir
    Path dir;

    @Test
    void readsClassLabelsImagesAudioAndSequencesFromTheFeaturesDatasetsWritesIntoParquet() throws Exception {
        DatasetFeatures features =
                RowFile.open(ParquetFileTest.fixture("media.parquet")).features();

        assertThat(features.columns()).containsOnlyKeys("question", "label", "image", "audio", "tags");
        assertThat(features.columns().get("label").describe()).isEqualTo("ClassLabel(cat, dog)");
        assertThat(features.labelName("label", 1L)).isEqualTo("dog");
        assertThat(features.labelName("label", 5L)).isNull();
        assertThat(features.isMedia("image")).isTrue();
        assertThat(features.isMedia("audio")).isTrue();
        assertThat(features.isMedia("question")).isFalse();
        assertThat(features.columns().get("tags").kind()).isEqualTo(DatasetFeatures.Kind.SEQUENCE);
    }

    @Test
    void imageAndAudioColumnsShowAPathAndAHashNeverTheirBytes() throws Exception {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        try (RowCursor cursor =
                RowFile.open(ParquetFileTest.fixture("media.parquet")).rows(0)) {
            cursor.forEachRemaining(rows::add);
        }
        byte[] png = new byte[8 + 64];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
        for (int i = 0; i < 64; i++) {
            png[8 + i] = (byte) i;
        }
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));

        Map<String, Object> first = new LinkedHashMap<>();
        first.put("path", "dog.png");
        first.put("sha256", sha);
        first.put("size", 72L);
        assertThat(rows.get(0).get("image")).isEqualTo(first);
        Map<String, Object> pathOnly = new LinkedHashMap<>();
        pathOnly.put("path", "images/cat.png");
        pathOnly.put("sha256", null);
        pathOnly.put("size", null);
        assertThat(rows.get(1).get("image")).isEqualTo(pathOnly);
        assertThat(((Map<?, ?>) rows.get(0).get("audio")).get("size")).isEqualTo(36L);
        assertThat(rows.get(1).get("audio")).isNull();
        assertThat(rows.get(0).get("tags")).isEqualTo(List.of("pet"));
        assertThat(io.openenv4j.wire.WireJson.write(rows))
                .doesNotContain("UE5H")
                .doesNotContain("bytes");
    }

    @Test
    void anEnvironmentThatAsksForMediaBytesGetsThem() throws Exception {
        try (RowCursor cursor =
                RowFile.open(ParquetFileTest.fixture("media.parquet"), true).rows(0)) {
            Map<String, Object> row = cursor.next();
            Map<?, ?> image = (Map<?, ?>) row.get("image");
            assertThat(image.get("path")).isEqualTo("dog.png");
            assertThat((byte[]) image.get("bytes")).hasSize(72).startsWith((byte) 0x89, (byte) 'P');
        }
    }

    @Test
    void readsTheFeaturesOfADatasetCardPerConfig() throws Exception {
        Path card = dir.resolve("README.md");
        Files.writeString(card, """
                ---
                license: mit
                dataset_info:
                - config_name: default
                  features:
                  - name: text
                    dtype: string
                  - name: label
                    dtype:
                      class_label:
                        names:
                          '0': neg
                          '1': pos
                  - name: picture
                    dtype: image
                  - name: tokens
                    sequence: string
                - config_name: other
                  features:
                  - name: clip
                    dtype: audio
                ---
                # A dataset
                """);

        DatasetFeatures byDefault = DatasetFeatures.fromCard(card, null);
        assertThat(byDefault.columns().keySet()).containsExactly("text", "label", "picture", "tokens");
        assertThat(byDefault.columns().get("label").describe()).isEqualTo("ClassLabel(neg, pos)");
        assertThat(byDefault.columns().get("text").describe()).isEqualTo("Value(string)");
        assertThat(byDefault.isMedia("picture")).isTrue();
        assertThat(byDefault.columns().get("tokens").kind()).isEqualTo(DatasetFeatures.Kind.SEQUENCE);
        assertThat(DatasetFeatures.fromCard(card, "other").isMedia("clip")).isTrue();
    }

    @Test
    void aCardWithoutFeaturesOrNoCardGivesNone() throws Exception {
        Path card = dir.resolve("README.md");
        Files.writeString(card, "---\nlicense: mit\n---\n# hi\n");
        assertThat(DatasetFeatures.fromCard(card, null).isEmpty()).isTrue();
        assertThat(DatasetFeatures.fromCard(dir.resolve("missing.md"), null)).isEqualTo(DatasetFeatures.NONE);
        Files.writeString(card, "---\ndataset_info: [unclosed\n---\n");
        assertThat(DatasetFeatures.fromCard(card, null).isEmpty()).isTrue();
    }

    @Test
    void aDatasetsWrittenParquetFileOfTheCorpusNamesItsLabels() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("openenv4j.corpus.skip"));
        DatasetFeatures features = RowFile.open(CorpusTest.corpus().resolve("datasets/train.parquet"))
                .features();
        assertThat(features.columns().get("label").names()).containsExactly("neg", "neu", "pos");
        assertThat(features.columns().get("tags").kind()).isEqualTo(DatasetFeatures.Kind.SEQUENCE);
    }
}
