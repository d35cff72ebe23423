package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.spi.EnvironmentDefinition;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The newest reference's runtime graders ({@code openenv validate}: {@code runtime.observation_schema},
 * {@code runtime.reward_well_formed}, {@code runtime.state_contract}) pass on every built-in with an oracle:
 * the start of its oracle episode, played over {@code /ws}, is graded against our {@code /schema}.
 */
class NewestRuntimeGradersTest {

    /** Enough steps to see the observations of a running episode; the whole episode adds nothing the graders read. */
    private static final int STEPS = 6;

    @BeforeAll
    static void reference() {
        PythonReference.assumeNewestAvailable();
    }

    static java.util.stream.Stream<EnvironmentDefinition> playable() {
        return CatalogueInteropTest.playable();
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("playable")
    void theReferenceRuntimeGradersPassAnOracleEpisode(EnvironmentDefinition entry) throws Exception {
        var recorded = CatalogueInteropTest.play(
                entry.spec(), entry.oracle().orElseThrow().get());
        var actions = WireJson.mapper().createArrayNode();
        for (int i = 0; i < Math.min(STEPS, recorded.actions().size()); i++) {
            actions.add(recorded.actions().get(i));
        }
        Path file = Files.createTempFile("graded-" + entry.name(), ".json");
        Files.writeString(file, WireJson.write(actions));
        try (EnvServer server =
                EnvServer.create(entry.spec(), ServerConfig.ephemeral()).start()) {
            var run = PythonReference.run(
                    List.of(
                            PythonReference.newestPython().toString(),
                            PythonReference.script("runtime_graders.py").toString(),
                            "--url",
                            server.baseUrl(),
                            "--seed",
                            String.valueOf(CatalogueInteropTest.SEED),
                            "--actions",
                            file.toString()),
                    300);
            assertThat(run.exitCode()).as(run.error()).isZero();
            JsonNode verdicts = WireJson.parse(run.output());
            for (String check :
                    List.of("runtime.observation_schema", "runtime.reward_well_formed", "runtime.state_contract")) {
                assertThat(verdicts.path(check).path("status").asString())
                        .as("%s: %s", check, verdicts.path(check))
                        .isEqualTo("pass");
            }
        }
    }
}
