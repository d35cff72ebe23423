package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.tasks.hub.Datasets;
import io.openenv4j.tasks.hub.HubOptions;
import io.openenv4j.tasks.hub.LoadedDataset;
import io.openenv4j.tasks.hub.StandInHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache compatibility with Python {@code huggingface_hub}, both ways, and the stand-in Hub checked against
 * the real client: Python downloads from {@link StandInHub} into a cache that Java then reads offline, and
 * Python reads offline the cache Java filled. Runs with the interop suite, in the reference venv the build
 * creates ({@code huggingface_hub} pinned in {@code src/test/python/requirements.txt}).
 */
class HuggingfaceHubInteropTest {

    @BeforeEach
    void python() {
        PythonReference.assumeAvailable();
    }

    static final String REPO = "openenv/arith";
    static final List<String> FILES =
            List.of("README.md", "data/train-00000-of-00001.parquet", "data/test-00000-of-00001.jsonl");

    @TempDir
    Path dir;

    private String python(Map<String, String> env, String code) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(PythonReference.python().toString(), "-c", code).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("HUGGINGFACE_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String downloadAll() {
        return "from huggingface_hub import hf_hub_download as d\n"
                + "for f in " + FILES.stream().map(f -> "'" + f + "'").toList() + ":\n"
                + "    print(d('" + REPO + "', f, repo_type='dataset'))\n";
    }

    @Test
    void javaReadsOfflineWhatPythonDownloadedFromTheStandIn() throws Exception {
        try (StandInHub hub = new StandInHub()) {
            byte[] parquet = StandInHub.class
                    .getResourceAsStream("/parquet/nested.parquet")
                    .readAllBytes();
            String sha = hub.repo(REPO)
                    .commit(
                            "main",
                            StandInHub.files(
                                    FILES.get(0), "# arith", FILES.get(1), parquet, FILES.get(2), "{\"a\":1}\n"));
            hub.repo(REPO).token = "hf_tok";
            Path cache = dir.resolve("hub");

            String out = python(
                    Map.of(
                            "HF_HUB_CACHE",
                            cache.toString(),
                            "HF_ENDPOINT",
                            hub.endpoint().toString(),
                            "HF_TOKEN",
                            "hf_tok",
                            "HF_HUB_DISABLE_TELEMETRY",
                            "1"),
                    downloadAll()
                            + "from huggingface_hub import HfApi\n"
                            + "info = HfApi().dataset_info('" + REPO + "', revision='main')\n"
                            + "print('sha', info.sha, sorted(s.rfilename for s in info.siblings))\n");
            LoadedDataset ds = Datasets.open(
                    REPO, HubOptions.fromEnvironment(Map.of("HF_HUB_CACHE", cache.toString(), "HF_HUB_OFFLINE", "1")));

            assertThat(out)
                    .contains("sha " + sha + " "
                            + FILES.stream().sorted().map(f -> "'" + f + "'").toList());
            assertThat(ds.revision()).isEqualTo(sha);
            assertThat(Files.readAllBytes(ds.files("train").get(0))).isEqualTo(parquet);
            assertThat(hub.requests(r -> r.path().startsWith("/cdn/")))
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.authorization()).isNull());
        }
    }

    @Test
    void pythonReadsOfflineWhatJavaDownloaded() throws Exception {
        Path cache = dir.resolve("hub");
        try (StandInHub hub = new StandInHub()) {
            byte[] parquet = StandInHub.class
                    .getResourceAsStream("/parquet/nested.parquet")
                    .readAllBytes();
            hub.repo(REPO)
                    .commit(
                            "main",
                            StandInHub.files(
                                    FILES.get(0), "# arith", FILES.get(1), parquet, FILES.get(2), "{\"a\":1}\n"));
            Datasets.open(
                    REPO,
                    HubOptions.fromEnvironment(Map.of(
                                    "HF_HUB_CACHE",
                                    cache.toString(),
                                    "HF_ENDPOINT",
                                    hub.endpoint().toString()))
                            .withProgress(HubOptions.Progress.NEVER));
        }

        String out = python(
                Map.of("HF_HUB_CACHE", cache.toString(), "HF_HUB_OFFLINE", "1"),
                "from huggingface_hub import hf_hub_download, scan_cache_dir\n"
                        + "print(open(hf_hub_download('" + REPO + "', '" + FILES.get(2)
                        + "', repo_type='dataset')).read())\n"
                        + "info = scan_cache_dir('" + cache + "')\n"
                        + "print('warnings', len(info.warnings))\n"
                        + "print('refs', [sorted(r.refs) for repo in info.repos for r in repo.revisions])\n");

        assertThat(out).contains("{\"a\":1}").contains("warnings 0").contains("refs [['main']]");
    }
}
