package io.openenv4j.envs.apitools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.envs.apitools.ApiToolsEnvironment.ApiToolsState;
import io.openenv4j.testkit.EnvironmentContract;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiToolsEnvironmentTest extends EnvironmentContract<ToolAction, ToolObservation, ApiToolsState> {

    @Override
    protected EnvSpec<ToolAction, ToolObservation, ApiToolsState> spec() {
        return ApiToolsEnvironment.spec();
    }

    @Override
    protected List<ToolAction> script() {
        return List.of(
                ToolAction.listTools(),
                ToolAction.callTool("get_task", Map.of()),
                ToolAction.callTool("list_events", Map.of()),
                ToolAction.callTool("list_todos", Map.of()));
    }

    @Override
    protected Policy<ToolAction, ToolObservation, ApiToolsState> oracle() {
        return new ApiToolsOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    @Override
    protected int oracleStepLimit() {
        return 30;
    }

    private static ToolAction call(String tool, Map<String, Object> arguments) {
        return ToolAction.callTool(tool, arguments);
    }

    private static ToolResult result(Step<ToolObservation> step) {
        var outcome = (ToolObservation.ToolCallOutcome) step.observation();
        assertThat(outcome.error()).as("error of %s", outcome.toolName()).isNull();
        return outcome.result();
    }

    private static String error(Step<ToolObservation> step) {
        var outcome = (ToolObservation.ToolCallOutcome) step.observation();
        assertThat(outcome.error()).isNotNull();
        return outcome.error().message();
    }

    @ParameterizedTest
    @ValueSource(strings = {"schedule", "move_overdue", "share"})
    void theOracleCompletesEveryTemplateOnManySeeds(String task) {
        var env = new ApiToolsEnvironment();
        for (long seed = 0; seed < 25; seed++) {
            Step<ToolObservation> step = env.reset(new ResetRequest(seed, null, Map.of("task", task)));
            var oracle = new ApiToolsOracle();
            while (!step.done()) {
                step = env.step(oracle.act(step, env.state()));
            }
            assertThat(step.reward())
                    .as("seed %d: %s", seed, env.outcome().orElseThrow().fact("reason"))
                    .isEqualTo(1.0);
            assertThat(env.state().status()).isEqualTo("finished");
        }
    }

    @Test
    void finishingWithoutDoingTheTaskScoresZero() {
        var env = new ApiToolsEnvironment();
        env.reset(new ResetRequest(3L, null, Map.of("task", "share")));
        Step<ToolObservation> last = env.step(call("finish", Map.of()));
        assertThat(last.done()).isTrue();
        assertThat(last.reward()).isEqualTo(0.0);
        assertThat(env.outcome().orElseThrow().fact("success")).isEqualTo(false);
        assertThat(env.outcome().orElseThrow().testResults()).containsEntry("task_completed", false);
    }

    @Test
    void extraChangesBesidesTheTaskFailTheChecker() {
        var env = new ApiToolsEnvironment();
        Step<ToolObservation> step = env.reset(new ResetRequest(4L, null, Map.of("task", "share")));
        var oracle = new ApiToolsOracle();
        // play the oracle up to (not including) finish, then make an unrelated change and finish
        step = env.step(oracle.act(step, env.state()));
        step = env.step(oracle.act(step, env.state()));
        result(env.step(call(
                "create_todo", Map.of("title", "Unasked", "due", env.state().today()))));
        Step<ToolObservation> last = env.step(call("finish", Map.of()));
        assertThat(last.reward()).isEqualTo(0.0);
        assertThat((String) env.outcome().orElseThrow().fact("reason")).contains("Unasked");
    }

    @Test
    void theActingUserOnlySeesTheirOwnAttendedOrSharedItems() {
        var env = new ApiToolsEnvironment();
        env.reset(new ResetRequest(1L, null, Map.of("task", "schedule")));
        @SuppressWarnings("unchecked")
        var events = (List<Map<String, Object>>) ((Map<String, Object>)
                        result(env.step(call("list_events", Map.of()))).data())
                .get("events");
        assertThat(events)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("owner").equals("alice")
                                || ((List<?>) e.get("attendees")).contains("alice")
                                || ((Map<?, ?>) e.get("shared_with")).containsKey("alice"))
                        .isTrue());
        long hidden = env.world().events().stream()
                .filter(e -> !e.involves("alice") && !e.sharedWith().containsKey("alice"))
                .count();
        assertThat(hidden).as("the world has events alice may not see").isPositive();
        String foreign = env.world().events().stream()
                .filter(e -> !e.involves("alice") && !e.sharedWith().containsKey("alice"))
                .findFirst()
                .orElseThrow()
                .id();
        assertThat(error(env.step(call("get_event", Map.of("event_id", foreign)))))
                .contains("not_found");
    }

    @Test
    void errorsSayPermissionDeniedConflictNotFoundOrBadInput() {
        var env = new ApiToolsEnvironment();
        env.reset(new ResetRequest(2L, null, Map.of("task", "move_overdue")));
        String owner = (String) env.state().parameters().get("owner");
        // a to-do shared read-only with alice, owned by a third user
        var readOnly = env.world().todos().stream()
                .filter(t -> t.sharedWith().get("alice") == World.Permission.READ)
                .findFirst()
                .orElseThrow();
        assertThat(error(env.step(call("update_todo", Map.of("todo_id", readOnly.id(), "done", true)))))
                .contains("permission_denied");
        var owners = env.world().todos().stream()
                .filter(t -> t.owner().equals(owner))
                .findFirst()
                .orElseThrow();
        assertThat(error(env.step(
                        call("share_todo", Map.of("todo_id", owners.id(), "user", "dave", "permission", "read")))))
                .contains("permission_denied", "only the owner");
        var mine = env.world().events().stream()
                .filter(e -> e.owner().equals("alice"))
                .findFirst()
                .orElseThrow();
        assertThat(error(env.step(call(
                        "create_event",
                        Map.of(
                                "title",
                                "Clash",
                                "start",
                                mine.start().toString(),
                                "end",
                                mine.end().toString())))))
                .contains("conflict", "alice is busy");
        assertThat(error(env.step(
                        call("share_event", Map.of("event_id", "e9999", "user", "bob", "permission", "read")))))
                .contains("not_found");
        assertThat(error(env.step(
                        call("share_event", Map.of("event_id", mine.id(), "user", "bob", "permission", "admin")))))
                .contains("bad_input", "'read' or 'write'");
        assertThat(error(env.step(call("create_todo", Map.of("title", "x", "due", "next friday")))))
                .contains("bad_input");
        assertThat(error(env.step(call(
                        "free_busy",
                        Map.of("user", "mallory", "date", env.state().today())))))
                .contains("not_found", "no user 'mallory'");
        var missing = (ToolObservation.ToolCallOutcome)
                env.step(call("get_event", Map.of())).observation();
        assertThat(missing.error().errorType()).isEqualTo(ToolError.Kind.INVALID_ARGS);
        assertThat(env.state().status()).isEqualTo("running");
    }

    @Test
    void theTaskIsReadThroughGetTaskAndTheStateButTheExpectedWorldIsNowhere() {
        var env = new ApiToolsEnvironment();
        env.reset(new ResetRequest(5L, null, Map.of("task", "schedule")));
        var task = (Map<?, ?>) result(env.step(call("get_task", Map.of()))).data();
        assertThat(task.get("instruction")).isEqualTo(env.state().instruction());
        assertThat(task.get("acting_as")).isEqualTo("alice");
        String state = WireJson.write(codec().encodeState(env.state()));
        String tools = WireJson.write(env.tools());
        assertThat(state + tools).doesNotContain("expected", "verdict", "success", "checker");
        assertThat(env.tools())
                .extracting(t -> t.name())
                .containsExactlyInAnyOrder(
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
    }

    @Test
    void toolCallsOverMcpAreNotStepsAndAFinishThereDoesNotEndTheEpisode() throws Exception {
        var env = new ApiToolsEnvironment();
        env.reset(new ResetRequest(5L, null, Map.of("task", "share")));
        env.callTool("finish", Map.of());
        assertThat(env.state().stepCount()).isZero();
        Step<ToolObservation> step = env.step(call("list_users", Map.of()));
        assertThat(step.done()).isFalse();
    }

    @Test
    void badResetOptionsAreClearErrors() {
        var env = new ApiToolsEnvironment();
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("task", "juggle"))))
                .hasMessageContaining("schedule, move_overdue, share");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("max_steps", 0))))
                .hasMessageContaining("max_steps");
    }
}
