package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openenv4j.core.spi.Environments;
import io.openenv4j.envs.upstream.Reshaped;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code <name>@openenv} environments, played over WebSocket by typed clients shaped as the reference
 * repository's own ({@code upstream_clients.py}: its models' field names, types and strictness on the newest
 * reference's {@code EnvClient}); and every text environment's {@code /schema} lets a trainer that knows nothing
 * but the schema (verifiers: {@code {required[0]: text}}) turn a plain-text reply into an action.
 */
class UpstreamShapesInteropTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The newest reference's interpreter ({@code openenv} from PyPI), or null when the build did not make one. */
    private static Path newestPython() {
        String path = System.getProperty("openenv4j.python.openenv");
        return path == null || path.isBlank() ? null : Path.of(path);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chess", "wordle", "connect-four", "code", "blackjack", "snake", "maze", "gridworld"})
    void theUpstreamTypedClientPlaysTheFlavourWithEveryFieldItReads(String base) throws Exception {
        assumeFalse(
                Boolean.getBoolean("openenv4j.interop.skip"),
                "interop tests switched off (-Dopenenv4j.interop.skip=true)");
        Path python = newestPython();
        assumeTrue(
                python != null,
                "system property openenv4j.python.openenv (the newest reference's venv,"
                        + " target/pyref-openenv/bin/python) is not set: the upstream typed clients need openenv >= 0.4");
        assertThat(Files.isExecutable(python))
                .as("the newest reference at " + python)
                .isTrue();
        var entry = Environments.load().find(base + Reshaped.SUFFIX).orElseThrow();
        try (EnvServer server =
                EnvServer.create(entry.spec(), ServerConfig.ephemeral()).start()) {
            var run = PythonReference.run(
                    List.of(
                            python.toString(),
                            PythonReference.script("upstream_clients.py").toString(),
                            "--url",
                            server.baseUrl(),
                            "--scenario",
                            base),
                    300);
            assertThat(run.exitCode()).as(run.error()).isZero();
            JsonNode facts = WireJson.parse(run.output()).path("facts");
            // Every key we send is one the reference's model declares (the driver validates strictly), and every
            // field of the model is sent.
            assertThat(facts.path("keys").isArray()).isTrue();
            switch (base) {
                case "chess" -> {
                    assertThat(facts.path("result").asString()).isEqualTo("1-0");
                    assertThat(facts.path("current_player").asString()).isEqualTo("white");
                    assertThat(facts.path("move_history").size()).isEqualTo(2);
                    assertThat(names(facts)).containsExactly("fen", "is_check", "legal_moves", "result");
                }
                case "wordle" -> {
                    assertThat(facts.path("greens").asInt()).isEqualTo(2);
                    assertThat(facts.path("env_id").asString()).isEqualTo("Wordle-v0");
                    assertThat(names(facts))
                            .containsExactly("current_player_id", "info", "legal_players", "messages", "prompt");
                }
                case "connect-four" -> assertThat(names(facts)).containsExactly("board", "legal_actions");
                case "code" -> {
                    assertThat(facts.path("stdout").asString()).isEqualTo("42\n");
                    assertThat(names(facts)).containsExactly("exit_code", "stderr", "stdout");
                }
                case "blackjack" ->
                    assertThat(names(facts))
                            .containsExactly(
                                    "current_player_id",
                                    "game_phase",
                                    "info_state",
                                    "legal_actions",
                                    "opponent_last_action");
                case "snake" ->
                    assertThat(names(facts))
                            .containsExactly(
                                    "alive",
                                    "episode_fruits",
                                    "episode_kills",
                                    "episode_score",
                                    "episode_steps",
                                    "grid",
                                    "observation");
                case "maze" ->
                    assertThat(names(facts)).containsExactly("current_position", "legal_actions", "previous_position");
                case "gridworld" -> assertThat(names(facts)).containsExactly("message", "x", "y");
                default -> throw new AssertionError(base);
            }
        }
    }

    private static List<String> names(JsonNode facts) {
        var names = new java.util.ArrayList<String>();
        facts.path("keys").forEach(key -> names.add(key.asString()));
        // The base field of the reference's Observation, which its server sends in every observation (openenv
        // 0.4+) and so do we; the model's own fields follow.
        assertThat(names).contains("metadata");
        names.remove("metadata");
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "wordle",
                "chess",
                "text-adventure",
                "qa",
                "maze",
                "gridworld",
                "terminal",
                "code",
                "wordle@openenv",
                "chess@openenv",
                "code@openenv"
            })
    void aPlainTextReplyBecomesAnActionThroughTheSchema(String name) throws Exception {
        var entry = Environments.load().find(name).orElseThrow();
        try (EnvServer server =
                EnvServer.create(entry.spec(), ServerConfig.ephemeral()).start()) {
            var schema = WireJson.parse(HTTP.send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/schema"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            JsonNode required = schema.path("action").path("required");
            // verifiers turns a reply into {required[0]: text}: exactly one required field, a string.
            assertThat(required.size()).as(schema.path("action").toString()).isEqualTo(1);
            String field = required.get(0).asString();
            assertThat(schema.path("action")
                            .path("properties")
                            .path(field)
                            .path("type")
                            .asString())
                    .isEqualTo("string");

            var inbox = new LinkedBlockingQueue<String>();
            WebSocket socket = HTTP.newWebSocketBuilder()
                    .buildAsync(
                            URI.create(server.baseUrl().replaceFirst("^http", "ws") + "/ws"), new WebSocket.Listener() {
                                private final StringBuilder text = new StringBuilder();

                                @Override
                                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                    text.append(data);
                                    if (last) {
                                        inbox.add(text.toString());
                                        text.setLength(0);
                                    }
                                    webSocket.request(1);
                                    return null;
                                }
                            })
                    .get(30, TimeUnit.SECONDS);
            try {
                socket.sendText("{\"type\":\"reset\",\"data\":{\"seed\":1}}", true)
                        .get(30, TimeUnit.SECONDS);
                assertThat(WireJson.parse(inbox.poll(120, TimeUnit.SECONDS))
                                .path("type")
                                .asString())
                        .isEqualTo("observation");
                var step = WireJson.object().put("type", "step");
                // A move environment's reply is its move; the others get a sentence (a refused guess is still an
                // action).
                String text =
                        name.equals("maze") || name.equals("gridworld") ? "up" : "I think the answer is 42, crane";
                step.putObject("data").put(field, text);
                socket.sendText(WireJson.write(step), true).get(30, TimeUnit.SECONDS);
                JsonNode reply = WireJson.parse(inbox.poll(120, TimeUnit.SECONDS));
                assertThat(reply.path("type").asString()).as(reply.toString()).isEqualTo("observation");
            } finally {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            }
        }
    }
}
