package io.openenv4j.envs.terminal;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.ToolArg;
import io.openenv4j.mcp.ToolMethod;
import io.openenv4j.mcp.Toolbox;
import io.openenv4j.sandbox.RunResult;
import io.openenv4j.sandbox.SandboxOptions;
import io.openenv4j.sandbox.Timing;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sandboxed terminal as MCP tools: {@code run_command}, {@code read_file} and {@code write_file}, on
 * the same persistent shell, work folder, tasks and limits as {@link TerminalEnvironment}. Reachable
 * through {@code step} with tool actions (each counts as a step; the reward is the terminal's: on the step
 * after which the task is solved, which ends the episode, 1 less 0.02 per step beyond the first) and directly over the server's MCP routes (no step, no reward).
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class TerminalToolEnvironment implements ToolEnvironment<TerminalToolEnvironment.ToolState> {

    public static final String NAME = "terminal-tools";

    /** Observation fields that are wall-clock measurements, declared in {@code /metadata}. */
    public static final String MEASURED_FIELD = "elapsed_ms";

    /** The episode. */
    @Description("The terminal episode.")
    public record ToolState(
            String episodeId,
            long stepCount,

            @Description("The built-in task's name, or null")
            String task,

            @Description("Whether the task's check has passed")
            boolean solved)
            implements io.openenv4j.core.State {}

    /** What {@code run_command} returns. */
    public record CommandResult(
            String stdout,
            String stderr,
            Integer exitCode,
            boolean stdoutTruncated,
            boolean stderrTruncated,
            long elapsedMs,
            boolean timedOut,
            boolean shellRestarted) {

        static CommandResult of(RunResult run, Timing timing) {
            var observation = TerminalEnvironment.Observation.of(run, timing);
            return new CommandResult(
                    observation.stdout(),
                    observation.stderr(),
                    observation.exitCode(),
                    observation.stdoutTruncated(),
                    observation.stderrTruncated(),
                    observation.elapsedMs(),
                    observation.timedOut(),
                    observation.shellRestarted());
        }
    }

    /** The tools, bound to this environment's workspace. */
    final class Tools {
        @ToolMethod(
                description = "Run a shell command in the episode's persistent bash shell (cwd /work, no network)."
                        + " The working directory and variables persist between calls.")
        public CommandResult runCommand(
                @ToolArg(required = true) @Description("The command line, e.g. ls -la") String command,
                @Description("Seconds it may take, at most 60; default 10") Double timeoutS) {
            return CommandResult.of(workspace.run(command, timeoutS), timing);
        }

        @ToolMethod(description = "Describe the task of this episode: its goal and how to work.")
        public String describeTask() {
            return TerminalEnvironment.prompt(workspace.task());
        }

        @ToolMethod(description = "Read a text file of the work folder (at most 1 MiB is returned).")
        public String readFile(
                @ToolArg(required = true) @Description("Path, relative to /work or absolute") String path) {
            RunResult run = workspace.readFile(path);
            if (!run.succeeded()) {
                throw new IllegalArgumentException(
                        run.stderr().isBlank()
                                ? "cannot read " + path
                                : run.stderr().strip());
            }
            return run.stdout();
        }

        @ToolMethod(
                description = "Write a text file in the work folder, creating its folders; replaces an existing file.")
        public String writeFile(
                @ToolArg(required = true) @Description("Path, relative to /work or absolute") String path,
                @ToolArg(required = true) @Description("The file's new content") String content) {
            RunResult run = workspace.writeFile(path, content);
            if (!run.succeeded()) {
                throw new IllegalArgumentException(
                        run.stderr().isBlank()
                                ? "cannot write " + path
                                : run.stderr().strip());
            }
            return "wrote " + content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes to " + path;
        }
    }

    private final Workspace workspace;
    private final Timing timing;
    private final Toolbox toolbox;
    private String episodeId = UUID.randomUUID().toString();
    private long steps;
    private boolean solved;

    public TerminalToolEnvironment() {
        this(TerminalEnvironment.defaultOptions());
    }

    public TerminalToolEnvironment(SandboxOptions options) {
        this(options, Timing.MEASURED);
    }

    /** With {@link Timing#OMITTED}, {@code elapsed_ms} is always 0, so transcripts replay exactly. */
    public TerminalToolEnvironment(SandboxOptions options, Timing timing) {
        this.workspace = new Workspace(options);
        this.timing = timing;
        this.toolbox = Toolbox.of(new Tools());
    }

    /** How to serve it. */
    public static EnvSpec<ToolAction, ToolObservation, ToolState> spec() {
        return spec(Timing.MEASURED);
    }

    /** How to serve it, reporting or omitting the commands' elapsed time. */
    public static EnvSpec<ToolAction, ToolObservation, ToolState> spec(Timing timing) {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                        NAME,
                                        "The sandboxed bash terminal as MCP tools: run_command, read_file, write_file; tasks with hidden checks.")
                                .withMeasuredFields(MEASURED_FIELD),
                        ToolAction.class,
                        ToolObservation.class,
                        ToolState.class,
                        () -> new TerminalToolEnvironment(TerminalEnvironment.defaultOptions(), timing))
                .withTasks(TerminalTask.catalogue());
    }

    @Override
    public Step<ToolObservation> reset(ResetRequest request) {
        workspace.reset(request);
        episodeId =
                request.episodeIdIfPresent().orElseGet(() -> UUID.randomUUID().toString());
        steps = 0;
        solved = false;
        return Step.of(new ToolObservation.Ready(), 0.0, false);
    }

    @Override
    public Step<ToolObservation> step(ToolAction action) {
        steps++;
        ToolObservation observation = dispatch(action);
        if (workspace.task() == null) {
            return Step.of(observation, null, steps >= workspace.maxSteps());
        }
        solved = workspace.solved();
        return Step.of(
                observation,
                solved ? TerminalEnvironment.solvedReward(steps) : 0.0,
                solved || steps >= workspace.maxSteps());
    }

    @Override
    public ToolState state() {
        TerminalTask task = workspace.task();
        return new ToolState(episodeId, steps, task == null ? null : task.name(), solved);
    }

    @Override
    public List<Tool> tools() {
        return toolbox.tools();
    }

    @Override
    public ToolResult callTool(String name, Map<String, Object> arguments) throws ToolCallException {
        if (!workspace.started()) {
            // MCP calls before any reset get a free terminal
            workspace.reset(new ResetRequest(null, null, Map.of("task", "none")));
        }
        return toolbox.call(name, arguments);
    }

    @Override
    public void close() {
        workspace.close();
    }
}
