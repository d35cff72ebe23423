package io.openenv4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TasksCommandTest {

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static final String MANIFEST = """
            spec_version: hf-rl-env-0.1
            environments:
              - id: qa
                title: Small sums
                splits: [train, test]
                reward: {type: scalar, min: 0, max: 1}
                frameworks:
                  openenv:
                    package: openenv4j-envs
                  verifiers:
                    min_version: ">=0.1"
            """;

    @TempDir
    Path dir;

    private void dataset() throws Exception {
        Files.write(
                dir.resolve("train.jsonl"),
                List.of(
                        "{\"id\":\"a\",\"question\":\"What is 2 plus 40?\",\"answer\":\"42\",\"level\":1}",
                        "{\"id\":\"b\",\"question\":\"What is 3 plus 40?\",\"answer\":\"43\",\"level\":1}"));
        Files.write(dir.resolve("test.jsonl"), List.of("{\"question\":\"q\",\"answer\":\"7\"}"));
        Files.writeString(dir.resolve("environment.yaml"), MANIFEST);
    }

    @Test
    void inspectShowsDatesTimestampsDecimalsAndUnsignedIntegersAsAPythonUserSeesThem() throws Exception {
        // logical.parquet: written by pyarrow (openenv4j-tasks/scripts/make-parquet-fixtures.py)
        try (var in = TasksCommandTest.class.getResourceAsStream("/parquet/logical.parquet")) {
            Files.copy(in, dir.resolve("train.parquet"));
        }
        Run run = run("tasks", "inspect", dir.toString(), "--rows", "2", "--show-hidden");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "row 0: {\"question\":\"When was the invoice paid?\",\"answer\":\"2024-01-02\",\"day\":\"2024-01-02\","
                                + "\"paid_at\":\"2024-01-02T03:04:05.120000Z\",\"price\":\"1.50\",\"account\":4294967295}",
                        "row 1: {\"question\":\"What did it cost?\",\"answer\":\"1.50\",\"day\":null,\"paid_at\":null,"
                                + "\"price\":\"-0.05\",\"account\":7}");
    }

    @Test
    void inspectShowsFeaturesClassLabelNamesAndMediaAsPathAndHashNeverBytes() throws Exception {
        try (var in = TasksCommandTest.class.getResourceAsStream("/parquet/media.parquet")) {
            Files.copy(in, dir.resolve("train.parquet"));
        }
        Run run = run("tasks", "inspect", dir.toString(), "--task-mapping", "prompt=question,hidden=label");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "features: question=Value(string), label=ClassLabel(cat, dog), image=Image, audio=Audio, tags=Sequence",
                        "\"image\":{\"path\":\"dog.png\",\"sha256\":\"",
                        "\"size\":72}",
                        "\"audio\":{\"path\":null,\"sha256\":\"");
        assertThat(run.out()).doesNotContain("\"bytes\"").doesNotContain("labels: label=dog");

        Run shown = run(
                "tasks", "inspect", dir.toString(), "--task-mapping", "prompt=question,hidden=label", "--show-hidden");
        assertThat(shown.out()).contains("\"label\":1,", "(labels: label=dog)");
    }

    @Test
    void inspectPrintsSplitsCountsColumnsMappingAMaskedSampleAndWhatTheManifestOffers() throws Exception {
        dataset();
        Run run = run("tasks", "inspect", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "split train: 2 rows in 1 file",
                        "split test: 1 rows in 1 file",
                        "columns: id, question, answer, level",
                        "task mapping: id=id prompt=question hidden=answer metadata=level",
                        "row 0: {\"id\":\"a\",\"question\":\"What is 2 plus 40?\",\"answer\":\"<hidden>\",\"level\":1}",
                        "task mapping: id=(row position: test/<index>)",
                        "manifest: environment.yaml (hf-rl-env-0.1), 1 environment",
                        "  environment qa (selected): Small sums",
                        "    splits: train, test",
                        "    frameworks: openenv (package openenv4j-envs); verifiers >=0.1",
                        "    served by: openenv4j serve qa --tasks " + dir,
                        "    reward: scalar in [0, 1]");
        // the temporary directory's name is in the output and may hold "42" itself: look at what follows it
        assertThat(run.out().replace(dir.toString(), "<dir>"))
                .doesNotContain("42")
                .doesNotContain("\"7\"");
        assertThat(run.out().indexOf("split train")).isLessThan(run.out().indexOf("split test"));
    }

    @Test
    void showHiddenRevealsTheHiddenColumns() throws Exception {
        dataset();
        Run run = run("tasks", "inspect", dir.toString(), "--show-hidden", "--rows", "2");
        assertThat(run.out()).contains("\"answer\":\"42\"", "row 1: {\"id\":\"b\"");
    }

    @Test
    void inspectSaysWhatIsWrong() throws Exception {
        assertThat(run("tasks", "inspect", dir.resolve("nope").toString()).err())
                .contains("no dataset directory at");
        Files.write(dir.resolve("train.jsonl"), List.of("{\"body\":\"x\"}"));
        Run run = run("tasks", "inspect", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("error: split train: no prompt column among [body]");
        assertThat(run("tasks", "inspect", dir.toString(), "--task-mapping", "prompt=body")
                        .exitCode())
                .isZero();
        assertThat(run("tasks", "inspect", dir.toString(), "--task-mapping", "bogus=1")
                        .err())
                .contains("unknown task mapping key");
        assertThat(run("tasks", "inspect", dir.resolve("train.jsonl").toString())
                        .err())
                .contains("is a file");
        assertThat(run("tasks", "inspect", "hf://models/x/y").err())
                .contains("only dataset repositories are supported");
        assertThat(run("tasks", "inspect", "openai/gsm8k", "--hub-endpoint", "ftp://example")
                        .err())
                .contains("--hub-endpoint must be an http(s) URL");
    }

    @Test
    void aBrokenManifestIsReportedWithTheFieldAtFault() throws Exception {
        dataset();
        Files.writeString(dir.resolve("environment.yaml"), MANIFEST.replace("splits: [train, test]", "splits: train"));
        Run run = run("tasks", "inspect", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("environments[0].splits: expected a list");
    }

    @Test
    void serveWithTasksRefusesBadDatasetsAndEnvironmentsThatPlayNoTasks() throws Exception {
        dataset();
        Run wordle = run("serve", "wordle", "--tasks", dir.toString(), "--port", "0");
        assertThat(wordle.exitCode()).isEqualTo(2);
        assertThat(wordle.err()).contains("'wordle' does not play tasks").contains("qa");
        Run split = run("serve", "qa", "--tasks", dir.toString(), "--split", "dev", "--port", "0");
        assertThat(split.exitCode()).isEqualTo(2);
        assertThat(split.err())
                .contains("unknown split 'dev'; environment 'qa' of the manifest of " + dir + " offers [train, test]");
        Run missing = run("serve", "qa", "--tasks", dir.resolve("missing").toString(), "--port", "0");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Cannot read tasks: no dataset directory");
        Run mapping = run("serve", "qa", "--tasks", dir.toString(), "--task-mapping", "prompt=nothing", "--port", "0");
        assertThat(mapping.exitCode()).isEqualTo(2);
        assertThat(mapping.err()).contains("the prompt column 'nothing' is not among the columns");
    }

    @Test
    void serveChecksThatTheManifestEnvironmentIsTheOneServed() throws Exception {
        dataset();
        Files.writeString(dir.resolve("environment.yaml"), MANIFEST.replace("id: qa", "id: sums"));
        Run other = run("serve", "qa", "--tasks", dir.toString(), "--port", "0");
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err())
                .contains(
                        "environment 'sums' of the manifest of " + dir + " is played by 'sums', not 'qa'",
                        "set frameworks.openenv.environment");
        Files.writeString(
                dir.resolve("environment.yaml"),
                MANIFEST.replace(
                        "    frameworks:\n      openenv:\n        package: openenv4j-envs\n", "    frameworks:\n"));
        Run noOpenEnv = run("serve", "qa", "--tasks", dir.toString(), "--port", "0");
        assertThat(noOpenEnv.err()).contains("declares no openenv framework (frameworks: verifiers)");
        Files.writeString(
                dir.resolve("environment.yaml"),
                MANIFEST.replace("id: qa", "id: sums")
                        .replace(
                                "package: openenv4j-envs",
                                "package: openenv4j-envs\n        environment: qa\n        task_mapping: {prompt: nothing}"));
        Run mapped = run("serve", "qa", "--tasks", dir.toString(), "--port", "0");
        assertThat(mapped.err())
                .as("the manifest's mapping is used")
                .contains("the prompt column 'nothing' is not among the columns");
        assertThat(run("tasks", "inspect", dir.toString()).out())
                .contains("served by: openenv4j serve qa --tasks", "task mapping: prompt=nothing");
    }

    @Test
    void serveHelpDescribesTheTaskOptions() {
        assertThat(run("serve", "--help").out())
                .contains(
                        "--tasks",
                        "--split",
                        "--task-mapping",
                        "--task-seed",
                        "--hub-endpoint",
                        "--cache-dir",
                        "--offline");
        assertThat(run("tasks", "inspect", "--help").out()).contains("--hub-endpoint", "--cache-dir", "--offline");
    }
}
