package io.openenv4j.tasks.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.tasks.data.DataFormatException;
import io.openenv4j.tasks.data.RowCursor;
import io.openenv4j.tasks.data.RowFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader against {@link StandInHub}, a local stand-in of the Hub's HTTP API (the real Hub is out of reach here). */
class DatasetsTest {

    static final String REPO = "openenv/arith";
    static final String TRAIN_JSONL = "{\"question\":\"1+1\",\"answer\":2}\n{\"question\":\"2+3\",\"answer\":5}\n";

    @TempDir
    Path cache;

    StandInHub hub;
    byte[] parquet;
    HubOptions options;

    @BeforeEach
    void start() throws Exception {
        hub = new StandInHub();
        parquet = Files.readAllBytes(Path.of(
                getClass().getResource("/parquet/dictionary-snappy-v1.parquet").toURI()));
        options = HubOptions.fromEnvironment(Map.of(
                        "HF_HOME",
                        cache.resolve("home").toString(),
                        "HF_HUB_CACHE",
                        cache.resolve("hub").toString(),
                        "HF_ENDPOINT",
                        hub.endpoint().toString()))
                .withRetries(3, Duration.ofMillis(10))
                .withProgress(HubOptions.Progress.NEVER);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private String standardRepo() {
        return hub.repo(REPO)
                .commit(
                        "main",
                        StandInHub.files(
                                "README.md", "# arith",
                                "data/train-00000-of-00001.parquet", parquet,
                                "data/test-00000-of-00001.jsonl", TRAIN_JSONL));
    }

    private static List<Map<String, Object>> rows(Path file) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (RowCursor c = RowFile.open(file).rows(0)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    private List<Path> cacheFiles() throws Exception {
        try (Stream<Path> walk = Files.walk(cache.resolve("hub"))) {
            return walk.filter(p ->
                            Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p))
                    .filter(p -> !p.toString().contains(".locks"))
                    .toList();
        }
    }

    private static final String CARD = """
            ---
            license: mit
            dataset_info:
              features:
              - name: question
                dtype: string
              - name: label
                dtype:
                  class_label:
                    names:
                      '0': wrong
                      '1': right
              - name: picture
                dtype: image
              - name: steps
                sequence: string
              config_name: default
            ---
            # arith
            """;

    @Test
    void theDatasetCardsFeaturesApplyToAHubDatasetAlsoOfflineAndFromTheParquetConversion() throws Exception {
        StandInHub.Repo repo = hub.repo(REPO);
        String main = repo.commit("main", StandInHub.files("README.md", CARD, "arith.py", "print()"));
        repo.commit("refs/convert/parquet", StandInHub.files("default/train/0000.parquet", parquet));

        LoadedDataset ds = Datasets.open(REPO, options);

        assertThat(ds.cardFile())
                .isEqualTo(cache.resolve("hub/datasets--openenv--arith/snapshots/" + main + "/README.md"));
        var features = ds.features();
        assertThat(features.columns()).containsOnlyKeys("question", "label", "picture", "steps");
        assertThat(features.labelName("label", 1L)).isEqualTo("right");
        assertThat(features.isMedia("picture")).isTrue();
        assertThat(features.columns().get("steps").kind())
                .isEqualTo(io.openenv4j.tasks.data.DatasetFeatures.Kind.SEQUENCE);
        hub.close();
        LoadedDataset offline = Datasets.open(REPO, options.withNetwork(HubOptions.Network.OFFLINE));
        assertThat(offline.features()).isEqualTo(features);
    }

    @Test
    void aHubDatasetWithoutACardHasNoFeaturesAndNoError() throws Exception {
        hub.repo(REPO).commit("main", StandInHub.files("data/train-00000-of-00001.parquet", parquet));

        LoadedDataset ds = Datasets.open(REPO, options);

        assertThat(ds.cardFile()).isNull();
        assertThat(ds.features().isEmpty()).isTrue();
        assertThat(hub.requests(r -> r.path().contains("README"))).isEmpty();
    }

    @Test
    void offlineACardMissingFromTheCacheMeansNoFeaturesNotAnError() throws Exception {
        String sha = hub.repo(REPO)
                .commit("main", StandInHub.files("README.md", CARD, "data/train-00000-of-00001.parquet", parquet));
        Datasets.open(REPO, options);
        Files.delete(cache.resolve("hub/datasets--openenv--arith/snapshots/" + sha + "/README.md"));
        hub.close();

        LoadedDataset offline = Datasets.open(REPO, options.withNetwork(HubOptions.Network.OFFLINE));

        assertThat(offline.cardFile()).isNull();
        assertThat(offline.features().isEmpty()).isTrue();
        assertThat(offline.files("train")).hasSize(1);
    }

    @Test
    void resolvesAPlainRepoIdAtMainIntoTheHuggingfaceHubCacheLayout() throws Exception {
        String sha = standardRepo();

        LoadedDataset ds = Datasets.open(REPO, options);

        assertThat(ds.revision()).isEqualTo(sha);
        assertThat(ds.splitFiles()).containsOnlyKeys("train", "test");
        Path repoDir = cache.resolve("hub/datasets--openenv--arith");
        Path train = ds.files("train").get(0);
        assertThat(train).isEqualTo(repoDir.resolve("snapshots/" + sha + "/data/train-00000-of-00001.parquet"));
        assertThat(Files.isSymbolicLink(train)).isTrue();
        assertThat(Files.readSymbolicLink(train).toString())
                .isEqualTo("../../../blobs/" + StandInHub.sha256Hex(parquet));
        assertThat(Files.readString(repoDir.resolve("refs/main"))).isEqualTo(sha);
        assertThat(Files.readAllBytes(train)).isEqualTo(parquet);
        assertThat(rows(ds.files("test").get(0)))
                .extracting(r -> r.get("answer"))
                .containsExactly(2L, 5L);
        assertThat(RowFile.open(train).rowCount()).isEqualTo(60);
        assertThat(ds.manifest()).isNull();
    }

    @Test
    void reopeningUsesTheCacheWithoutDownloadingAgain() throws Exception {
        standardRepo();
        Datasets.open(REPO, options);
        int before = hub.requests(r -> r.path().startsWith("/cdn/")).size();

        Datasets.open(REPO, options);

        assertThat(hub.requests(r -> r.path().startsWith("/cdn/"))).hasSize(before);
    }

    @Test
    void hfUrlWithAnEnvironmentIdUsesTheManifestsConfigAndSplits() throws Exception {
        hub.repo(REPO)
                .commit(
                        "main",
                        StandInHub.files(
                                "environment.yaml",
                                """
                        spec_version: hf-rl-env-0.1
                        environments:
                          - id: qa
                            config_name: arith
                            splits: [train]
                            frameworks:
                              openenv: {image: ghcr.io/openenv/qa:0.1}
                          - id: other
                            config_name: words
                            frameworks:
                              openenv: {image: ghcr.io/openenv/qa:0.1}
                        """,
                                "arith/train.jsonl",
                                TRAIN_JSONL,
                                "arith/test.jsonl",
                                TRAIN_JSONL,
                                "words/train.jsonl",
                                "{\"question\":\"spell\"}\n"));

        LoadedDataset ds = Datasets.open("hf://datasets/" + REPO + "/qa@main", options);

        assertThat(ds.environment().id()).isEqualTo("qa");
        assertThat(ds.config()).isEqualTo("arith");
        assertThat(ds.splitFiles()).containsOnlyKeys("train");
        assertThat(ds.files("train").get(0).toString()).endsWith("arith/train.jsonl");
        assertThat(ds.manifest().environments()).hasSize(2);
        assertThat(ds.manifestFile())
                .isEqualTo(ds.root().resolve("environment.yaml"))
                .isRegularFile();
        assertThat(Datasets.open("hf://datasets/" + REPO + "/words", options)
                        .files("train")
                        .get(0)
                        .toString())
                .endsWith("words/train.jsonl");
    }

    @Test
    void aSelectorWithoutManifestIsAConfigDirectory() throws Exception {
        hub.repo(REPO).commit("main", StandInHub.files("small/train.csv", "q,a\n1+1,2\n", "big/train.csv", "q,a\n"));

        LoadedDataset ds = Datasets.open(REPO + "/small", options);

        assertThat(ds.config()).isEqualTo("small");
        assertThat(rows(ds.files("train").get(0))).containsExactly(Map.of("q", "1+1", "a", 2L));
        assertThatThrownBy(() -> Datasets.open(REPO + "/missing", options))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("config 'missing'");
    }

    @Test
    void revisionsResolveBranchesTagsAndCommitShas() throws Exception {
        StandInHub.Repo repo = hub.repo(REPO);
        String v1 = repo.commit("main", StandInHub.files("train.jsonl", "{\"v\":1}\n"));
        repo.tag("v1.0", v1);
        String v2 = repo.commit("main", StandInHub.files("train.jsonl", "{\"v\":2}\n"));

        assertThat(rows(Datasets.open(REPO, options).files("train").get(0))).containsExactly(Map.of("v", 2L));
        assertThat(rows(Datasets.open(REPO + "@v1.0", options).files("train").get(0)))
                .containsExactly(Map.of("v", 1L));
        LoadedDataset pinned = Datasets.open("hf://datasets/" + REPO + "@" + v1, options);
        assertThat(pinned.revision()).isEqualTo(v1);
        assertThat(rows(pinned.files("train").get(0))).containsExactly(Map.of("v", 1L));
        Path refs = cache.resolve("hub/datasets--openenv--arith/refs");
        assertThat(Files.readString(refs.resolve("main"))).isEqualTo(v2);
        assertThat(Files.readString(refs.resolve("v1.0"))).isEqualTo(v1);
        assertThat(refs.resolve(v1)).doesNotExist();

        String pr = repo.commit("refs/pr/1", StandInHub.files("train.jsonl", "{\"v\":3}\n"));
        assertThat(rows(Datasets.open(REPO + "@refs/pr/1", options)
                        .files("train")
                        .get(0)))
                .containsExactly(Map.of("v", 3L));
        assertThat(Files.readString(refs.resolve("refs/pr/1"))).isEqualTo(pr);
    }

    @Test
    void aRepositoryWithoutDataFilesFallsBackToTheParquetConversion() throws Exception {
        StandInHub.Repo repo = hub.repo(REPO);
        repo.commit("main", StandInHub.files("README.md", "# script dataset", "arith.py", "print()"));
        String converted = repo.commit(
                "refs/convert/parquet",
                StandInHub.files(
                        "default/train/0000.parquet",
                        parquet,
                        "default/train/0001.parquet",
                        parquet,
                        "default/test/0000.parquet",
                        parquet));

        LoadedDataset ds = Datasets.open(REPO, options);

        assertThat(ds.revision()).isEqualTo(converted);
        assertThat(ds.config()).isEqualTo("default");
        assertThat(ds.files("train"))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("0000.parquet", "0001.parquet");
        assertThat(Files.readString(cache.resolve("hub/datasets--openenv--arith/refs/refs/convert/parquet")))
                .isEqualTo(converted);
        assertThat(hub.requests(r -> r.path().equals("/api/datasets/" + REPO + "/parquet")))
                .hasSize(1);
        assertThat(hub.requests(r -> r.path().equals("/api/datasets/" + REPO + "/revision/refs/convert/parquet")))
                .hasSize(1);
    }

    @Test
    void aDroppedDownloadResumesWithARangeRequest() throws Exception {
        standardRepo();
        hub.fault(
                r -> r.method().equals("GET") && r.path().startsWith("/cdn/"),
                1,
                new StandInHub.DropAfter(parquet.length / 2));

        LoadedDataset ds = Datasets.open(REPO, options);

        assertThat(Files.readAllBytes(ds.files("train").get(0))).isEqualTo(parquet);
        List<StandInHub.Request> gets =
                hub.requests(r -> r.method().equals("GET") && r.path().startsWith("/cdn/"));
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).range()).isNull();
        assertThat(gets.get(1).range()).isEqualTo("bytes=" + parquet.length / 2 + "-");
    }

    @Test
    void aDownloadLeftByAKilledProcessIsResumed() throws Exception {
        standardRepo();
        Path blobs = cache.resolve("hub/datasets--openenv--arith/blobs");
        Files.createDirectories(blobs);
        Files.write(
                blobs.resolve(StandInHub.sha256Hex(parquet) + ".incomplete"), java.util.Arrays.copyOf(parquet, 1000));

        LoadedDataset ds = Datasets.open(REPO, options);

        assertThat(Files.readAllBytes(ds.files("train").get(0))).isEqualTo(parquet);
        assertThat(hub.requests(r -> r.method().equals("GET") && r.path().startsWith("/cdn/")))
                .extracting(StandInHub.Request::range)
                .containsExactly("bytes=1000-");
        assertThat(blobs.resolve(StandInHub.sha256Hex(parquet) + ".incomplete")).doesNotExist();
    }

    @Test
    void aChecksumMismatchFailsClearlyAndLeavesNothingInTheCache() throws Exception {
        standardRepo();
        hub.fault(r -> r.method().equals("GET") && r.path().startsWith("/cdn/"), 10, new StandInHub.Corrupt());

        assertThatThrownBy(() -> Datasets.open(REPO, options))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.CHECKSUM_MISMATCH))
                .hasMessageContaining("data/train-00000-of-00001.parquet")
                .hasMessageContaining("sha256")
                .hasMessageContaining("discarded");
        assertThat(cacheFiles())
                .allSatisfy(p -> assertThat(p.toString())
                        .doesNotContain("train-00000")
                        .doesNotEndWith(".incomplete")
                        .doesNotContain(StandInHub.sha256Hex(parquet)));
    }

    @Test
    void offlineModeWorksFromTheCacheWithTheServerGone() throws Exception {
        String sha = standardRepo();
        LoadedDataset online = Datasets.open(REPO, options);
        hub.close();

        LoadedDataset offline = Datasets.open(REPO, options.withNetwork(HubOptions.Network.OFFLINE));

        assertThat(offline.revision()).isEqualTo(sha);
        assertThat(offline.splitFiles()).isEqualTo(online.splitFiles());
        assertThat(Datasets.open(REPO + "@" + sha, options.withNetwork(HubOptions.Network.OFFLINE))
                        .splitFiles())
                .isEqualTo(online.splitFiles());
    }

    @Test
    void offlineModeWithoutACachedCopyFailsClearly() throws Exception {
        standardRepo();
        HubOptions offline = HubOptions.fromEnvironment(Map.of(
                "HF_HUB_CACHE",
                cache.resolve("hub").toString(),
                "HF_HUB_OFFLINE",
                "1",
                "HF_ENDPOINT",
                hub.endpoint().toString()));

        assertThatThrownBy(() -> Datasets.open(REPO, offline))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.NOT_CACHED))
                .hasMessageContaining("revision 'main' of openenv/arith is not in the cache")
                .hasMessageContaining("HF_HUB_OFFLINE");
        assertThat(hub.requests).isEmpty();
        Datasets.open(REPO, options);
        assertThatThrownBy(() -> Datasets.open(REPO + "@dev", offline))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.NOT_CACHED));
    }

    @Test
    void aPrivateRepositoryNeedsTheToken() throws Exception {
        standardRepo();
        hub.repo(REPO).token = "hf_secret";

        assertThatThrownBy(() -> Datasets.open(REPO, options))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.UNAUTHORIZED))
                .hasMessageContaining("401")
                .hasMessageContaining("HF_TOKEN");
        assertThatThrownBy(() -> Datasets.open(REPO, options.withToken("hf_wrong")))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.UNAUTHORIZED))
                .hasMessageContaining("token was refused");

        Files.createDirectories(cache.resolve("home"));
        Files.writeString(cache.resolve("home/token"), "hf_secret\n");
        HubOptions fromTokenFile = HubOptions.fromEnvironment(Map.of(
                        "HF_HOME",
                        cache.resolve("home").toString(),
                        "HF_ENDPOINT",
                        hub.endpoint().toString()))
                .withProgress(HubOptions.Progress.NEVER);
        LoadedDataset ds = Datasets.open(REPO, fromTokenFile);

        assertThat(ds.files("train")).hasSize(1);
        assertThat(hub.requests(r -> r.path().startsWith("/datasets/")))
                .last()
                .extracting(StandInHub.Request::authorization)
                .isEqualTo("Bearer hf_secret");
        assertThat(hub.requests(r -> r.path().startsWith("/cdn/")))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.authorization())
                        .as("token never leaves the endpoint's origin")
                        .isNull());
    }

    @Test
    void aGatedRepositoryIsReportedAsAccessDenied() throws Exception {
        standardRepo();
        hub.repo(REPO).gated = true;

        assertThatThrownBy(() -> Datasets.open(REPO, options.withToken("hf_any")))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.UNAUTHORIZED))
                .hasMessageContaining("403")
                .hasMessageContaining("access denied");
    }

    @Test
    void missingRepositoriesRevisionsAndSplitsAreNotFound() throws Exception {
        standardRepo();

        assertThatThrownBy(() -> Datasets.open("openenv/nope", options))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.NOT_FOUND))
                .hasMessageContaining("repository not found");
        assertThatThrownBy(() -> Datasets.open(REPO + "@nope", options))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.NOT_FOUND))
                .hasMessageContaining("revision not found");
        assertThatThrownBy(() -> Datasets.open(REPO, options.withSplits(Set.of("validation"))))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.NOT_FOUND))
                .hasMessageContaining("no split 'validation' (splits: test, train)");
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        standardRepo();
        hub.fault(r -> r.path().contains("/revision/"), 2, new StandInHub.Status(503));

        LoadedDataset ds = Datasets.open(REPO, options);

        assertThat(ds.files("train")).hasSize(1);
        assertThat(hub.requests(r -> r.path().contains("/revision/"))).hasSize(3);
    }

    @Test
    void persistentServerErrorsFailClearlyWithNothingLeftInTheCache() throws Exception {
        standardRepo();
        hub.fault(r -> r.path().startsWith("/cdn/"), 100, new StandInHub.Status(500));

        assertThatThrownBy(() -> Datasets.open(REPO, options))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.SERVER_ERROR))
                .hasMessageContaining("HTTP 500 on all 3 attempts");
        assertThat(hub.requests(r -> r.path().startsWith("/cdn/"))).hasSize(3);
        assertThat(cacheFiles())
                .noneMatch(p -> p.toString().endsWith(".incomplete")
                        || p.toString().contains("/snapshots/") && p.toString().contains("train-00000"));
    }

    @Test
    void aCorruptParquetFileDownloadsButFailsToReadWithAClearError() throws Exception {
        byte[] bad = "PAR1 this is no parquet at all".getBytes(StandardCharsets.UTF_8);
        hub.repo(REPO).commit("main", StandInHub.files("data/train-00000-of-00001.parquet", bad));

        LoadedDataset ds = Datasets.open(REPO, options);

        assertThatThrownBy(() -> RowFile.open(ds.files("train").get(0)).rowCount())
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad magic");
    }

    @Test
    void opensALocalDirectoryWithItsManifest(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/validation.jsonl"), TRAIN_JSONL);
        Files.writeString(dir.resolve("data/train.jsonl"), TRAIN_JSONL);
        Files.writeString(
                dir.resolve("environment.yaml"),
                "spec_version: hf-rl-env-0.1\nenvironments:\n  - id: qa\n    frameworks: {harbor: {}}\n");

        LoadedDataset ds = Datasets.open(dir.toString(), options);

        assertThat(ds.revision()).isEqualTo("local");
        assertThat(ds.splitFiles()).containsOnlyKeys("train", "validation");
        assertThat(ds.environment().id()).isEqualTo("qa");
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void concurrentOpensShareOneDownload() throws Exception {
        standardRepo();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    assertThat(Files.readAllBytes(
                                    Datasets.open(REPO, options).files("train").get(0)))
                            .isEqualTo(parquet);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(failures).isEmpty();
        assertThat(hub.requests(r -> r.method().equals("GET") && r.path().startsWith("/cdn/")))
                .hasSize(1);
    }

    @Test
    void drawsAProgressBarWhenAsked() {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(
                "data/train.parquet", new java.io.PrintStream(sink, true, StandardCharsets.UTF_8), true);

        bar.start(2048, 0);
        bar.advance(2048);
        bar.finish();

        assertThat(sink.toString(StandardCharsets.UTF_8))
                .contains("data/train.parquet")
                .contains("100%")
                .contains("2.0 KiB/2.0 KiB")
                .endsWith("\n");
    }

    @Test
    void anUnreachableServerIsATransportFailureAfterEveryAttempt() throws Exception {
        java.net.URI dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = java.net.URI.create("http://127.0.0.1:" + s.getLocalPort());
        }

        assertThatThrownBy(() -> Datasets.open(REPO, options.withEndpoint(dead)))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.TRANSPORT))
                .hasMessageContaining("network failure on all 3 attempts");
    }
}
