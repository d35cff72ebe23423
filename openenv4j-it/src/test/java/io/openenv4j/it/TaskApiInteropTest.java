package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.envs.code.CodeEnvironment;
import io.openenv4j.envs.qa.QaEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The task API (openenv 0.4.2+) as the newest reference serves it: {@code task_api.py} reads our catalogue with the
 * reference's request models, builds the reference's own server ({@code create_app}) over the same catalogue, sends
 * both the same valid and invalid requests, and plays {@code reset(split=..., index=...)} with the reference's
 * {@code GenericEnvClient}. Statuses and bodies must match (422 bodies: the same error types at the same places).
 */
class TaskApiInteropTest {

    @BeforeAll
    static void reference() {
        PythonReference.assumeNewestAvailable();
    }

    static Stream<Arguments> environments() {
        return Stream.of(
                Arguments.of("qa", (Supplier<EnvSpec<?, ?, ?>>) QaEnvironment::spec, "task_id"),
                Arguments.of("code", (Supplier<EnvSpec<?, ?, ?>>) CodeEnvironment::spec, "task"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void theTaskApiAnswersAsTheReferencesOwnServerOverTheSameTasks(
            String name, Supplier<EnvSpec<?, ?, ?>> spec, String stateTaskField) throws Exception {
        try (EnvServer server =
                EnvServer.create(spec.get(), ServerConfig.ephemeral()).start()) {
            var run = PythonReference.run(
                    List.of(
                            PythonReference.newestPython().toString(),
                            PythonReference.script("task_api.py").toString(),
                            "--url",
                            server.baseUrl(),
                            "--env",
                            name),
                    300);
            assertThat(run.exitCode()).as(run.error()).isZero();
            JsonNode result = WireJson.parse(run.output());

            JsonNode exchanges = result.get("exchanges");
            assertThat(exchanges.size()).isGreaterThan(15);
            for (JsonNode exchange : exchanges) {
                JsonNode ours = exchange.get("ours");
                JsonNode reference = exchange.get("reference");
                String request = exchange.get("request").toString();
                assertThat(ours.get("status").asInt())
                        .as(request)
                        .isEqualTo(reference.get("status").asInt());
                if (reference.get("status").asInt() == 422) {
                    assertThat(errors(ours.get("body"))).as(request).isEqualTo(errors(reference.get("body")));
                } else {
                    assertThat(ours.get("body")).as(request).isEqualTo(reference.get("body"));
                }
            }
            for (JsonNode reset : result.get("resets")) {
                JsonNode task = reset.get("task");
                assertThat(reset.get("state").get(stateTaskField).asString())
                        .as(reset.toString())
                        .isEqualTo(task.get("id").asString());
            }
            String everything = run.output();
            assertThat(everything)
                    .doesNotContain("\"hidden\"")
                    .doesNotContain("\"answer\"")
                    .doesNotContain("\"solution\"")
                    .doesNotContain("\"tests\"");
        }
    }

    /** A 422 body's errors as type and location (the reference adds pydantic's {@code url} and {@code ctx}). */
    private static List<String> errors(JsonNode body) {
        return body.get("detail")
                .valueStream()
                .map(error -> error.get("type").asString() + " " + error.get("loc"))
                .toList();
    }
}
