package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.spi.EnvironmentDefinition;
import io.openenv4j.core.spi.Environments;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Every built-in environment with an oracle is played twice from the same seed: in process, and over
 * WebSocket by the unmodified Python reference client; the client must see exactly the step payloads the
 * environment produced, and the same final state.
 */
class CatalogueInteropTest {

    static final long SEED = 11;
    private static final int MAX_STEPS = 400;

    @BeforeAll
    static void reference() {
        PythonReference.assumeAvailable();
    }

    static Stream<EnvironmentDefinition> playable() {
        return Environments.load().definitions().stream().filter(entry -> entry.hasOracle());
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("playable")
    void referenceClientPlaysTheOracleEpisodeAndSeesWhatTheEnvironmentProduced(EnvironmentDefinition entry)
            throws Exception {
        Recorded expected = play(entry.spec(), entry.oracle().orElseThrow().get());
        Path actions = Files.createTempFile("actions-" + entry.name(), ".json");
        Files.writeString(actions, WireJson.write(expected.actions()));
        try (EnvServer server =
                EnvServer.create(entry.spec(), ServerConfig.ephemeral()).start()) {
            var run = PythonReference.run(
                    List.of(
                            PythonReference.python().toString(),
                            PythonReference.script("play_episode.py").toString(),
                            "--url",
                            server.baseUrl(),
                            "--seed",
                            String.valueOf(SEED),
                            "--episode-id",
                            "interop-" + entry.name(),
                            "--actions",
                            actions.toString()),
                    300);
            assertThat(run.exitCode()).as(run.error()).isZero();
            JsonNode seen = WireJson.parse(run.output());
            assertThat(normalise(seen.get("reset")))
                    .isEqualTo(normalise(expected.payloads().get(0)));
            assertThat(seen.get("steps").size()).isEqualTo(expected.payloads().size() - 1);
            for (int i = 0; i < seen.get("steps").size(); i++) {
                assertThat(normalise(seen.get("steps").get(i)))
                        .as("%s step %d", entry.name(), i + 1)
                        .isEqualTo(normalise(expected.payloads().get(i + 1)));
            }
            assertThat(normalise(seen.get("state"))).isEqualTo(normalise(expected.state()));
        }
    }

    record Recorded(ArrayNode actions, List<JsonNode> payloads, JsonNode state) {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Recorded play(EnvSpec spec, Policy oracle) throws Exception {
        EnvCodec codec = EnvCodec.of(spec);
        var actions = WireJson.mapper().createArrayNode();
        var payloads = new ArrayList<JsonNode>();
        try (Environment env = spec.factory().create()) {
            Step step = env.reset(
                    new ResetRequest(SEED, "interop-" + spec.metadata().name(), Map.of()));
            payloads.add(codec.encodeStep(step));
            for (int i = 0; i < MAX_STEPS && !step.done(); i++) {
                Object action = oracle.act(step, env.state());
                actions.add(codec.encodeAction(action));
                step = env.step(action);
                payloads.add(codec.encodeStep(step));
            }
            return new Recorded(actions, payloads, codec.encodeState(env.state()));
        }
    }

    /**
     * Numbers compared as doubles (Python writes 1.0 where Java may write 1, and the reverse); measured
     * wall-clock times ({@code elapsed_ms} of the sandboxed environments) differ between any two runs.
     */
    private static String normalise(JsonNode node) {
        return WireJson.write(WireJson.mapper().convertValue(node, Object.class))
                .replaceAll("(\\d)\\.0(?=[,}\\]])", "$1")
                .replaceAll("elapsed_ms(\\\\?\"):\\d+", "elapsed_ms$1:0");
    }
}
