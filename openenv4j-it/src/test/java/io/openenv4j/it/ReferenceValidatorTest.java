package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.envs.bench.BenchEnvironment;
import io.openenv4j.envs.echo.EchoEnvironment;
import io.openenv4j.envs.terminal.TerminalEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.server.ServerMode;
import io.openenv4j.wire.WireJson;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The reference's own conformance check, {@code openenv validate --url}, passes against our server. */
class ReferenceValidatorTest {

    @BeforeAll
    static void reference() {
        PythonReference.assumeAvailable();
    }

    static Stream<Arguments> servers() {
        return Stream.of(
                Arguments.of("echo", EchoEnvironment.spec(), ServerMode.SIMULATION),
                Arguments.of("echo", EchoEnvironment.spec(), ServerMode.PRODUCTION),
                Arguments.of("counter", CounterEnvironment.spec(), ServerMode.SIMULATION),
                Arguments.of(
                        "bench", BenchEnvironment.spec(BenchEnvironment.Settings.immediate()), ServerMode.SIMULATION),
                // its /metadata carries the OpenEnv4j extra "measured_fields": the reference reads it as a dictionary
                Arguments.of("terminal", TerminalEnvironment.spec(), ServerMode.SIMULATION));
    }

    @ParameterizedTest(name = "{0} in {2} mode")
    @MethodSource("servers")
    void referenceValidatorPassesEveryCriterion(String name, EnvSpec<?, ?, ?> spec, ServerMode mode) throws Exception {
        try (EnvServer server =
                EnvServer.create(spec, ServerConfig.ephemeral().withMode(mode)).start()) {
            Path openenv = PythonReference.python().resolveSibling("openenv");
            var result = PythonReference.run(
                    List.of(openenv.toString(), "validate", "--url", server.baseUrl(), "--json"), 120);
            JsonNode report = WireJson.parse(result.output());
            assertThat(report.path("passed").asBoolean(false))
                    .as(result.output())
                    .isTrue();
            assertThat(report.path("mode").asString()).isEqualTo(mode.wireName());
            assertThat(report.path("standard_profile").asString()).isEqualTo("openenv-http/1.x");
            assertThat(report.path("summary").path("failed_criteria").isEmpty()).isTrue();
            assertThat(result.exitCode()).isZero();
            if (!spec.metadata().measuredFields().isEmpty()) {
                var metadata = WireJson.parse(java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create(server.baseUrl() + "/metadata"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body());
                assertThat(metadata.path("measured_fields").toString()).isEqualTo("[\"elapsed_ms\"]");
            }
        }
    }
}
