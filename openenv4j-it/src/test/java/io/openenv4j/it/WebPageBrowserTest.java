package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.StepOptions;
import io.openenv4j.core.spi.EnvironmentDefinition;
import io.openenv4j.core.spi.Environments;
import io.openenv4j.envs.mcpbridge.McpBridgeEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web page at {@code /web}, in Debian's Chromium driven by playwright-core (npm, installed by
 * {@code scripts/playwright.sh}): every built-in environment is played to its end through the page's forms
 * with its oracle's actions (computed here, in process, from the same seed), and what the page shows is
 * checked against the server's replies; two tabs have separate episodes; a full server says so; a history
 * downloaded as JSON Lines loads back and replays; the page works on a phone-sized screen with the keyboard;
 * a Space-style launch ({@code serve} with {@code ENABLE_WEB_INTERFACE=true}) opens on a working page.
 * Screenshots land in {@code target/web-screenshots}. One browser run serves every test of the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageBrowserTest {

    private static final long SEED = 7;
    private static final int STEP_LIMIT = 1000;
    private static final Path OUT = Path.of("target/web-screenshots").toAbsolutePath();

    private final Map<String, EnvServer> servers = new LinkedHashMap<>();
    private final Map<String, Expected> expected = new LinkedHashMap<>();
    private ServeProcess launch;
    private JsonNode result;

    /** What the environment did in process for the same seed and actions. */
    record Expected(List<JsonNode> actions, List<Double> rewards, List<Boolean> dones, boolean tools) {}

    static Stream<String> builtIns() {
        return Environments.load().definitions().stream().map(EnvironmentDefinition::name);
    }

    @BeforeAll
    void playEverything() throws Exception {
        assumeFalse(Boolean.getBoolean("openenv4j.interop.skip"), "interop and browser tests switched off");
        Path playwright = Path.of(System.getProperty(
                "openenv4j.playwright", System.getProperty("user.home") + "/.cache/openenv4j/playwright"));
        if (!Files.isRegularFile(playwright.resolve("node_modules/playwright-core/package.json"))) {
            throw new IllegalStateException("playwright-core is missing at " + playwright
                    + ": the build installs it (openenv4j-it/scripts/playwright.sh)");
        }
        String chromium = System.getenv().getOrDefault("OPENENV4J_CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            throw new IllegalStateException(
                    chromium + " is missing: the build installs it (openenv4j-envs/scripts/chromium.sh)");
        }
        McpServers.assumeAvailable();
        Files.createDirectories(OUT);

        var plan = WireJson.object();
        plan.put("playwright", playwright.toString());
        plan.put("browser", chromium);
        plan.put("out", OUT.toString());
        plan.put("concurrency", 4);
        ArrayNode plays = plan.putArray("plays");
        for (EnvironmentDefinition entry : Environments.load().definitions()) {
            EnvSpec<?, ?, ?> spec = spec(entry);
            Map<String, Object> options = resetOptions(entry.name());
            Expected episode = playInProcess(
                    spec,
                    options,
                    entry.oracle().map(java.util.function.Supplier::get).orElse(null),
                    script(entry.name()));
            expected.put(entry.name(), episode);
            EnvServer server = EnvServer.create(spec, ServerConfig.ephemeral().withMaxSessions(8))
                    .start();
            servers.put(entry.name(), server);
            ObjectNode play = plays.addObject();
            play.put("env", entry.name());
            play.put("url", server.baseUrl());
            ObjectNode reset = play.putObject("reset");
            reset.put("seed", SEED);
            options.forEach((key, value) -> reset.set(key, WireJson.mapper().valueToTree(value)));
            play.put("tools", episode.tools());
            ArrayNode actions = play.putArray("actions");
            episode.actions().forEach(actions::add);
        }
        ObjectNode twoTabs = plan.putObject("twoTabs");
        twoTabs.put("url", servers.get("snake").baseUrl());
        twoTabs.put("seedA", 1);
        twoTabs.put("seedB", 2);
        twoTabs.putArray("actions")
                .add(WireJson.parse("{\"turn\":\"left\"}"))
                .add(WireJson.parse("{\"turn\":\"straight\"}"));
        EnvServer single = EnvServer.create(
                        spec(Environments.load().find("wordle").orElseThrow()),
                        ServerConfig.ephemeral().withMaxSessions(1))
                .start();
        servers.put("wordle-single-session", single);
        plan.putObject("capacity").put("url", single.baseUrl());
        ObjectNode replay = plan.putObject("replay");
        replay.put("url", servers.get("maze").baseUrl());
        replay.put("seed", SEED);
        ArrayNode replayActions = replay.putArray("actions");
        expected.get("maze").actions().forEach(replayActions::add);
        ObjectNode image = plan.putObject("image");
        image.put("url", servers.get("browser").baseUrl());
        image.put("seed", SEED);
        image.put("field", "screenshot");
        image.putObject("action").put("action", "screenshot");
        ObjectNode task = plan.putObject("task");
        task.put("url", servers.get("qa").baseUrl());
        task.put("split", "test");
        task.put("index", 3);
        task.put("id", "qa-train-0005");
        task.put("idSplit", "train");
        ObjectNode narrow = plan.putObject("narrow");
        narrow.put("url", servers.get("text-adventure").baseUrl());
        narrow.put("seed", SEED);
        narrow.put("field", "command");
        narrow.put("value", "look");
        plan.set("launch", spaceStyleLaunch());

        Path planFile = OUT.resolve("plan.json");
        Path resultFile = OUT.resolve("result.json");
        Files.writeString(planFile, WireJson.write(plan));
        Files.deleteIfExists(resultFile);
        Path script = Path.of(System.getProperty("openenv4j.nodesrc", "src/test/node"))
                .resolve("web_page_driver.cjs");
        PythonReference.Result run = PythonReference.run(
                List.of("node", script.toString(), planFile.toString(), resultFile.toString()), 600);
        assertThat(run.exitCode()).as(run.error()).isZero();
        result = WireJson.parse(Files.readString(resultFile));
        var seconds = new StringBuilder();
        result.path("plays")
                .forEach(play -> seconds.append(' ')
                        .append(play.path("env").stringValue())
                        .append('=')
                        .append(play.path("seconds").asDouble()));
        System.out.println(
                "web page tests: browser run took " + result.path("seconds").asDouble() + " s; per episode:" + seconds);
    }

    @AfterAll
    void stop() throws Exception {
        servers.values().forEach(EnvServer::close);
        if (launch != null) {
            launch.close();
        }
    }

    @ParameterizedTest(name = "{0} is played to its end through the page")
    @MethodSource("builtIns")
    void everyBuiltInIsPlayedToItsEndThroughThePageAndShowsWhatTheServerSent(String env) {
        JsonNode play = play(env);
        Expected episode = expected.get(env);
        assertThat(issues(play)).as(env).isEmpty();
        JsonNode replies = play.get("replies");
        assertThat(replies.size())
                .as(env + ": every action was stepped")
                .isEqualTo(episode.actions().size());
        double total = 0;
        for (int i = 0; i < replies.size(); i++) {
            JsonNode reply = replies.get(i);
            Double reward =
                    reply.get("reward").isNull() ? null : reply.get("reward").asDouble();
            assertThat(reward)
                    .as(env + " step " + (i + 1) + " reward")
                    .isEqualTo(episode.rewards().get(i));
            assertThat(reply.get("done").asBoolean())
                    .as(env + " step " + (i + 1) + " done")
                    .isEqualTo(episode.dones().get(i));
            total += reward == null ? 0 : reward;
        }
        if (Environments.load().find(env).orElseThrow().hasOracle() || env.equals("mcpbridge")) {
            assertThat(episode.dones())
                    .as(env + ": the in-process episode ends")
                    .last()
                    .isEqualTo(true);
            assertThat(replies.get(replies.size() - 1).get("done").asBoolean())
                    .as(env + ": the episode ends on the page")
                    .isTrue();
        }
        assertThat(Double.parseDouble(play.get("returnShown").stringValue()))
                .as(env + ": return shown")
                .isCloseTo(total, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(play.get("stateEpisodeId").isNull())
                .as(env + ": state on demand")
                .isFalse();
        assertThat(play.get("stateShown").stringValue())
                .contains(play.get("stateEpisodeId").stringValue());
        assertThat(Path.of(play.get("screenshot").stringValue())).isRegularFile();
        if (episode.tools()) {
            assertThat(play.get("ways").path("tool").asInt())
                    .as(env + ": tool calls go through the tool forms")
                    .isPositive();
            assertThat(play.get("toolsShown").size()).isPositive();
        } else {
            assertThat(play.get("ways").path("form").asInt())
                    .as(env + ": actions go through the generated form")
                    .isEqualTo(episode.actions().size());
        }
    }

    @Test
    void twoTabsHaveSeparateSessionsAndEpisodes() {
        JsonNode tabs = result.get("twoTabs");
        assertThat(tabs).as(String.valueOf(result.get("scenarioErrors"))).isNotNull();
        assertThat(tabs.get("problems").isEmpty())
                .as(tabs.get("problems").toString())
                .isTrue();
        assertThat(tabs.get("stepsA").stringValue()).isEqualTo("2");
        assertThat(tabs.get("stepsB").stringValue()).isEqualTo("0");
        assertThat(tabs.get("stateA").get("episode_id").stringValue())
                .isNotEqualTo(tabs.get("stateB").get("episode_id").stringValue());
        assertThat(tabs.get("stateA").get("step_count").asInt()).isEqualTo(2);
        assertThat(tabs.get("stateB").get("step_count").asInt()).isZero();
        assertThat(tabs.get("stateA").get("seed").asInt()).isEqualTo(1);
        assertThat(tabs.get("stateB").get("seed").asInt()).isEqualTo(2);
        assertThat(tabs.get("sessionsShown").stringValue()).startsWith("2 of 8");
    }

    @Test
    void aFullServerIsReportedClearlyAndTheTabGetsASessionOnceOneIsFree() {
        JsonNode capacity = result.get("capacity");
        assertThat(capacity).as(String.valueOf(result.get("scenarioErrors"))).isNotNull();
        assertThat(capacity.get("notice").stringValue()).contains("at capacity").contains("1 of 1 sessions");
        assertThat(capacity.get("conn").stringValue()).contains("full");
        assertThat(capacity.get("retried").asBoolean()).isTrue();
    }

    @Test
    void aHistoryDownloadsAsJsonLinesLoadsBackAndReplaysToTheSameRewards() {
        JsonNode replay = result.get("replay");
        assertThat(replay).as(String.valueOf(result.get("scenarioErrors"))).isNotNull();
        assertThat(replay.get("problems").isEmpty())
                .as(replay.get("problems").toString())
                .isTrue();
        Expected maze = expected.get("maze");
        JsonNode lines = replay.get("lines");
        assertThat(lines.size()).isEqualTo(maze.actions().size() + 1);
        assertThat(lines.get(0).get("type").stringValue()).isEqualTo("reset");
        assertThat(lines.get(0).get("request").get("seed").asLong()).isEqualTo(SEED);
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i).get("action")).isEqualTo(maze.actions().get(i - 1));
            assertThat(lines.get(i).get("reply").get("reward").asDouble())
                    .isEqualTo(maze.rewards().get(i - 1));
            assertThat(lines.get(i).get("latency_ms").isNumber()).isTrue();
        }
        assertThat(replay.get("loadedRows").asInt()).isEqualTo(lines.size());
        assertThat(replay.get("note").stringValue()).contains("every reward and done matches the file");
        JsonNode frames = replay.get("replayedFrames");
        assertThat(frames.size()).isEqualTo(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(frames.get(i).get("observation"))
                    .isEqualTo(lines.get(i).get("reply").get("observation"));
        }
    }

    @Test
    void aBase64ScreenshotInAnObservationIsShownAsThePictureTheServerSent() {
        JsonNode image = result.get("image");
        assertThat(image).as(String.valueOf(result.get("scenarioErrors"))).isNotNull();
        assertThat(image.get("problems").isEmpty())
                .as(image.get("problems").toString())
                .isTrue();
        assertThat(image.get("error").isNull())
                .as(image.get("error").toString())
                .isTrue();
        assertThat(image.get("sentPrefix").stringValue()).startsWith("iVBORw0KGgo");
        assertThat(image.get("picture").get("width").asInt()).isEqualTo(1024);
        assertThat(image.get("picture").get("height").asInt()).isEqualTo(768);
        assertThat(image.get("picture").get("alt").stringValue()).isEqualTo("screenshot (image)");
        assertThat(image.get("sameImage").asBoolean()).isTrue();
    }

    @Test
    void theTaskPickerOfATaskEnvironmentChoosesTheSplitAndTheTask() {
        JsonNode task = result.get("task");
        assertThat(task).as(String.valueOf(result.get("scenarioErrors"))).isNotNull();
        assertThat(task.get("problems").isEmpty())
                .as(task.get("problems").toString())
                .isTrue();
        assertThat(task.get("pickerShown").asBoolean()).isTrue();
        JsonNode byIndex = task.get("states").get(0);
        assertThat(byIndex.get("split").stringValue()).isEqualTo("test");
        assertThat(byIndex.get("task_index").asInt()).isEqualTo(3);
        JsonNode byId = task.get("states").get(1);
        assertThat(byId.get("task_id").stringValue()).isEqualTo("qa-train-0005");
        assertThat(byId.get("split").stringValue()).isEqualTo("train");
        // the list of tasks shows exactly when the server has the task routes (else GET /qa/splits is a 404)
        assertThat(task.get("listShown").asBoolean()).isEqualTo(splitsRouteStatus(servers.get("qa")) == 200);
    }

    @Test
    void thePageWorksOnAPhoneSizedScreenWithTheKeyboardAndEveryInputHasALabel() {
        JsonNode narrow = result.get("narrow");
        assertThat(narrow).as(String.valueOf(result.get("scenarioErrors"))).isNotNull();
        assertThat(narrow.get("problems").isEmpty())
                .as(narrow.get("problems").toString())
                .isTrue();
        assertThat(narrow.get("overflow").asInt()).as("no horizontal scrolling").isLessThanOrEqualTo(0);
        assertThat(narrow.get("error").isNull())
                .as(narrow.get("error").toString())
                .isTrue();
        assertThat(narrow.get("steps").stringValue()).isEqualTo("1");
        assertThat(narrow.get("unlabelled").isEmpty())
                .as(narrow.get("unlabelled").toString())
                .isTrue();
    }

    @Test
    void aSpaceStyleLaunchOpensOnAWorkingPage() {
        JsonNode launched = result.get("launch");
        assertThat(launched).as(String.valueOf(result.get("scenarioErrors"))).isNotNull();
        assertThat(issues(launched)).isEmpty();
        assertThat(launched.get("replies").size()).isEqualTo(3);
        assertThat(launched.get("stateEpisodeId").isNull()).isFalse();
    }

    // ---------- the plan ----------

    private static EnvSpec<?, ?, ?> spec(EnvironmentDefinition entry) {
        if (entry.name().equals(McpBridgeEnvironment.NAME)) {
            return McpBridgeEnvironment.specFromEnvironment(Map.of(
                    "MCP_BRIDGE_COMMAND",
                    "node '" + McpServers.bin("mcp-server-everything") + "' stdio",
                    "MCP_BRIDGE_MAX_STEPS",
                    "2"));
        }
        return entry.spec();
    }

    /**
     * Reset options beyond the seed (entered in the page's "more reset options"): snake on a 4 × 4 board, which its
     * oracle fills in about sixty moves instead of some 1,500 on the default 8 × 8, to keep the run short.
     */
    private static Map<String, Object> resetOptions(String env) {
        return env.equals("snake") ? Map.of("width", 4, "height", 4) : Map.of();
    }

    /** Actions for the built-ins without an oracle (they have no goal to reach). */
    private static List<JsonNode> script(String env) {
        return switch (env) {
            case "echo" ->
                List.of(
                        WireJson.parse(
                                "{\"type\":\"call_tool\",\"tool_name\":\"echo_message\",\"arguments\":{\"message\":\"hello from the web page\"}}"),
                        WireJson.parse(
                                "{\"type\":\"call_tool\",\"tool_name\":\"echo_with_length\",\"arguments\":{\"message\":\"four\"}}"),
                        WireJson.parse("{\"type\":\"list_tools\"}"));
            case "bench" ->
                List.of(WireJson.parse("{\"tag\":\"a\"}"), WireJson.parse("{\"tag\":\"b\",\"delay_ms\":1}"));
            case "mcpbridge" ->
                List.of(
                        WireJson.parse(
                                "{\"type\":\"call_tool\",\"tool_name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}"),
                        WireJson.parse(
                                "{\"type\":\"call_tool\",\"tool_name\":\"echo\",\"arguments\":{\"message\":\"bye\"}}"));
            default -> List.of();
        };
    }

    /** Plays one episode in process with the oracle (or the script), recording its actions as JSON and the outcome. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Expected playInProcess(
            EnvSpec spec, Map<String, Object> options, Policy oracle, List<JsonNode> script) throws Exception {
        EnvCodec codec = EnvCodec.of(spec);
        boolean tools = spec.isToolEnvironment();
        var actions = new ArrayList<JsonNode>();
        var rewards = new ArrayList<Double>();
        var dones = new ArrayList<Boolean>();
        try (Environment env = spec.factory().create()) {
            Step step = env.reset(new ResetRequest(SEED, null, options));
            while (!step.done() && actions.size() < STEP_LIMIT) {
                Object action;
                if (oracle != null) {
                    action = oracle.act(step, env.state());
                } else if (actions.size() < script.size()) {
                    action = codec.decodeAction(script.get(actions.size()));
                } else {
                    action = null;
                }
                if (action == null) {
                    break;
                }
                actions.add(withoutNulls(codec.encodeAction(action)));
                step = env.step(action, StepOptions.none());
                rewards.add(step.reward());
                dones.add(step.done());
            }
        }
        return new Expected(actions, rewards, dones, tools);
    }

    /** The action as a person fills it in: fields left empty are not sent. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            var copy = WireJson.object();
            node.properties().forEach(field -> {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            });
            return copy;
        }
        return node;
    }

    /** {@code openenv4j serve} as a Hugging Face Space runs it: port from PORT, ENABLE_WEB_INTERFACE=true, page at /web. */
    private ObjectNode spaceStyleLaunch() throws Exception {
        int port = PythonReference.freePort();
        launch = ServeProcess.start(
                Map.of(
                        "PORT",
                        String.valueOf(port),
                        "HOST",
                        "127.0.0.1",
                        "ENABLE_WEB_INTERFACE",
                        "true",
                        "OPENENV_MODE",
                        "production"),
                "serve",
                "gridworld");
        String line = launch.awaitLine("Serving", java.time.Duration.ofSeconds(60));
        assertThat(line).as("serve started").isNotNull();
        ObjectNode play = WireJson.object();
        play.put("env", "space-gridworld");
        play.put("url", "http://127.0.0.1:" + port);
        play.putObject("reset").put("seed", SEED);
        play.put("tools", false);
        ArrayNode actions = play.putArray("actions");
        for (String move : List.of("down", "right", "up")) {
            actions.addObject().put("move", move);
        }
        return play;
    }

    private static int splitsRouteStatus(EnvServer server) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/qa/splits"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new AssertionError("GET /qa/splits failed", e);
        }
    }

    private JsonNode play(String env) {
        for (JsonNode play : result.get("plays")) {
            if (play.get("env").stringValue().equals(env)) {
                return play;
            }
        }
        throw new AssertionError("no play of " + env + " in the browser run");
    }

    private static List<String> issues(JsonNode play) {
        var issues = new ArrayList<String>();
        play.get("issues").forEach(issue -> issues.add(issue.stringValue()));
        return issues;
    }
}
