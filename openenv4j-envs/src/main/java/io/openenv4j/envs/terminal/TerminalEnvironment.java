package io.openenv4j.envs.terminal;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.Required;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.sandbox.Limits;
import io.openenv4j.sandbox.RunResult;
import io.openenv4j.sandbox.SandboxOptions;
import io.openenv4j.sandbox.Timing;

/**
 * A bash terminal in a sandbox: each action is a shell command, run in one persistent shell per episode
 * (the working directory, variables and functions survive between steps), inside a private work folder
 * seeded from a task; the network is off and every command is limited in time, CPU, memory, processes,
 * file size and output (see {@code docs/envs/terminal.md}).
 *
 * <p>Reset options: {@code task} (a built-in {@link TerminalTask} by name, or {@code "none"}; without it the
 * seed picks one, unless {@code files} is given), {@code files} (extra files, path to text), {@code
 * max_steps} (default 50). Reward: on the step after which the task's hidden check passes (the episode
 * then ends) 1 less 0.02 per command beyond the first (at least 0.5), else 0; without a task there is no
 * reward and the episode ends at {@code max_steps}.
 *
 * <p>A command that times out has its processes killed; the shell lives on, unless it was itself stuck
 * (a loop of builtins), in which case it restarts with fresh state and the observation says so.
 *
 * <p>Not thread-safe; the server gives each session its own instance. {@link #close()} kills every process
 * of the episode and removes its folder.
 */
public final class TerminalEnvironment
        implements Environment<
                TerminalEnvironment.Action, TerminalEnvironment.Observation, TerminalEnvironment.TerminalState> {

    public static final String NAME = "terminal";

    /** Observation fields that are wall-clock measurements, declared in {@code /metadata}. */
    public static final String MEASURED_FIELD = "elapsed_ms";

    /** One shell command. */
    @Description("One shell command for the episode's bash shell.")
    public record Action(
            @Description("The command line, run by bash in /work; e.g. ls -la && cat notes.txt") @Required
            String command,

            @Description("Seconds the command may take, at most 60; default 10")
            Double timeoutS) {

        public Action(String command) {
            this(command, null);
        }
    }

    /** What the command did. */
    @Description("The result of the last command (or, at reset, the task).")
    public record Observation(
            @Description("The task's goal and how to act (at reset); null afterwards")
            String prompt,

            @Description("What the command wrote to stdout, cut at 64 KiB")
            String stdout,

            @Description("What the command wrote to stderr, cut at 64 KiB")
            String stderr,

            @Description("The command's exit status; null at reset or when it timed out")
            Integer exitCode,

            @Description("Whether stdout was cut") boolean stdoutTruncated,
            @Description("Whether stderr was cut") boolean stderrTruncated,

            @Description("Wall-clock milliseconds the command took")
            long elapsedMs,

            @Description("Whether the command hit its timeout and was killed")
            boolean timedOut,

            @Description(
                    "Whether the shell had to be restarted (it was stuck or exited): directory and variables are reset")
            boolean shellRestarted,

            @Description("Why the action was refused; null when it ran")
            String error) {

        static Observation of(RunResult run, Timing timing) {
            return new Observation(
                    null,
                    run.stdout(),
                    run.stderr(),
                    run.timedOut() || run.exitCode() < 0 ? null : run.exitCode(),
                    run.stdoutTruncated(),
                    run.stderrTruncated(),
                    timing.report(run.elapsed().toMillis()),
                    run.timedOut(),
                    run.restarted(),
                    null);
        }
    }

    /** The episode. */
    @Description("The terminal episode.")
    public record TerminalState(
            String episodeId,
            long stepCount,

            @Description("The built-in task's name, or null for a free terminal")
            String task,

            @Description("Whether the task's check has passed")
            boolean solved,

            @Description("The step limit of the episode") int maxSteps)
            implements State {}

    private final Workspace workspace;
    private final Timing timing;
    private final Episode episode = new Episode();
    private boolean solved;

    public TerminalEnvironment() {
        this(defaultOptions());
    }

    public TerminalEnvironment(SandboxOptions options) {
        this(options, Timing.MEASURED);
    }

    /** With {@link Timing#OMITTED}, {@code elapsed_ms} is always 0, so transcripts replay exactly. */
    public TerminalEnvironment(SandboxOptions options, Timing timing) {
        this.workspace = new Workspace(options);
        this.timing = timing;
    }

    /** Sandboxes with the defaults, CPU time per process raised to the longest command timeout. */
    static SandboxOptions defaultOptions() {
        return SandboxOptions.defaults().withLimits(Limits.defaults().withCpuTime(Workspace.MAX_TIMEOUT));
    }

    /** Starts filling the pool of sandboxes the served terminal takes from, when pools are on ({@link io.openenv4j.envs.WarmPools}). */
    public static void warmPool() {
        Workspace.warm(defaultOptions());
    }

    /** How to serve it. */
    public static EnvSpec<Action, Observation, TerminalState> spec() {
        return spec(Timing.MEASURED);
    }

    /** How to serve it, reporting or omitting the commands' elapsed time. */
    public static EnvSpec<Action, Observation, TerminalState> spec(Timing timing) {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                        NAME,
                                        "A sandboxed bash terminal (bubblewrap, no network, per-command limits) with a persistent shell;"
                                                + " tasks with hidden checks, reward 1 when solved.")
                                .withMeasuredFields(MEASURED_FIELD),
                        Action.class,
                        Observation.class,
                        TerminalState.class,
                        () -> new TerminalEnvironment(defaultOptions(), timing))
                .withTasks(TerminalTask.catalogue());
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        try {
            workspace.reset(request);
        } catch (RuntimeException e) {
            if (!workspace.started() && episode.running()) {
                episode.end("reset failed"); // the old sandbox is gone and no new one stands
            }
            throw e;
        }
        episode.begin(request);
        solved = false;
        return Step.of(
                new Observation(prompt(workspace.task()), "", "", null, false, false, 0, false, false, null),
                0.0,
                false);
    }

    /** The reward for solving at step {@code steps}: 1, less 0.02 per command beyond the first, at least 0.5. */
    static double solvedReward(long steps) {
        return Math.max(0.5, 1.0 - 0.02 * (steps - 1));
    }

    static String prompt(TerminalTask task) {
        String how = "You are in a bash shell in /work (no network). Send one shell command per step;"
                + " the directory and variables persist between commands.";
        return task == null ? how : "Task: " + task.goal() + "\n" + how;
    }

    @Override
    public Step<Observation> step(Action action) {
        long steps = episode.advance();
        Observation observation;
        try {
            observation = Observation.of(
                    workspace.run(action == null ? null : action.command(), action == null ? null : action.timeoutS()),
                    timing);
        } catch (EnvironmentException e) {
            observation = new Observation(null, "", "", null, false, false, 0, false, false, e.getMessage());
        }
        solved = workspace.solved();
        if (solved) {
            episode.end();
        }
        boolean done = episode.endAfter(workspace.maxSteps(), null);
        return Step.of(observation, workspace.task() == null ? null : solved ? solvedReward(steps) : 0.0, done);
    }

    @Override
    public Step<Observation> step(Action action, io.openenv4j.core.StepOptions options) {
        return step(
                options.timeoutIfPresent().isPresent() && action != null && action.timeoutS() == null
                        ? new Action(
                                action.command(),
                                Math.min(
                                        Workspace.MAX_TIMEOUT.toSeconds(),
                                        options.timeout().toMillis() / 1000.0))
                        : action);
    }

    @Override
    public TerminalState state() {
        TerminalTask task = workspace.task();
        return new TerminalState(
                episode.id(), episode.steps(), task == null ? null : task.name(), solved, workspace.maxSteps());
    }

    @Override
    public void close() {
        workspace.close();
    }
}
