package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.wire.WireExtension;
import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The versions of the OpenEnv4j wire extensions, announced in a header of {@code GET /metadata}. */
class WireExtensionsTest {

    @Test
    void aPlainServerAnnouncesBatchedSteppingAndMeasuredFieldsWithTheirVersions() throws Exception {
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            var reply = HttpPeer.get(server, "/metadata");

            assertThat(reply.header(WireExtension.HEADER)).isEqualTo("ws-batch=1, measured-fields=1");
            assertThat(WireExtension.parse(reply.header(WireExtension.HEADER)))
                    .containsExactly(Map.entry("ws-batch", 1), Map.entry("measured-fields", 1));
        }
    }

    @Test
    void theTrainerChannelAndRewardErrorsAreAnnouncedOnlyWhenTheServerOffersThem() throws Exception {
        var config = ServerConfig.ephemeral()
                .withTrainer(TrainerChannel.of("a-trainer-token-0123456789abcdef"))
                .withRewards(ProviderRewards.of(URI.create("http://127.0.0.1:9/")));
        try (var server = EnvServer.create(CounterEnvironment.spec(), config).start()) {
            assertThat(WireExtension.parse(HttpPeer.get(server, "/metadata").header(WireExtension.HEADER)))
                    .containsOnlyKeys("ws-batch", "trainer", "reward-error", "measured-fields")
                    .allSatisfy((key, version) -> assertThat(version).isEqualTo(1));
        }
    }

    @Test
    void theMetadataBodyKeepsTheReferenceShapeAndOtherRoutesCarryNoExtensionHeader() throws Exception {
        try (var server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            var metadata = HttpPeer.get(server, "/metadata");

            assertThat(metadata.body())
                    .isEqualTo(WireJson.write(CounterEnvironment.spec().metadata()));
            assertThat(HttpPeer.get(server, "/health").header(WireExtension.HEADER))
                    .isNull();
            assertThat(HttpPeer.get(server, "/schema").header(WireExtension.HEADER))
                    .isNull();
        }
    }
}
