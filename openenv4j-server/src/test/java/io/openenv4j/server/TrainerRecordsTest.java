package io.openenv4j.server;

import static io.openenv4j.server.TrainerChannelTest.TOKEN;
import static io.openenv4j.server.TrainerChannelTest.answer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One agent cannot overwrite or evict the trainer records of another's episodes. */
class TrainerRecordsTest {

    @Test
    void anEpisodeIdAlreadyOnRecordDoesNotReplaceTheRecord() throws Exception {
        try (EnvServer server = EnvServer.create(
                                QuizEnvironment.spec(), ServerConfig.ephemeral().withTrainer(TrainerChannel.of(TOKEN)))
                        .start();
                var victim = SocketPeer.open(server, "/ws");
                var attacker = SocketPeer.open(server, "/ws")) {
            victim.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"ep-1\"}}");
            victim.call(answer("piano"));

            attacker.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"ep-1\"}}");
            attacker.call(answer("drum"));

            JsonNode kept = HttpPeer.getWithToken(server, "/trainer/episodes/ep-1", TOKEN)
                    .json();
            assertThat(kept.path("trajectory")
                            .path("steps")
                            .get(0)
                            .path("action")
                            .path("arguments")
                            .path("text")
                            .asString())
                    .as("the first episode's record stands")
                    .isEqualTo("piano");
            JsonNode second = HttpPeer.getWithToken(server, "/trainer/episodes/ep-1~2", TOKEN)
                    .json();
            assertThat(second.path("episode_id").asString()).isEqualTo("ep-1~2");
            assertThat(second.path("trajectory")
                            .path("steps")
                            .get(0)
                            .path("action")
                            .path("arguments")
                            .path("text")
                            .asString())
                    .isEqualTo("drum");
            assertThat(HttpPeer.getWithToken(server, "/trainer/episodes", TOKEN)
                            .json()
                            .path("episodes")
                            .findValuesAsString("episode_id"))
                    .containsExactly("ep-1~2", "ep-1");
        }
    }

    @Test
    void aClientResettingQuicklyEvictsItsOwnRecordsNotOthers() throws Exception {
        try (EnvServer server = EnvServer.create(
                                QuizEnvironment.spec(),
                                ServerConfig.ephemeral().withTrainer(new TrainerChannel(TOKEN, 4)))
                        .start();
                var victim = SocketPeer.open(server, "/ws");
                var attacker = SocketPeer.open(server, "/ws")) {
            for (String id : new String[] {"v-1", "v-2"}) {
                victim.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"" + id + "\"}}");
                victim.call(answer("piano"));
            }

            for (int i = 0; i < 50; i++) {
                attacker.call("{\"type\":\"reset\",\"data\":{\"episode_id\":\"spam-" + i + "\"}}");
            }

            assertThat(HttpPeer.getWithToken(server, "/trainer/episodes/v-1", TOKEN)
                            .status())
                    .isEqualTo(200);
            assertThat(HttpPeer.getWithToken(server, "/trainer/episodes/v-2", TOKEN)
                            .status())
                    .isEqualTo(200);
            assertThat(HttpPeer.getWithToken(server, "/trainer/episodes", TOKEN)
                            .json()
                            .path("episodes")
                            .findValuesAsString("episode_id"))
                    .containsExactly("spam-49", "spam-48", "v-2", "v-1");
        }
    }
}
