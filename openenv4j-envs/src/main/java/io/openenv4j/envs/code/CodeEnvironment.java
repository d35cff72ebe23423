package io.openenv4j.envs.code;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.LiveResources;
import io.openenv4j.core.Required;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.BuiltInTasks;
import io.openenv4j.envs.WarmPools;
import io.openenv4j.sandbox.Interpreter;
import io.openenv4j.sandbox.Limits;
import io.openenv4j.sandbox.RunResult;
import io.openenv4j.sandbox.Sandbox;
import io.openenv4j.sandbox.SandboxOptions;
import io.openenv4j.sandbox.Seed;
import io.openenv4j.sandbox.Timing;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Code execution in a sandbox, with programming tasks graded by hidden tests. Python snippets run in one
 * persistent interpreter per episode (variables, imports and functions survive between steps; a final
 * expression's value is shown, as in the interactive interpreter). Java snippets are whole programs run by
 * the server's JDK as single-file source programs ({@code java Main.java}), each step on its own.
 *
 * <p>Reset options: {@code task} (a built-in {@link ProgrammingTask} by name, or {@code "none"}; without
 * it the seed picks one), {@code max_steps} (default 20). An action with {@code submit: true} hands in its
 * Python code as the solution: the task's hidden tests run against it in a fresh process in the sandbox,
 * the reward is the fraction passed and the episode ends. Other steps earn 0 (no reward without a task).
 *
 * <p>Not thread-safe; the server gives each session its own instance. {@link #close()} kills every process
 * of the episode and removes its folder.
 */
public final class CodeEnvironment
        implements Environment<CodeEnvironment.Action, CodeEnvironment.Observation, CodeEnvironment.CodeState> {

    public static final String NAME = "code";

    /** Observation fields that are wall-clock measurements, declared in {@code /metadata}. */
    public static final String MEASURED_FIELD = "elapsed_ms";

    static final Set<String> OPTIONS = Set.of("task", "max_steps", "split", "index");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    /** A JVM reserves far more address space than it uses: Java programs get this much. */
    static final long JAVA_ADDRESS_SPACE = 2L * 1024 * 1024 * 1024;

    static final List<String> JAVA = List.of(
            "java",
            "-Xmx256m",
            "-Xss1m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=64m",
            "-XX:CompressedClassSpaceSize=64m",
            "-XX:MaxMetaspaceSize=128m");

    /** Code to run, or a solution to submit. */
    @Description("A snippet to run, or (with submit) the solution to grade.")
    public record Action(
            @Description(
                    "Source code: Python statements or Java snippets (each language keeps its state between steps),"
                            + " or a whole Java program (a class with main) for java-program")
            @Required
            String code,

            @Description(
                    "python (default), java (a persistent jshell session) or java-program (one-shot java Main.java)")
            String language,

            @Description(
                    "true to hand in this Python code as the task's solution: hidden tests grade it and the episode ends")
            Boolean submit,

            @Description("Seconds the snippet may take, at most 60; default 10")
            Double timeoutS) {

        public static Action python(String code) {
            return new Action(code, null, null, null);
        }

        public static Action submission(String code) {
            return new Action(code, null, true, null);
        }
    }

    /** What the snippet did, or how the submission scored. */
    @Description("The result of the last snippet or submission (or, at reset, the task).")
    public record Observation(
            @Description("The problem and how to act (at reset); null afterwards")
            String prompt,

            @Description("What the snippet wrote to stdout (cut at 64 KiB), including a final expression's value")
            String stdout,

            @Description("What it wrote to stderr, including a traceback when it raised")
            String stderr,

            @Description(
                    "0, or 1 when a Python snippet raised or a Java snippet was rejected or threw; a Java program's exit status; null on timeout")
            Integer exitCode,

            @Description("Whether stdout was cut") boolean stdoutTruncated,
            @Description("Whether stderr was cut") boolean stderrTruncated,
            @Description("Wall-clock milliseconds it took") long elapsedMs,

            @Description(
                    "Whether it hit its timeout (a Python snippet is interrupted, keeping the interpreter's state)")
            boolean timedOut,

            @Description("Whether the interpreter had to be restarted, losing its state")
            boolean restarted,

            @Description("Hidden tests passed by the submission; null before submitting")
            Integer testsPassed,

            @Description("Hidden tests run; null before submitting")
            Integer testsTotal,

            @Description("Why the action was refused, or why grading failed; null otherwise")
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
                    null,
                    null,
                    null);
        }

        static Observation refused(String error) {
            return new Observation(null, "", "", null, false, false, 0, false, false, null, null, error);
        }
    }

    /** The episode. */
    @Description("The code-execution episode.")
    public record CodeState(
            String episodeId,
            long stepCount,

            @Description("The built-in task's name, or null")
            String task,

            @Description("Whether a solution was submitted") boolean submitted,

            @Description("The submission's pass fraction, or null")
            Double score,

            @Description("The step limit of the episode") int maxSteps)
            implements State {}

    private final SandboxOptions options;
    private final Timing timing;
    private Sandbox sandbox;
    private Interpreter python;
    /** The episode's jshell session, started by its first Java step. */
    private Interpreter jshell;

    private ProgrammingTask task;
    private final Episode episode = new Episode();
    private int maxSteps = 20;
    private boolean submitted;
    private Double score;

    public CodeEnvironment() {
        this(defaultOptions(), Timing.MEASURED);
    }

    /** With {@link Timing#OMITTED}, {@code elapsed_ms} is always 0, so transcripts replay exactly. */
    public CodeEnvironment(SandboxOptions options, Timing timing) {
        this.options = options;
        this.timing = timing;
    }

    static SandboxOptions defaultOptions() {
        return SandboxOptions.defaults().withLimits(Limits.defaults().withCpuTime(MAX_TIMEOUT));
    }

    /** The pool's name in {@code /metrics}. */
    static final String POOL = "code";

    private static final LiveResources SANDBOXES = LiveResources.named("sandbox");

    /**
     * A sandbox made ahead of need: its Python interpreter started and, when asked, its Java session started
     * and warmed (in a throwaway session of its JVM); nothing run in it yet.
     */
    record Warm(Sandbox sandbox, Interpreter python, Interpreter jshell) implements AutoCloseable {

        static Warm make(SandboxOptions options, boolean java) {
            Sandbox sandbox = Sandbox.create(options, Seed.empty());
            try {
                Interpreter python = sandbox.interpreter(Interpreter.Kind.PYTHON);
                Interpreter jshell = null;
                if (java) {
                    jshell = sandbox.interpreter(Interpreter.Kind.JAVA, javaLimits(options));
                    if (!jshell.prepare(Duration.ofSeconds(60))) {
                        throw new io.openenv4j.sandbox.SandboxException(
                                "the Java session did not get ready within 60 s");
                    }
                }
                return new Warm(sandbox, python, jshell);
            } catch (RuntimeException e) {
                sandbox.close();
                throw e;
            }
        }

        boolean usable() {
            return !sandbox.used() && python.isAlive() && (jshell == null || jshell.isAlive());
        }

        @Override
        public void close() {
            sandbox.close();
        }
    }

    /** Starts filling the pool of sandboxes the served code environment takes from, when pools are on. */
    public static void warmPool() {
        SandboxOptions options = defaultOptions();
        WarmPools.Settings pools = WarmPools.settings();
        WarmPools.pool(
                POOL,
                List.of(options, pools.java()),
                pools.code(),
                () -> Warm.make(options, pools.java()),
                SANDBOXES,
                Warm::usable);
    }

    static Limits javaLimits(SandboxOptions options) {
        return options.limits().withMemoryBytes(JAVA_ADDRESS_SPACE);
    }

    /** How to serve it. */
    public static EnvSpec<Action, Observation, CodeState> spec() {
        return spec(Timing.MEASURED);
    }

    /** How to serve it, reporting or omitting the snippets' elapsed time. */
    public static EnvSpec<Action, Observation, CodeState> spec(Timing timing) {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                        NAME,
                                        "Sandboxed code execution: a persistent Python interpreter and Java (jshell) session per episode;"
                                                + " programming tasks graded by hidden tests, reward = fraction passed.")
                                .withMeasuredFields(MEASURED_FIELD),
                        Action.class,
                        Observation.class,
                        CodeState.class,
                        () -> new CodeEnvironment(defaultOptions(), timing))
                .withTasks(tasks());
    }

    /** The built-in programming tasks on the task API: name and prompt (the function to write), never the tests. */
    static io.openenv4j.core.TaskCatalogue tasks() {
        List<ProgrammingTask> all = ProgrammingTask.builtIn();
        return BuiltInTasks.of(
                all.size(),
                index -> BuiltInTasks.task(
                        all.get((int) index).name(), index, all.get((int) index).prompt()));
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        request.requireKnownOptions("code", OPTIONS);
        long limit = request.longOption("max_steps", 20);
        if (limit < 1 || limit > 10_000) {
            throw new EnvironmentException("reset option 'max_steps' must be within 1..10000, got " + limit);
        }
        ProgrammingTask chosen = chooseTask(request);
        close();
        if (episode.running()) {
            episode.end("reset failed"); // what a step would see if no new sandbox stands after this reset
        }
        task = chosen;
        maxSteps = (int) limit;
        WarmPools.Settings pools = WarmPools.settings();
        if (pools.code() == 0) {
            sandbox = Sandbox.create(options, Seed.empty());
            python = sandbox.interpreter(Interpreter.Kind.PYTHON);
        } else {
            Warm warm = WarmPools.take(
                    POOL,
                    List.of(options, pools.java()),
                    pools.code(),
                    () -> Warm.make(options, pools.java()),
                    SANDBOXES,
                    Warm::usable);
            sandbox = warm.sandbox();
            python = warm.python();
            jshell = warm.jshell();
        }
        episode.begin(request);
        submitted = false;
        score = null;
        String how =
                "Run Python snippets or Java snippets (language: java, a jshell session); each keeps its state between"
                        + " steps. Whole Java programs run with language: java-program."
                        + " No network. When ready, send your Python solution with submit: true; hidden tests grade it.";
        String prompt = task == null ? how : "Task: " + task.prompt() + "\n" + how;
        return Step.of(
                new Observation(prompt, "", "", null, false, false, 0, false, false, null, null, null), 0.0, false);
    }

    private static ProgrammingTask chooseTask(ResetRequest request) {
        return BuiltInTasks.choose(request, ProgrammingTask.builtIn(), ProgrammingTask::name);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.advance();
        Observation observation = run(action);
        if (submitted) {
            episode.end();
        }
        boolean done = episode.endAfter(maxSteps, null);
        Double reward = task == null ? null : submitted ? score : 0.0;
        return Step.of(observation, reward, done);
    }

    private Observation run(Action action) {
        if (action == null || action.code() == null || action.code().isBlank()) {
            return Observation.refused("'code' must be non-empty source code");
        }
        if (action.code().indexOf('\0') >= 0) {
            return Observation.refused("'code' must not contain NUL characters");
        }
        String language =
                action.language() == null ? "python" : action.language().toLowerCase(Locale.ROOT);
        Duration timeout;
        try {
            timeout = timeout(action.timeoutS());
        } catch (EnvironmentException e) {
            return Observation.refused(e.getMessage());
        }
        if (Boolean.TRUE.equals(action.submit())) {
            if (task == null) {
                return Observation.refused("this episode has no task to submit to");
            }
            if (!language.equals("python")) {
                return Observation.refused("solutions are Python; language must be python to submit");
            }
            Grader.Grade grade = Grader.grade(sandbox, task, action.code(), options.limits());
            submitted = true;
            score = grade.fraction();
            return new Observation(
                    null, "", "", null, false, false, 0, false, false, grade.passed(), grade.total(), grade.note());
        }
        return switch (language) {
            case "python" -> Observation.of(python.execute(action.code(), timeout), timing);
            case "java" -> Observation.of(javaSession().execute(action.code(), timeout), timing);
            case "java-program" -> Observation.of(runJava(action.code(), timeout), timing);
            default ->
                Observation.refused("language must be python, java or java-program, got '" + action.language() + "'");
        };
    }

    /**
     * The jshell session, started on first use (a JVM start costs about a second, so Python-only episodes do
     * not pay it): the JVM's address space as for programs, the episode's limits otherwise.
     */
    private Interpreter javaSession() {
        if (jshell == null) {
            jshell = sandbox.interpreter(Interpreter.Kind.JAVA, javaLimits(options));
        }
        return jshell;
    }

    private RunResult runJava(String source, Duration timeout) {
        Limits limits = options.limits().withWallClock(timeout).withMemoryBytes(JAVA_ADDRESS_SPACE);
        var command = new java.util.ArrayList<>(JAVA);
        command.set(
                0,
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString());
        command.addAll(List.of("/tmp/Main.java"));
        String script = "cat > /tmp/Main.java && exec \"$@\"";
        var shell = new java.util.ArrayList<>(List.of("sh", "-c", script, "java"));
        shell.addAll(command);
        return sandbox.run(shell, source, limits);
    }

    static Duration timeout(Double seconds) {
        if (seconds == null) {
            return DEFAULT_TIMEOUT;
        }
        if (!(seconds > 0) || seconds > MAX_TIMEOUT.toSeconds()) {
            throw new EnvironmentException(
                    "'timeout_s' must be within (0, " + MAX_TIMEOUT.toSeconds() + "], got " + seconds);
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    @Override
    public CodeState state() {
        return new CodeState(
                episode.id(), episode.steps(), task == null ? null : task.name(), submitted, score, maxSteps);
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
            python = null;
            jshell = null;
        }
    }
}
