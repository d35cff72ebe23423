package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.LiveResources;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code /metrics} scraped with a real HTTP client after real traffic over every transport, the access policy,
 * and the trajectory file.
 */
class ObservabilityTest {

    @TempDir
    Path dir;

    @Test
    void metricsCountStepsPerTransportErrorsByCodeAndSessionsByState() throws Exception {
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            String before = scrape(server);
            assertThat(value(before, "openenv_step_duration_seconds_count", "transport=\"ws\""))
                    .isZero();

            try (var peer = SocketPeer.open(server, "/ws")) {
                peer.call("{\"type\":\"reset\"}");
                for (int i = 0; i < 3; i++) {
                    assertThat(peer.call("{\"type\":\"step\",\"data\":{\"delta\":1}}")
                                    .get("type")
                                    .stringValue())
                            .isEqualTo("observation");
                }
                assertThat(peer.call("{\"type\":\"step\",\"data\":{\"delta\":\"x\"}}")
                                .get("data")
                                .get("code")
                                .stringValue())
                        .isEqualTo("VALIDATION_ERROR");
                assertThat(peer.call("{\"type\":\"step\",\"data\":{\"delta\":1,\"fail\":\"boom\"}}")
                                .get("data")
                                .get("code")
                                .stringValue())
                        .isEqualTo("EXECUTION_ERROR");
                assertThat(peer.call("not json").get("data").get("code").stringValue())
                        .isEqualTo("INVALID_JSON");

                String during = scrape(server);
                // Idle, or still busy for the instant after its last reply was written.
                assertThat(value(during, "openenv_sessions", "state=\"idle\"")
                                + value(during, "openenv_sessions", "state=\"busy\""))
                        .isEqualTo(1);
                assertThat(value(during, "openenv_sessions", "state=\"opening\""))
                        .isZero();
                assertThat(value(during, "openenv_sessions_max", "env=\"counter\""))
                        .isEqualTo(1024);
            }
            try (var batch = SocketPeer.open(server, "/ws/batch?envs=2")) {
                batch.call("{\"type\":\"reset\"}");
                JsonNode reply =
                        batch.call("{\"type\":\"step\",\"data\":{\"actions\":[{\"delta\":1},{\"delta\":\"x\"}]}}");
                assertThat(reply.get("data").get("results").get(1).has("error")).isTrue();
            }
            assertThat(HttpPeer.post(server, "/step", "{\"action\":{\"delta\":2}}")
                            .status())
                    .isEqualTo(200);
            assertThat(HttpPeer.post(server, "/step", "{\"action\":{\"delta\":\"y\"}}")
                            .status())
                    .isEqualTo(422);

            // The socket's session ends and the HTTP response's end is observed just after the client has its reply.
            Eventually.until(() -> settled(scrape(server)), java.time.Duration.ofSeconds(30));
            String after = scrape(server);
            // Steps answered with an observation are timed; refused and failed ones are counted as errors.
            assertThat(value(after, "openenv_step_duration_seconds_count", "transport=\"ws\""))
                    .isEqualTo(3);
            assertThat(value(after, "openenv_step_duration_seconds_count", "transport=\"ws_batch\""))
                    .isEqualTo(1);
            assertThat(value(after, "openenv_step_duration_seconds_count", "transport=\"http\""))
                    .isEqualTo(1);
            assertThat(value(after, "openenv_step_duration_seconds_bucket", "transport=\"ws\"", "le=\"+Inf\""))
                    .isEqualTo(3);
            assertThat(value(after, "openenv_errors_total", "transport=\"ws\"", "code=\"VALIDATION_ERROR\""))
                    .isEqualTo(1);
            assertThat(value(after, "openenv_errors_total", "transport=\"ws\"", "code=\"EXECUTION_ERROR\""))
                    .isEqualTo(1);
            assertThat(value(after, "openenv_errors_total", "transport=\"ws\"", "code=\"INVALID_JSON\""))
                    .isEqualTo(1);
            assertThat(value(after, "openenv_errors_total", "transport=\"ws_batch\"", "code=\"VALIDATION_ERROR\""))
                    .isEqualTo(1);
            assertThat(value(after, "openenv_errors_total", "transport=\"http\"", "code=\"HTTP_422\""))
                    .isEqualTo(1);
            // Summed over the heap's pools: one of them (a survivor space) may well be empty.
            assertThat(sum(after, "jvm_memory_used_bytes", "area=\"heap\"")).isPositive();
            assertThat(after)
                    .contains("jvm_gc_")
                    .contains("jvm_threads_live_threads")
                    .contains("process_files_open_files");
        }
    }

    @Test
    void liveSandboxesAndBrowsersAreReportedThroughTheCoreCounter() throws Exception {
        LiveResources probes = LiveResources.named("probe");
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            long before = (long) value(scrape(server), "openenv_resources_live", "kind=\"probe\"");
            probes.opened();
            probes.opened();
            assertThat(value(scrape(server), "openenv_resources_live", "kind=\"probe\""))
                    .isEqualTo(before + 2);
            probes.closed();
            assertThat(value(scrape(server), "openenv_resources_live", "kind=\"probe\""))
                    .isEqualTo(before + 1);
        } finally {
            probes.closed();
        }
    }

    @Test
    void warmPoolHitsMissesAndReadyItemsAreOnTheMetrics() throws Exception {
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                        .start();
                var pool = io.openenv4j.core.WarmPool.start("probe_pool", 2, () -> () -> {})) {
            assertThat(pool.awaitReady(2, 60_000)).isTrue();
            assertThat(value(scrape(server), "openenv_pool_ready", "pool=\"probe_pool\""))
                    .isEqualTo(2);
            assertThat(value(scrape(server), "openenv_pool_capacity", "pool=\"probe_pool\""))
                    .isEqualTo(2);
            double hits = value(scrape(server), "openenv_pool_hits_total", "pool=\"probe_pool\"");
            pool.take().close();
            assertThat(value(scrape(server), "openenv_pool_hits_total", "pool=\"probe_pool\""))
                    .isEqualTo(hits + 1);
        }
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                        .start();
                var empty = io.openenv4j.core.WarmPool.start("probe_pool", 0, () -> () -> {})) {
            double misses = value(scrape(server), "openenv_pool_misses_total", "pool=\"probe_pool\"");
            empty.take().close();
            assertThat(value(scrape(server), "openenv_pool_misses_total", "pool=\"probe_pool\""))
                    .isEqualTo(misses + 1);
            assertThat(value(scrape(server), "openenv_pool_ready", "pool=\"probe_pool\""))
                    .isEqualTo(0);
        }
    }

    @Test
    void metricsCanBeTurnedOffAndAreRefusedToOtherAddressesByDefault() throws Exception {
        try (var off = EnvServer.create(
                        CounterEnvironment.spec(),
                        ServerConfig.ephemeral(),
                        Observability.defaults().withMetrics(Observability.MetricsAccess.OFF))
                .start()) {
            assertThat(HttpPeer.get(off, "/metrics").status()).isEqualTo(404);
        }
        assertThat(Observability.defaults().metrics()).isEqualTo(Observability.MetricsAccess.LOOPBACK);
        assertThat(Observability.fromEnvironment(Map.of("OPENENV_METRICS", "any"))
                        .metrics())
                .isEqualTo(Observability.MetricsAccess.ANY);
        assertThatThrownBy(() -> Observability.fromEnvironment(Map.of("OPENENV_METRICS", "everyone")))
                .hasMessageContaining("OPENENV_METRICS");
    }

    @Test
    void trajectoryFileHoldsOneRecordPerResetAndStepAndStopsAtItsLimit() throws Exception {
        Path file = dir.resolve("runs/trajectories.jsonl");
        var observability = Observability.defaults().withTrajectories(file).withTrajectoryMaxBytes(2_000);
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral(), observability)
                        .start();
                var peer = SocketPeer.open(server, "/ws")) {
            peer.call("{\"type\":\"reset\"}");
            peer.call("{\"type\":\"step\",\"data\":{\"delta\":2}}");
            peer.call("{\"type\":\"step\",\"data\":{\"delta\":3}}");
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(3);
            JsonNode reset = WireJson.parse(lines.get(0));
            JsonNode second = WireJson.parse(lines.get(2));
            assertThat(reset.get("kind").stringValue()).isEqualTo("reset");
            assertThat(second.get("kind").stringValue()).isEqualTo("step");
            assertThat(second.get("step").intValue()).isEqualTo(2);
            assertThat(second.get("action").get("delta").intValue()).isEqualTo(3);
            assertThat(second.get("observation").get("count").intValue()).isEqualTo(5);
            assertThat(second.get("episode").stringValue())
                    .isEqualTo(reset.get("episode").stringValue());
            assertThat(second.get("session").stringValue()).isNotBlank();

            for (int i = 0; i < 40; i++) {
                peer.call("{\"type\":\"step\",\"data\":{\"delta\":1}}");
            }
            assertThat(Files.size(file)).isLessThanOrEqualTo(2_000);
            assertThat(value(scrape(server), "openenv_trajectory_dropped_total", ""))
                    .isPositive();
            for (String line : Files.readAllLines(file)) {
                assertThat(WireJson.parse(line).get("env").stringValue()).isEqualTo("counter");
            }
        }
    }

    private static boolean settled(String text) {
        return value(text, "openenv_sessions", "state=\"idle\"")
                                + value(text, "openenv_sessions", "state=\"busy\"")
                                + value(text, "openenv_sessions", "state=\"closing\"")
                        == 0
                && value(text, "openenv_step_duration_seconds_count", "transport=\"http\"") == 1
                && value(text, "openenv_errors_total", "code=\"HTTP_422\"") == 1;
    }

    private static String scrape(EnvServer server) {
        HttpPeer.Reply reply;
        try {
            reply = HttpPeer.get(server, "/metrics");
        } catch (Exception e) {
            throw new AssertionError("scraping /metrics failed", e);
        }
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("text/plain");
        return reply.body();
    }

    /** The sum of every sample of {@code name} whose labels contain all of {@code labels}. */
    static double sum(String text, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        double total = 0;
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    static double value(String text, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
