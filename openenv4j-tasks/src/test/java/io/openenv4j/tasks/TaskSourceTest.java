package io.openenv4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.tasks.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSourceTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryOfSplitFilesIsReadWithTheDefaultMapping() throws IOException {
        TaskFixtures.questions(dir, "test", 5);
        TaskFixtures.questions(dir, "train", 12);
        var source = TaskSource.fromDirectory(dir, TaskMapping.defaults());
        assertThat(source.splits()).containsExactly("train", "test");
        assertThat(source.defaultSplit()).isEqualTo("train");
        assertThat(source.count("train")).isEqualTo(12);
        Task task = source.task("train", 7);
        assertThat(task.id()).isEqualTo("q-train-7");
        assertThat(task.split()).isEqualTo("train");
        assertThat(task.index()).isEqualTo(7);
        assertThat(task.prompt()).isEqualTo("What is 507 plus 500?");
        assertThat(task.hidden()).containsExactly(Map.entry("answer", "1007"));
        assertThat(((Number) task.metadata().get("level")).longValue()).isEqualTo(1);
        assertThat(source.task("test", "q-test-3")).isEqualTo(source.task("test", 3));
    }

    @Test
    void aSplitSpreadOverSeveralFilesIsNumberedAcrossThem() throws IOException {
        Path split = dir.resolve("train");
        Files.createDirectories(split);
        Files.write(
                split.resolve("part-0.jsonl"),
                List.of("{\"prompt\":\"a\",\"solution\":\"1\"}", "{\"prompt\":\"b\",\"solution\":\"2\"}"));
        Files.write(split.resolve("part-1.jsonl"), List.of());
        Files.write(split.resolve("part-2.jsonl"), List.of("{\"prompt\":\"c\",\"solution\":\"3\"}"));
        var source = TaskSource.fromDirectory(dir, TaskMapping.defaults());
        assertThat(source.count("train")).isEqualTo(3);
        assertThat(List.of(0L, 1L, 2L).stream()
                        .map(i -> source.task("train", i).prompt())
                        .toList())
                .containsExactly("a", "b", "c");
        assertThat(source.task("train", 2).id()).isEqualTo("train/2");
        assertThat(source.task("train", "train/1").prompt()).isEqualTo("b");
        assertThat(source.task("train", 2).hidden()).containsEntry("solution", "3");
    }

    @Test
    void theHubsDataFolderLayoutIsRecognised() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.write(data.resolve("train-00000-of-00002.jsonl"), List.of("{\"question\":\"x\",\"answer\":1}"));
        Files.write(data.resolve("train-00001-of-00002.jsonl"), List.of("{\"question\":\"y\",\"answer\":2}"));
        Files.write(data.resolve("test-00000-of-00001.jsonl"), List.of("{\"question\":\"z\",\"answer\":3}"));
        Files.writeString(dir.resolve("environment.yaml"), "environments: []\n");
        var files = DatasetFiles.scan(dir);
        assertThat(files.splits().keySet()).containsExactly("train", "test");
        assertThat(files.splits().get("train")).hasSize(2);
        assertThat(files.manifest()).contains(dir.resolve("environment.yaml"));
    }

    @Test
    void aLocalDirectoryFollowsTheSameSplitRuleAsAHubSnapshot() throws IOException {
        Files.write(dir.resolve("train.jsonl"), List.of("{\"question\":\"x\",\"answer\":1}"));
        Files.write(dir.resolve("my_validation.jsonl"), List.of("{\"question\":\"v\",\"answer\":1}"));
        Files.write(dir.resolve("extra.jsonl"), List.of("{\"question\":\"e\",\"answer\":1}"));
        Files.writeString(dir.resolve("dataset_info.json"), "{}");
        var files = DatasetFiles.scan(dir);
        assertThat(files.splits()).containsOnlyKeys("train", "validation");
        assertThat(files.splits().get("train")).containsExactly(dir.resolve("train.jsonl"));
        var loaded = io.openenv4j.tasks.hub.Datasets.open(
                dir.toString(), io.openenv4j.tasks.hub.HubOptions.fromEnvironment(Map.of()));
        assertThat(loaded.splitFiles()).isEqualTo(files.splits());
    }

    @Test
    void aMappingWithNamedHiddenColumnsAndNoIdColumnResolves() {
        TaskMapping resolved =
                TaskMapping.parse("prompt=question,hidden=label").resolve(List.of("question", "label"), "split train");
        assertThat(resolved.idColumn()).isNull();
        assertThat(resolved.hiddenColumns()).containsExactly("label");
    }

    @Test
    void anExplicitMappingNamesTheColumns() throws IOException {
        Files.write(
                dir.resolve("train.jsonl"),
                List.of("{\"qid\":7,\"body\":\"what?\",\"gold\":\"x\",\"src\":\"s\",\"note\":\"n\"}"));
        var source = TaskSource.fromDirectory(dir, TaskMapping.parse("id=qid, prompt=body, hidden=gold, metadata=src"));
        Task task = source.task("train", 0);
        assertThat(task.id()).isEqualTo("7");
        assertThat(task.prompt()).isEqualTo("what?");
        assertThat(task.hidden()).containsOnlyKeys("gold");
        assertThat(task.metadata()).containsOnlyKeys("src");
        assertThat(source.task("train", "7")).isEqualTo(task);
    }

    @Test
    void badLookupsSayWhatExists() throws IOException {
        TaskFixtures.questions(dir, "train", 3);
        var source = TaskSource.fromDirectory(dir, TaskMapping.defaults());
        assertThatThrownBy(() -> source.task("dev", 0))
                .isInstanceOf(TaskLookupException.class)
                .hasMessage("unknown split 'dev'; the task source has splits [train]");
        assertThatThrownBy(() -> source.task("train", 3))
                .isInstanceOf(TaskLookupException.class)
                .hasMessage("task index 3 is out of range: split 'train' has 3 tasks (0..2)");
        assertThatThrownBy(() -> source.task("train", "nope"))
                .isInstanceOf(TaskLookupException.class)
                .hasMessageContaining("no task with id 'nope' in split 'train'");
    }

    @Test
    void badMappingsAndDataAreClearErrors() throws IOException {
        Files.write(
                dir.resolve("train.jsonl"), List.of("{\"id\":\"a\",\"body\":\"x\"}", "{\"id\":\"a\",\"body\":\"y\"}"));
        var noPrompt = TaskSource.fromDirectory(dir, TaskMapping.defaults());
        assertThatThrownBy(() -> noPrompt.task("train", 0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("no prompt column among [id, body]")
                .hasMessageContaining("prompt=<column>");
        var missing = TaskSource.fromDirectory(dir, TaskMapping.parse("prompt=body,hidden=gold"));
        assertThatThrownBy(() -> missing.task("train", 0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("the hidden column 'gold' is not among the columns [id, body]");
        var duplicate = TaskSource.fromDirectory(dir, TaskMapping.parse("prompt=body"));
        assertThatThrownBy(() -> duplicate.task("train", "a"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("task id 'a' appears at rows 0 and 1");
        assertThatThrownBy(() -> TaskMapping.parse("answer=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown task mapping key 'answer'");
        assertThatThrownBy(() -> TaskMapping.parse("prompt=body,hidden=body").resolve(List.of("body"), "split train"))
                .hasMessageContaining("cannot be both hidden and the prompt");
        assertThatThrownBy(() -> DatasetFiles.scan(dir.resolve("train.jsonl")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void anInMemorySourceChecksItsTasks() {
        var task = new Task("a", "train", 0, "p", Map.of("answer", "1"), Map.of());
        var source = TaskSource.of(Map.of("train", List.of(task)));
        assertThat(source.task("train", "a")).isEqualTo(task);
        assertThatThrownBy(() -> TaskSource.of(Map.of("train", List.of(new Task("a", "train", 3, "p", null, null)))))
                .hasMessageContaining("claims train[3] but sits at train[0]");
    }
}
