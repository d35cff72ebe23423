package io.openenv4j.envs.apitools;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.mcp.client.McpClient;
import io.openenv4j.mcp.client.McpEndpoint;
import io.openenv4j.mcp.client.McpTool;
import io.openenv4j.mcp.client.McpToolResult;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent-side surface over a real server: OpenEnv's dialect on {@code POST /mcp}, spec MCP (Streamable
 * HTTP) on the same path, and {@code GET /state}. None of them offers the checker or the expected world: no
 * such tool, no such field, and the expected world's JSON appears in no answer.
 */
class ApiToolsSurfaceTest {

    private static final Set<String> TOOLS = Set.of(
            "get_task",
            "list_users",
            "list_events",
            "get_event",
            "create_event",
            "update_event",
            "delete_event",
            "share_event",
            "free_busy",
            "list_todos",
            "create_todo",
            "update_todo",
            "share_todo",
            "finish");
    private static final List<String> HIDDEN = List.of(
            "check", "checker", "verdict", "outcome", "expected", "ground_truth", "judge", "solution", "answer");
    private static final List<String> HIDDEN_KEYS =
            List.of("\"expected\"", "\"verdict\"", "\"success\"", "\"reason\"", "\"goal\"", "\"final\"");

    private EnvServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = EnvServer.create(ApiToolsEnvironment.spec(), ServerConfig.ephemeral())
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * The ground truth of the task a fresh instance (an MCP session) plays, a meeting at the first common free
     * slot: the expected new event as it would be listed. It must appear in no answer while nobody booked it.
     */
    private static String expectedWorldJson() {
        World.Event event = expectedBooking();
        return "\"title\":\"" + event.title() + "\",\"start\":\"" + event.start() + "\"";
    }

    private static World.Event expectedBooking() {
        ApiTask task = new ApiToolsEnvironment().task();
        var booked = new ArrayList<>(task.expected().events());
        booked.removeAll(task.initial().events());
        assertThat(booked).hasSize(1);
        return booked.getFirst();
    }

    private String post(String path, String body) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private String dialectCall(String session, String tool, String arguments) throws Exception {
        return post(
                "/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"session_id\":\"" + session
                        + "\",\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}");
    }

    @Test
    void theDialectOffersOnlyTheServiceToolsAndNoAnswerCarriesTheExpectedWorld() throws Exception {
        String listed = post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}");
        var names = new ArrayList<String>();
        WireJson.parse(listed)
                .path("result")
                .path("tools")
                .forEach(t -> names.add(t.path("name").asString()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(TOOLS);

        String session = WireJson.parse(post(
                        "/mcp",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"openenv/session/create\"," + "\"params\":{}}"))
                .path("result")
                .path("session_id")
                .asString();
        var answers = new StringBuilder(listed);
        for (String tool : List.of("get_task", "list_users", "list_events", "list_todos", "finish")) {
            answers.append(dialectCall(session, tool, "{}"));
        }
        answers.append(dialectCall(session, "free_busy", "{\"user\":\"bob\",\"date\":\"2026-01-06\"}"));
        for (String hidden : HIDDEN) {
            assertThat(dialectCall(session, hidden, "{}")).contains("Unknown tool");
        }
        assertThat(answers.toString())
                .contains("\"acting_as\":\"alice\"")
                .doesNotContain(HIDDEN_KEYS)
                .doesNotContain(expectedWorldJson());
        // The marker is what an answer shows once the agent has done the work itself.
        World.Event event = expectedBooking();
        assertThat(dialectCall(
                        session,
                        "create_event",
                        "{\"title\":\"" + event.title() + "\",\"start\":\"" + event.start() + "\",\"end\":\""
                                + event.end() + "\",\"attendees\":[\""
                                + event.attendees().getFirst() + "\"]}"))
                .contains(expectedWorldJson());
    }

    @Test
    void specMcpOffersOnlyTheServiceToolsAndNoResultCarriesTheExpectedWorld() {
        try (McpClient client = McpClient.connect(McpEndpoint.http(server.baseUrl() + "/mcp"))) {
            List<McpTool> tools = client.listTools();
            assertThat(tools).extracting(McpTool::name).containsExactlyInAnyOrderElementsOf(TOOLS);
            var answers = new StringBuilder(WireJson.write(tools));
            for (String tool : List.of("get_task", "list_users", "list_events", "list_todos", "finish")) {
                McpToolResult result = client.callTool(tool, Map.of());
                assertThat(result.isError()).as(tool).isFalse();
                answers.append(WireJson.write(result.structuredContent())).append(result.text());
            }
            for (String hidden : HIDDEN) {
                try {
                    McpToolResult result = client.callTool(hidden, Map.of());
                    assertThat(result.isError()).as(hidden).isTrue();
                } catch (RuntimeException refused) {
                    assertThat(refused.getMessage()).containsIgnoringCase("unknown tool");
                }
            }
            assertThat(answers.toString())
                    .contains("alice")
                    .doesNotContain(HIDDEN_KEYS)
                    .doesNotContain(expectedWorldJson());
        }
    }

    @Test
    void theHttpStateCarriesTheTaskButNotTheExpectedWorld() throws Exception {
        post("/reset", "{\"seed\":3,\"task\":\"move_overdue\"}");
        String state = http.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/state"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(state).contains("\"instruction\"", "\"acting_as\":\"alice\"").doesNotContain(HIDDEN_KEYS);
    }
}
