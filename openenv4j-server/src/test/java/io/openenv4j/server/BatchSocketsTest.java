package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The opt-in batched stepping extension on {@code /ws/batch} (docs/protocol.md, "Batched stepping"). */
class BatchSocketsTest {

    @Test
    void oneFrameStepsEveryEnvironmentOfTheGroupAndReportsFailuresPerEntry() throws Exception {
        try (var server = EnvServer.create(
                                CounterEnvironment.spec(),
                                ServerConfig.ephemeral().withMaxSessions(8))
                        .start();
                var peer = SocketPeer.open(server, "/ws/batch?envs=3")) {
            JsonNode reset = peer.call("{\"type\":\"reset\",\"data\":{}}");
            assertThat(reset.path("type").asString()).isEqualTo("observations");
            assertThat(reset.path("data").path("results").size()).isEqualTo(3);
            assertThat(server.activeSessions()).isEqualTo(3);

            JsonNode step = peer.call(
                    "{\"type\":\"step\",\"data\":{\"actions\":[{\"delta\":1},{\"delta\":2,\"bogus\":1},null]}}");
            JsonNode results = step.path("data").path("results");
            assertThat(results.get(0).path("observation").path("count").asLong())
                    .isEqualTo(1);
            assertThat(results.get(0).path("done").isBoolean()).isTrue();
            assertThat(results.get(1).path("error").path("code").asString()).isEqualTo("VALIDATION_ERROR");
            assertThat(results.get(1)
                            .path("error")
                            .path("errors")
                            .get(0)
                            .path("type")
                            .asString())
                    .isEqualTo("extra_forbidden");
            assertThat(results.get(2).isNull()).isTrue();

            JsonNode again = peer.call(
                    "{\"type\":\"step\",\"data\":{\"actions\":[{\"delta\":1},{\"delta\":\"2\"},{\"delta\":5}]}}");
            assertThat(again.path("data")
                            .path("results")
                            .get(1)
                            .path("observation")
                            .path("count")
                            .asLong())
                    .isEqualTo(2);
            assertThat(again.path("data")
                            .path("results")
                            .get(2)
                            .path("observation")
                            .path("count")
                            .asLong())
                    .isEqualTo(5);

            JsonNode state = peer.call("{\"type\":\"state\"}");
            assertThat(state.path("type").asString()).isEqualTo("states");
            assertThat(state.path("data").path("states").get(0).path("count").asLong())
                    .isEqualTo(2);

            JsonNode wrongLength = peer.call("{\"type\":\"step\",\"data\":{\"actions\":[{\"delta\":1}]}}");
            assertThat(wrongLength.path("data").path("code").asString()).isEqualTo("VALIDATION_ERROR");
            JsonNode unknown = peer.call("{\"type\":\"wat\"}");
            assertThat(unknown.path("data").path("code").asString()).isEqualTo("UNKNOWN_TYPE");

            JsonNode perEnv =
                    peer.call("{\"type\":\"reset\",\"data\":{\"requests\":[null,{\"episode_id\":\"e\"},{}]}}");
            assertThat(perEnv.path("data").path("results").get(0).isNull()).isTrue();
            assertThat(peer.call("{\"type\":\"state\"}")
                            .path("data")
                            .path("states")
                            .get(1)
                            .path("episode_id")
                            .asString())
                    .isEqualTo("e");

            peer.send("{\"type\":\"close\"}");
            assertThat(peer.awaitClose()).isEqualTo(1000);
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(5));
        }
    }

    @Test
    void aGroupTakesOneSlotPerEnvironmentAndIsRefusedWhenTheyAreNotFree() throws Exception {
        try (var server = EnvServer.create(
                                CounterEnvironment.spec(),
                                ServerConfig.ephemeral().withMaxSessions(2))
                        .start();
                var peer = SocketPeer.open(server, "/ws/batch?envs=3")) {
            JsonNode refusal = peer.next();
            assertThat(refusal.path("data").path("code").asString()).isEqualTo("CAPACITY_REACHED");
            assertThat(peer.awaitClose()).isEqualTo(1000);
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(5));
        }
    }

    @Test
    void aMissingOrBadGroupSizeIsRefused() throws Exception {
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                        .start();
                var peer = SocketPeer.open(server, "/ws/batch?envs=0")) {
            assertThat(peer.next(Duration.ofSeconds(5))
                            .path("data")
                            .path("code")
                            .asString())
                    .isEqualTo("VALIDATION_ERROR");
            assertThat(peer.awaitClose()).isEqualTo(1000);
        }
    }

    @Test
    void anIdleBatchSocketIsToldWhyThenClosedAndFreesItsSlotsWhileAnActiveOneLivesOn() throws Exception {
        var lifecycle = new Lifecycle();
        var config = ServerConfig.ephemeral().withIdleTimeout(Duration.ofMillis(400));
        try (var server = EnvServer.create(CounterEnvironment.spec(lifecycle), config)
                        .start();
                var idle = SocketPeer.open(server, "/ws/batch?envs=2");
                var active = SocketPeer.open(server, "/ws/batch?envs=3")) {
            idle.call("{\"type\":\"reset\",\"data\":{}}");
            active.call("{\"type\":\"reset\",\"data\":{}}");
            assertThat(server.activeSessions()).isEqualTo(5);

            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (!idle.isClosed() && System.nanoTime() < deadline) {
                assertThat(active.call(
                                        "{\"type\":\"step\",\"data\":{\"actions\":[{\"delta\":1},{\"delta\":1},{\"delta\":1}]}}")
                                .path("type")
                                .asString())
                        .isEqualTo("observations");
                Thread.sleep(50);
            }

            JsonNode notice = idle.next(Duration.ofMillis(100));
            assertThat(notice.path("type").asString()).isEqualTo("error");
            assertThat(notice.path("data").path("code").asString()).isEqualTo("SESSION_ERROR");
            assertThat(notice.path("data").path("message").asString()).contains("0.4 s without a message");
            assertThat(idle.awaitClose()).isEqualTo(1000);
            lifecycle.awaitClosed(2, Duration.ofSeconds(2));
            Eventually.until(() -> server.activeSessions() == 3, Duration.ofSeconds(2));
            assertThat(active.call("{\"type\":\"state\"}").path("type").asString())
                    .isEqualTo("states");
            assertThat(active.isClosed()).isFalse();
        }
    }
}
