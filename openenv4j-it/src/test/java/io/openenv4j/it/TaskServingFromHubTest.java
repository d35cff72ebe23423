package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.client.EnvClient;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.tasks.hub.StandInHub;
import io.openenv4j.wire.WireJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openenv4j serve qa --tasks hf://datasets/…} as a separate process configured only by the
 * {@code huggingface_hub} environment variables: online against the stand-in Hub ({@code HF_ENDPOINT},
 * cache in {@code HF_HOME}), then offline from that cache ({@code HF_HUB_OFFLINE=1}) with the Hub gone.
 */
class TaskServingFromHubTest {

    private static final String MANIFEST = """
            spec_version: hf-rl-env-0.1
            environments:
              - id: sums
                splits: [train, test]
                frameworks:
                  openenv:
                    package: openenv4j-envs
                    environment: qa
                    task_mapping: {id: key, prompt: problem, hidden: [solution]}
            """;

    @TempDir
    Path home;

    /** A started {@code serve} process and the lines it printed up to "Serving". */
    private record Served(Process process, List<String> lines) {}

    private Served serve(Map<String, String> env, int port) throws Exception {
        var builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.openenv4j.cli.Main",
                "serve",
                "qa",
                "--tasks",
                "hf://datasets/openenv/sums@main",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port));
        builder.environment().keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("HUGGINGFACE_"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        var queue = new LinkedBlockingQueue<String>();
        Thread.ofVirtual().start(() -> {
            try (var out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    queue.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        var seen = new ArrayList<String>();
        String line;
        do {
            line = queue.poll(60, TimeUnit.SECONDS);
            seen.add(line);
        } while (line != null && !line.startsWith("Serving") && process.isAlive());
        return new Served(process, seen);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static void playsTheHubsTasks(int port) throws Exception {
        try (var client = EnvClient.generic("http://127.0.0.1:" + port)) {
            var step = client.reset(new ResetRequest(null, null, Map.of("task_id", "k1")));
            assertThat(step.observation()).containsEntry("question", "What is 20 plus 22?");
            var state = new java.util.HashMap<>(client.state());
            state.remove("episode_id");
            assertThat(WireJson.write(step.observation()) + WireJson.write(state))
                    .doesNotContain("42");
            assertThat(client.state()).containsEntry("task_id", "k1").containsEntry("split", "train");
            assertThat(client.step(Map.of("answer", "42")).reward()).isEqualTo(1.0);
        }
    }

    @Test
    void servesADatasetFromTheHubThenFromTheCacheOffline() throws Exception {
        String commit;
        Map<String, String> env = Map.of("HF_HOME", home.toString(), "HF_HUB_DISABLE_PROGRESS_BARS", "1");
        try (var hub = new StandInHub()) {
            commit = hub.repo("openenv/sums")
                    .commit(
                            "main",
                            StandInHub.files(
                                    "environment.yaml",
                                    MANIFEST,
                                    "data/train-00000-of-00001.jsonl",
                                    "{\"key\":\"k0\",\"problem\":\"What is 1 plus 1?\",\"solution\":\"2\"}\n"
                                            + "{\"key\":\"k1\",\"problem\":\"What is 20 plus 22?\",\"solution\":\"42\"}\n",
                                    "data/test-00000-of-00001.jsonl",
                                    "{\"key\":\"s0\",\"problem\":\"What is 3 plus 3?\",\"solution\":\"6\"}\n"));
            var online = new java.util.HashMap<>(env);
            online.put("HF_ENDPOINT", hub.endpoint().toString());
            int port = PythonReference.freePort();
            Served served = serve(online, port);
            try {
                assertThat(served.lines())
                        .as("server output")
                        .anyMatch(l -> l != null
                                && l.startsWith("Tasks from hf://datasets/openenv/sums@main (commit " + commit
                                        + "), split train, manifest environment 'sums'"));
                playsTheHubsTasks(port);
            } finally {
                stop(served.process());
            }
        }
        assertThat(Files.isRegularFile(home.resolve("hub/datasets--openenv--sums/refs/main")))
                .isTrue();
        var offline = new java.util.HashMap<>(env);
        offline.put("HF_HUB_OFFLINE", "1");
        offline.put("HF_ENDPOINT", "http://127.0.0.1:9");
        int port = PythonReference.freePort();
        Served served = serve(offline, port);
        try {
            assertThat(served.lines())
                    .as("server output")
                    .anyMatch(l -> l != null && l.contains("(commit " + commit + ")"));
            playsTheHubsTasks(port);
        } finally {
            stop(served.process());
        }
    }
}
