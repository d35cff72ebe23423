package io.openenv4j.envs.apitools;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.Outcome;
import io.openenv4j.core.OutcomeReporting;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.envs.BuiltInTasks;
import io.openenv4j.mcp.Toolbox;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A stateful calendar and to-do service behind MCP tools. Each episode draws a task (schedule a meeting at
 * the first common free slot, move someone's overdue to-dos, share an event) on a seeded world of five users
 * with events, to-dos and sharing; the agent acts as one user through the tools and may only see and change
 * what that user may. The agent reads its task with {@code get_task} (the state carries it too) and ends the
 * episode with {@code finish}.
 *
 * <p>Reward: on the step that ends the episode ({@code finish}, or the step limit) 1 when the service's final
 * state is exactly the expected one (the intended change and nothing else), else 0; every other step 0. The
 * checker and the expected world live on the server side only: no tool, observation or state field shows
 * them; {@link #outcome()} carries the verdict for rubrics and reward providers.
 *
 * <p>MCP sessions call the tools without a reset: a new instance starts on the task of seed 0.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class ApiToolsEnvironment implements ToolEnvironment<ApiToolsEnvironment.ApiToolsState>, OutcomeReporting {

    public static final String NAME = "apitools";
    static final int DEFAULT_MAX_STEPS = 40;
    private static final Set<String> OPTIONS = Set.of("task", "max_steps", "split", "index");

    /** The episode as the agent may know it: the task in words and as fields; never the expected result. */
    @Description("The API tools episode: the task and the acting user; the checker's expected state is not part of it.")
    public record ApiToolsState(
            String episodeId,
            long stepCount,
            @Description("schedule, move_overdue or share") String task,
            @Description("What to do, in words") String instruction,

            @Description("The instruction's facts as fields")
            Map<String, Object> parameters,

            @Description("The user every tool call acts as") String actingAs,
            @Description("The service's today") String today,

            @Description("running, finished (the agent called finish) or truncated (step limit)")
            String status,

            @Description("The step limit of the episode") int maxSteps)
            implements State {

        public ApiToolsState {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }

    private final Toolbox toolbox;
    private ApiTask task;
    private Service service;
    private final Episode episode = new Episode();
    private int maxSteps = DEFAULT_MAX_STEPS;
    private String status;
    private boolean finishCalled;
    private Checker.Verdict verdict;
    private final List<Map<String, Object>> trace = new ArrayList<>();

    public ApiToolsEnvironment() {
        this.toolbox = Toolbox.of(new CalendarTools(() -> new CalendarTools.Episode() {
            @Override
            public Service service() {
                return service;
            }

            @Override
            public ApiTask task() {
                return task;
            }

            @Override
            public void finish() {
                finishCalled = true;
            }
        }));
        start(ApiTask.draw(ApiTask.Kind.SCHEDULE, 0), ResetRequest.empty(), 0, DEFAULT_MAX_STEPS);
    }

    /** How to serve it. */
    public static EnvSpec<ToolAction, ToolObservation, ApiToolsState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "A calendar and to-do service with users, events, to-dos and"
                                        + " permissions behind MCP tools; seeded tasks judged from the service's final state."),
                        ToolAction.class,
                        ToolObservation.class,
                        ApiToolsState.class,
                        ApiToolsEnvironment::new)
                .withTasks(tasks());
    }

    /**
     * The task API's view of the seeded tasks: task {@code i} is the task {@code reset(seed=i)} plays, shown as its
     * instruction, kind and public facts, never the expected outcome.
     */
    static io.openenv4j.core.TaskCatalogue tasks() {
        return BuiltInTasks.of(BuiltInTasks.SEEDED, index -> {
            ApiTask task = ApiTask.draw(ApiTask.Kind.values()[(int) Math.floorMod(index, 3L)], index);
            return BuiltInTasks.task(
                    "seed-" + index,
                    index,
                    task.instruction(),
                    java.util.Map.of("kind", task.kind().wireName(), "parameters", task.parameters()));
        });
    }

    private void start(ApiTask newTask, ResetRequest request, long newSeed, int newMaxSteps) {
        task = newTask;
        service = new Service(newTask.initial(), newTask.actor());
        episode.begin(request, newSeed);
        maxSteps = newMaxSteps;
        status = "running";
        finishCalled = false;
        verdict = null;
        trace.clear();
    }

    @Override
    public Step<ToolObservation> reset(ResetRequest request) {
        request.requireKnownOptions(NAME, OPTIONS);
        var index = BuiltInTasks.index(request, BuiltInTasks.SEEDED, "task");
        long newSeed = index.isPresent() ? index.getAsLong() : Episode.seedFor(request);
        ApiTask.Kind kind = request.options().containsKey("task")
                ? ApiTask.Kind.parse(request.option("task", ""))
                : ApiTask.Kind.values()[(int) Math.floorMod(newSeed, 3L)];
        long limit = request.longOption("max_steps", DEFAULT_MAX_STEPS);
        if (limit < 1 || limit > 1000) {
            throw new EnvironmentException("reset option 'max_steps' must be within 1..1000, got " + limit);
        }
        start(ApiTask.draw(kind, newSeed), request, newSeed, (int) limit);
        return Step.of(new ToolObservation.Ready(), 0.0, false);
    }

    @Override
    public Step<ToolObservation> step(ToolAction action) {
        long steps = episode.advance();
        finishCalled = false; // only a finish through this step ends the episode (not one over MCP)
        ToolObservation observation = dispatch(action);
        if (finishCalled) {
            status = "finished";
        } else if (steps >= maxSteps) {
            status = "truncated";
        }
        if (status.equals("running")) {
            return Step.of(observation, 0.0, false);
        }
        episode.end(status);
        verdict = Checker.judge(task, service.world());
        return Step.of(observation, verdict.success() ? 1.0 : 0.0, true);
    }

    @Override
    public ApiToolsState state() {
        return new ApiToolsState(
                episode.id(),
                episode.steps(),
                task.kind().wireName(),
                task.instruction(),
                task.parameters(),
                task.actor(),
                task.initial().today().toString(),
                status,
                maxSteps);
    }

    @Override
    public List<Tool> tools() {
        return toolbox.tools();
    }

    @Override
    public ToolResult callTool(String name, Map<String, Object> arguments) throws ToolCallException {
        ToolResult result;
        try {
            result = toolbox.call(name, arguments);
        } catch (ToolCallException e) {
            record(name, arguments, true);
            throw e;
        }
        record(name, arguments, result.isError());
        return result;
    }

    private void record(String name, Map<String, Object> arguments, boolean failed) {
        var call = new LinkedHashMap<String, Object>();
        call.put("tool", name);
        call.put(
                "arguments",
                arguments == null
                        ? Map.of()
                        : WireJson.toPlain(WireJson.mapper().valueToTree(arguments)));
        call.put("error", failed);
        trace.add(call);
    }

    /** The initial, expected and final worlds and the verdict: for rubrics and reward providers, never the agent. */
    @Override
    public Optional<Outcome> outcome() {
        Checker.Verdict judged = verdict != null ? verdict : Checker.judge(task, service.world());
        var facts = new LinkedHashMap<String, Object>();
        facts.put("task", task.kind().wireName());
        facts.put("instruction", task.instruction());
        facts.put("acting_as", task.actor());
        facts.put("expected", plain(task.expected()));
        facts.put("final", plain(service.world()));
        facts.put("status", status);
        facts.put("success", judged.success());
        facts.put("reason", judged.reason());
        return Optional.of(new Outcome(
                NAME + ":" + task.kind().wireName() + ":" + episode.seed(),
                episode.seed(),
                !status.equals("running"),
                facts,
                Map.of("task_completed", judged.success()),
                trace,
                Map.of()));
    }

    private static Object plain(World world) {
        return WireJson.toPlain(WireJson.mapper()
                .valueToTree(Map.of(
                        "events",
                        world.events().stream().map(CalendarTools.EventView::of).toList(),
                        "todos",
                        world.todos().stream().map(CalendarTools.TodoView::of).toList())));
    }

    /** The service's current world, for tests in this package. */
    World world() {
        return service.world();
    }

    ApiTask task() {
        return task;
    }
}
