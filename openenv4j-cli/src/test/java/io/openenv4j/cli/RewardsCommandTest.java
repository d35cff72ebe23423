package io.openenv4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.wire.WireJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code openenv4j rewards serve} and {@code rewards score}, run in process against each other over loopback. */
class RewardsCommandTest {

    private static final String SPEC = """
            {"type": "weighted_sum", "name": "quiz-total", "parts": [
              {"weight": 0.75, "rubric": {"type": "exact_match", "name": "solved", "actual": "last.action.text",
                                          "expected": "outcome.final_state.answer", "matching": "trimmed_ignore_case"}},
              {"weight": 0.25, "rubric": {"type": "regex", "name": "polite", "actual": "last.action.text", "pattern": "^[a-z]+$"}}]}
            """;
    private static final String YAML_SPEC = """
            type: exact_match
            name: solved-yaml
            actual: last.action.text
            expected: outcome.final_state.answer
            """;
    private static final List<String> TRAJECTORIES = List.of(
            "{\"id\":\"a\",\"steps\":[{\"action\":{\"text\":\"crane\"},\"observation\":{},\"reward\":0,\"done\":true}],"
                    + "\"outcome\":{\"done\":true,\"final_state\":{\"answer\":\"crane\"}}}",
            "{\"id\":\"b\",\"steps\":[{\"action\":{\"text\":\"Slate!\"},\"observation\":{},\"reward\":0,\"done\":true}],"
                    + "\"outcome\":{\"done\":true,\"final_state\":{\"answer\":\"crane\"}}}");

    private record Run(int exitCode, String out, String err) {
        List<JsonNode> lines() {
            return out.lines()
                    .filter(line -> !line.isBlank())
                    .map(WireJson::parse)
                    .toList();
        }
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A provider served by the command on its own thread; closing interrupts it. */
    private static final class Served implements AutoCloseable {
        final Thread thread;
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final String url;

        Served(String... args) throws Exception {
            thread = Thread.ofVirtual()
                    .start(() -> exit.set(new CommandLine(new Main())
                            .setOut(new PrintWriter(out))
                            .setErr(new PrintWriter(err))
                            .execute(args)));
            Pattern served = Pattern.compile("at (http://\\S+?)\\. Press");
            long deadline = System.nanoTime() + 10_000_000_000L;
            Matcher matcher = served.matcher("");
            while (System.nanoTime() < deadline
                    && !(matcher = served.matcher(out.toString())).find()
                    && thread.isAlive()) {
                Thread.sleep(20);
            }
            url = matcher.find(0) ? matcher.group(1) : null;
            assertThat(url).as("serve printed its URL; err: " + err).isNotNull();
        }

        @Override
        public void close() throws Exception {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    @Test
    void aServedSpecScoresTrajectoriesFromAFileInBatchesEachAndGroups(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("rubric.json"), SPEC);
        Path file = Files.writeString(dir.resolve("t.jsonl"), String.join("\n", TRAJECTORIES) + "\n\n");
        try (var served = new Served("rewards", "serve", "--rubric", spec.toString(), "--port", "0")) {
            assertThat(served.out.toString()).contains("Serving rubric 'quiz-total' (version 1, exact)");
            Run batch = run("rewards", "score", "--url", served.url, "--file", file.toString());
            assertThat(batch.exitCode()).as(batch.err()).isZero();
            assertThat(batch.lines()).hasSize(2);
            assertThat(batch.lines().get(0).path("id").asString()).isEqualTo("a");
            assertThat(batch.lines().get(0).path("score").path("value").asDouble())
                    .isEqualTo(1.0);
            assertThat(batch.lines()
                            .get(0)
                            .path("score")
                            .path("components")
                            .path("solved")
                            .asDouble())
                    .isEqualTo(1.0);
            assertThat(batch.lines().get(1).path("score").path("value").asDouble())
                    .isZero();
            assertThat(batch.lines().get(0).path("cached").asBoolean()).isFalse();

            Run each = run("rewards", "score", "--url", served.url, "--file", file.toString(), "--mode", "each");
            assertThat(each.lines())
                    .extracting(line -> line.path("cached").asBoolean())
                    .containsExactly(true, true);

            Run group = run("rewards", "score", "--url", served.url, "--file", file.toString(), "--mode", "group");
            JsonNode result = group.lines().get(0);
            assertThat(result.path("mean").asDouble()).isEqualTo(0.5);
            assertThat(result.path("advantages").get(0).asDouble()).isPositive();
            assertThat(result.path("advantages").get(1).asDouble()).isNegative();
        }
    }

    @Test
    void aYamlSpecServesToo(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("rubric.yaml"), YAML_SPEC);
        Path file = Files.writeString(dir.resolve("t.jsonl"), TRAJECTORIES.get(0));
        try (var served = new Served("rewards", "serve", "--rubric", spec.toString(), "--port", "0")) {
            Run run = run("rewards", "score", "--url", served.url, "--file", file.toString());
            assertThat(run.lines()
                            .get(0)
                            .path("score")
                            .path("provenance")
                            .path("rubric")
                            .asString())
                    .isEqualTo("solved-yaml");
            assertThat(run.lines().get(0).path("score").path("value").asDouble())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void theSpecsShippedWithTheDocsServeAndScoreTheDocumentedTrajectories() throws Exception {
        Path examples = Path.of("..", "docs", "examples", "rewards");
        try (var served = new Served(
                "rewards", "serve", "--rubric", examples.resolve("wordle.json").toString(), "--port", "0")) {
            Run run = run(
                    "rewards",
                    "score",
                    "--url",
                    served.url,
                    "--file",
                    examples.resolve("trajectories.jsonl").toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.lines())
                    .extracting(line -> line.path("score").path("value").asDouble())
                    .containsExactly(1.0, 0.0);
            assertThat(run.lines()
                            .get(0)
                            .path("score")
                            .path("components")
                            .path("green-credit")
                            .asDouble())
                    .isEqualTo(0.1);
        }
        var yaml = RewardsCommand.rubric(examples.resolve("answer.yaml"));
        assertThat(yaml.name()).isEqualTo("qa-total");
    }

    @Test
    void anInvalidSpecIsRefusedBeforeServing(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(
                dir.resolve("rubric.json"), "{\"type\":\"regex\",\"name\":\"r\",\"actual\":\"last.x\"}");
        Run run = run("rewards", "serve", "--rubric", spec.toString(), "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid configuration").contains("rubric.pattern: is required");
        assertThat(run(
                                "rewards",
                                "serve",
                                "--rubric",
                                dir.resolve("missing.json").toString())
                        .err())
                .contains("cannot read");
    }

    @Test
    void scoringFailuresAreErrorsNeverZeros(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t.jsonl"), TRAJECTORIES.get(0));
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Run down = run("rewards", "score", "--url", "http://127.0.0.1:" + port, "--file", file.toString());
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.out()).isEmpty();
        assertThat(down.err()).contains("CONNECT_FAILED");

        Path bad = Files.writeString(dir.resolve("bad.jsonl"), TRAJECTORIES.get(0) + "\n[1,2]\n");
        Run invalid = run("rewards", "score", "--url", "http://127.0.0.1:" + port, "--file", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("line 2").contains("JSON object");
    }

    @Test
    void rewardOptionsOfServeNeedAProvider() {
        Run run = run("serve", "echo", "--port", "0", "--reward-timing", "step");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("need --reward-provider");
        Run timing = run(
                "serve", "echo", "--port", "0", "--reward-provider", "http://127.0.0.1:1", "--reward-timing", "often");
        assertThat(timing.exitCode()).isEqualTo(2);
        assertThat(timing.err()).contains("episode, step or delta");
    }
}
