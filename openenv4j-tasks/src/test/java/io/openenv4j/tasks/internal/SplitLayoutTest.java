package io.openenv4j.tasks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Split detection from file names, as the {@code datasets} library does it. */
class SplitLayoutTest {

    @Test
    void shardedDataFilesNameTheirSplit() {
        assertThat(SplitLayout.detect(List.of(
                        "README.md",
                        "data/train-00000-of-00002.parquet",
                        "data/train-00001-of-00002.parquet",
                        "data/test-00000-of-00001.parquet",
                        "data/extra_hard-00000-of-00001.parquet")))
                .isEqualTo(Map.of(
                        "train", List.of("data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"),
                        "test", List.of("data/test-00000-of-00001.parquet"),
                        "extra_hard", List.of("data/extra_hard-00000-of-00001.parquet")));
    }

    @Test
    void splitKeywordsInFileNames() {
        assertThat(SplitLayout.detect(List.of(
                        "train.jsonl",
                        "dev.csv",
                        "eval_2024.parquet",
                        "pretraining.jsonl",
                        "notes.txt",
                        "dataset_info.json")))
                .isEqualTo(Map.of(
                        "train", List.of("train.jsonl"),
                        "validation", List.of("dev.csv"),
                        "test", List.of("eval_2024.parquet")));
    }

    @Test
    void directoryNamesWinOverFileNamesAsInDatasets() {
        assertThat(SplitLayout.detect(
                        List.of("training/part1.jsonl", "training/test-notes.jsonl", "test/a.jsonl", "valid.jsonl")))
                .isEqualTo(Map.of(
                        "train", List.of("training/part1.jsonl", "training/test-notes.jsonl"),
                        "test", List.of("test/a.jsonl")));
    }

    @Test
    void withoutKeywordsEveryDataFileIsTrain() {
        assertThat(SplitLayout.detect(
                        List.of("rows.jsonl", "more/rows.parquet", ".hidden/x.jsonl", "environment.yaml")))
                .isEqualTo(Map.of("train", List.of("more/rows.parquet", "rows.jsonl")));
    }

    @Test
    void globsMatchLikeDataFilesPatterns() {
        List<String> paths = List.of("data/train-0.parquet", "data/sub/train-1.parquet", "train.jsonl", "xtrain.jsonl");

        assertThat(SplitLayout.matching(paths, List.of("data/*.parquet"))).containsExactly("data/train-0.parquet");
        assertThat(SplitLayout.matching(paths, List.of("data/**.parquet")))
                .containsExactly("data/sub/train-1.parquet", "data/train-0.parquet");
        assertThat(SplitLayout.matching(paths, List.of("**/train*.jsonl"))).containsExactly("train.jsonl");
    }
}
