package io.openenv4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.cli.TasksCommandTest.Run;
import io.openenv4j.tasks.hub.StandInHub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tasks inspect} and {@code serve --tasks} against the local stand-in of the Hub, in process. */
class TasksFromHubTest {

    private static final String TRAIN = "{\"id\":\"t0\",\"question\":\"What is 1 plus 1?\",\"answer\":\"2\"}\n"
            + "{\"id\":\"t1\",\"question\":\"What is 2 plus 3?\",\"answer\":\"5\"}\n";
    private static final String TEST = "{\"id\":\"s0\",\"question\":\"What is 4 plus 4?\",\"answer\":\"8\"}\n";

    @TempDir
    Path cache;

    private StandInHub hub;
    private String commit;

    @BeforeEach
    void start() throws Exception {
        hub = new StandInHub();
        commit = hub.repo("openenv/sums")
                .commit(
                        "main",
                        StandInHub.files(
                                "environment.yaml",
                                TasksCommandTest.MANIFEST.replace(
                                        "splits: [train, test]", "splits: [train, test]\n    dataset: {split: test}"),
                                "data/train-00000-of-00001.jsonl",
                                TRAIN,
                                "data/test-00000-of-00001.jsonl",
                                TEST,
                                "README.md",
                                "# sums"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private Run inspect(String... more) {
        return inspectWith(cache, more);
    }

    private Run inspectWith(Path cacheDir, String... more) {
        var args = new java.util.ArrayList<>(java.util.List.of(
                "tasks",
                "inspect",
                "hf://datasets/openenv/sums@main",
                "--hub-endpoint",
                hub.endpoint().toString(),
                "--cache-dir",
                cacheDir.toString()));
        args.addAll(java.util.List.of(more));
        return TasksCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void inspectFetchesIntoTheCacheThenWorksOfflineWithTheHubGone() throws Exception {
        Run online = inspect();
        assertThat(online.exitCode()).as(online.err()).isZero();
        assertThat(online.out())
                .contains(
                        "dataset: hf://datasets/openenv/sums@main (commit " + commit + ")",
                        "split test: 1 rows in 1 file",
                        "columns: id, question, answer",
                        "row 0: {\"id\":\"s0\",\"question\":\"What is 4 plus 4?\",\"answer\":\"<hidden>\"}",
                        "environment qa (selected): Small sums",
                        "splits: train, test (uses test)");
        assertThat(Files.isDirectory(cache.resolve("datasets--openenv--sums")
                        .resolve("snapshots")
                        .resolve(commit)))
                .isTrue();
        hub.close();
        Run offline = inspect("--offline");
        assertThat(offline.exitCode()).as(offline.err()).isZero();
        assertThat(offline.out()).contains("(commit " + commit + ")", "split test: 1 rows in 1 file");
    }

    @Test
    void offlineWithoutACacheAndUnknownRepositoriesFailWithAClearMessage() {
        Run notCached = inspectWith(cache.resolve("empty"), "--offline");
        assertThat(notCached.exitCode()).isEqualTo(2);
        assertThat(notCached.err()).contains("is not in the cache", "offline mode is on");
        assertThat(hub.requests(r -> true)).isEmpty();
        Run unknown = TasksCommandTest.run(
                "tasks",
                "inspect",
                "hf://datasets/openai/gsm8k",
                "--hub-endpoint",
                hub.endpoint().toString(),
                "--cache-dir",
                cache.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Cannot inspect 'hf://datasets/openai/gsm8k'", "openai/gsm8k");
    }

    @Test
    void serveRefusesASplitTheManifestDoesNotOfferAndAnotherEnvironment() {
        Run split = TasksCommandTest.run(
                "serve",
                "qa",
                "--tasks",
                "hf://datasets/openenv/sums",
                "--split",
                "dev",
                "--hub-endpoint",
                hub.endpoint().toString(),
                "--cache-dir",
                cache.toString(),
                "--port",
                "0");
        assertThat(split.exitCode()).isEqualTo(2);
        assertThat(split.err()).contains("unknown split 'dev'", "offers [test]");
        Run wordle = TasksCommandTest.run(
                "serve",
                "wordle",
                "--tasks",
                "hf://datasets/openenv/sums",
                "--hub-endpoint",
                hub.endpoint().toString(),
                "--cache-dir",
                cache.toString(),
                "--port",
                "0");
        assertThat(wordle.err()).contains("'wordle' does not play tasks");
    }

    @Test
    void withSeveralManifestEnvironmentsServeTakesTheOneNamedLikeTheEnvironment() throws Exception {
        String two = """
                spec_version: hf-rl-env-0.1
                environments:
                  - id: words
                    splits: [test]
                    frameworks: {verifiers: {}}
                  - id: qa
                    splits: [train, test]
                    frameworks:
                      openenv: {package: openenv4j-envs, task_mapping: "prompt=question,hidden=answer"}
                """;
        hub.repo("openenv/multi")
                .commit(
                        "main",
                        StandInHub.files(
                                "environment.yaml",
                                two,
                                "data/train-00000-of-00001.jsonl",
                                TRAIN,
                                "data/test-00000-of-00001.jsonl",
                                TEST));
        var options = io.openenv4j.tasks.hub.HubOptions.fromEnvironment(java.util.Map.of())
                .withEndpoint(hub.endpoint())
                .withCacheDir(cache)
                .withProgress(io.openenv4j.tasks.hub.HubOptions.Progress.NEVER);

        TaskDatasets.Served served = TaskDatasets.forServing("qa", "hf://datasets/openenv/multi", options, null, null);
        assertThat(served.dataset().environment().id()).isEqualTo("qa");
        assertThat(served.split()).isEqualTo("train");
        assertThat(served.source().task("train", 1).hidden()).containsOnlyKeys("answer");
        assertThat(served.source().task("train", 1).prompt()).isEqualTo("What is 2 plus 3?");

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> TaskDatasets.forServing("chess", "hf://datasets/openenv/multi", options, null, null))
                .hasMessageContaining("declares environments [words, qa]" + " and the reference selects none");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> TaskDatasets.forServing("qa", "hf://datasets/openenv/multi/words", options, null, null))
                .hasMessageContaining("declares no openenv framework");
    }
}
