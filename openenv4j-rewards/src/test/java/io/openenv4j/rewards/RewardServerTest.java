package io.openenv4j.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.openenv4j.core.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RewardServerTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final Rubric solved = Rubrics.exactMatch(
            "solved",
            Selector.path("last.action.guess"),
            Selector.path("outcome.final_state.answer"),
            Matching.TRIMMED_IGNORE_CASE);
    private final Rubric counted = new Rubric() {
        public String name() {
            return "counted-solved";
        }

        public String version() {
            return "3";
        }

        public Score score(Trajectory t) {
            calls.incrementAndGet();
            return solved.score(t);
        }
    };
    private RewardServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Trajectory guess(String id, String word) {
        return new Trajectory(
                id,
                List.of(Transition.of(Map.of("guess", word), Map.of("status", "over"), 0.0, true)),
                Outcome.of("wordle-1", 42L, true, Map.of("answer", "crane")));
    }

    private RewardClient start(Rubric rubric, RewardServerConfig config) throws Exception {
        server = RewardServer.create(rubric, config);
        return RewardClient.create(URI.create(server.url()), Duration.ofSeconds(5));
    }

    @Test
    void scoresOneTrajectoryOverLoopback() throws Exception {
        var client = start(counted, RewardServerConfig.defaults());
        Scored scored = client.score(guess("a", "crane"));
        assertThat(scored.id()).isEqualTo("a");
        assertThat(scored.score().value()).isEqualTo(1.0);
        assertThat(scored.score().provenance().rubric()).isEqualTo("solved");
        assertThat(scored.contentHash()).hasSize(64);
        assertThat(scored.cached()).isFalse();
        assertThat(client.info()).isEqualTo(new ProviderInfo("counted-solved", "3", Determinism.exact(), 30_000, 256));
    }

    @Test
    void repeatedRequestsAreAnsweredFromTheCacheWhateverTheirId() throws Exception {
        var client = start(counted, RewardServerConfig.defaults());
        Scored first = client.score(guess("a", "crate"));
        Scored again = client.score(guess("b", "crate"));
        assertThat(again.cached()).isTrue();
        assertThat(again.contentHash()).isEqualTo(first.contentHash());
        assertThat(again.score()).isEqualTo(first.score());
        assertThat(again.id()).isEqualTo("b");
        assertThat(calls).hasValue(1);
        assertThat(client.score(guess("c", "crane")).contentHash()).isNotEqualTo(first.contentHash());
    }

    @Test
    void scoresABatchInOrder() throws Exception {
        var client = start(counted, RewardServerConfig.defaults());
        var results = client.scoreBatch(List.of(guess("1", "crane"), guess("2", "slate"), guess("3", "CRANE ")));
        assertThat(results).extracting(Scored::id).containsExactly("1", "2", "3");
        assertThat(results).extracting(r -> r.score().value()).containsExactly(1.0, 0.0, 1.0);
    }

    @Test
    void scoresAGroupWithRelativeAdvantages() throws Exception {
        var client = start(counted, RewardServerConfig.defaults());
        GroupScores group = client.scoreGroup(
                List.of(guess("1", "crane"), guess("2", "slate"), guess("3", "adieu"), guess("4", "crane")));
        assertThat(group.mean()).isEqualTo(0.5);
        assertThat(group.std()).isEqualTo(0.5);
        assertThat(group.advantages()).allSatisfy(a -> assertThat(Math.abs(a)).isCloseTo(1.0, within(1e-5)));
        assertThat(group.advantages().get(0)).isPositive();
        assertThat(group.advantages().get(1)).isNegative();
        assertThat(client.scoreGroup(List.of(guess("1", "slate"), guess("2", "adieu")))
                        .advantages())
                .containsExactly(0.0, 0.0);
    }

    @Test
    void aRequestOverTheLatencyBudgetIsAnErrorNotAZero() throws Exception {
        Rubric slow = Rubric.of("slow", t -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        });
        var client = start(slow, RewardServerConfig.defaults().withLatencyBudget(Duration.ofMillis(200)));
        assertThatThrownBy(() -> client.scoreBatch(List.of(guess("1", "crane"))))
                .isInstanceOfSatisfying(RewardProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RewardProviderException.Kind.PROVIDER_ERROR);
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.code()).isEqualTo("BUDGET_EXCEEDED");
                });
    }

    @Test
    void aSlowProviderTimesOutOnTheClient() throws Exception {
        try (var stall = new StandIn(n -> new StandIn.Reply(200, "{}", 3_000))) {
            var client = RewardClient.create(stall.url(), Duration.ofMillis(300));
            assertThatThrownBy(() -> client.score(guess("1", "crane")))
                    .isInstanceOfSatisfying(
                            RewardProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(RewardProviderException.Kind.TIMEOUT));
        }
    }

    @Test
    void aFailingRubricIsReportedWithItsReason() throws Exception {
        var client = start(
                Rubric.of("broken", t -> {
                    throw new RubricException("judge unreachable");
                }),
                RewardServerConfig.defaults());
        assertThatThrownBy(() -> client.score(guess("1", "crane")))
                .isInstanceOfSatisfying(RewardProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("RUBRIC_FAILED");
                    assertThat(e.getMessage()).contains("judge unreachable");
                });
    }

    @Test
    void malformedRepliesAreErrors() throws Exception {
        for (String body : List.of(
                "not json", "{}", "{\"result\":{\"content_hash\":\"h\",\"score\":{\"value\":\"NaN\"}}}", "[1,2]")) {
            try (var bad = new StandIn(n -> StandIn.Reply.ok(body))) {
                var client = RewardClient.create(bad.url(), Duration.ofSeconds(2));
                assertThatThrownBy(() -> client.score(guess("1", "crane")))
                        .as(body)
                        .isInstanceOfSatisfying(
                                RewardProviderException.class,
                                e -> assertThat(e.kind()).isEqualTo(RewardProviderException.Kind.MALFORMED_REPLY));
            }
        }
        try (var shortBatch = new StandIn(n -> StandIn.Reply.ok("{\"results\":[]}"))) {
            assertThatThrownBy(() -> RewardClient.create(shortBatch.url(), Duration.ofSeconds(2))
                            .scoreBatch(List.of(guess("1", "x"))))
                    .hasMessageContaining("0 results for 1 trajectories");
        }
        try (var failing = new StandIn(n -> new StandIn.Reply(500, "<html>oops</html>", 0))) {
            assertThatThrownBy(() -> RewardClient.create(failing.url(), Duration.ofSeconds(2))
                            .score(guess("1", "x")))
                    .isInstanceOfSatisfying(RewardProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RewardProviderException.Kind.PROVIDER_ERROR);
                        assertThat(e.status()).isEqualTo(500);
                    });
        }
    }

    @Test
    void anUnreachableProviderIsAConnectFailure() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var client = RewardClient.create(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.score(guess("1", "crane")))
                .isInstanceOfSatisfying(
                        RewardProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(RewardProviderException.Kind.CONNECT_FAILED));
    }

    @Test
    void rejectsBadRequestsAndUnknownRoutes() throws Exception {
        start(counted, RewardServerConfig.defaults().withMaxBatch(2));
        var http = HttpClient.newHttpClient();
        assertThat(post(http, "/v1/score", "{\"trajectory\": 5}").statusCode()).isEqualTo(400);
        assertThat(post(http, "/v1/score", "nope").statusCode()).isEqualTo(400);
        assertThat(post(http, "/v1/score/batch", "{\"trajectories\": [{}, {}, {}]}")
                        .body())
                .contains("BAD_REQUEST");
        assertThat(post(http, "/reset", "{}").statusCode()).isEqualTo(404);
        assertThat(calls).hasValue(0);
    }

    private HttpResponse<String> post(HttpClient http, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
