package io.openenv4j.envs.terminal;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.LiveResources;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.BuiltInTasks;
import io.openenv4j.envs.WarmPools;
import io.openenv4j.sandbox.Interpreter;
import io.openenv4j.sandbox.Limits;
import io.openenv4j.sandbox.RunResult;
import io.openenv4j.sandbox.Sandbox;
import io.openenv4j.sandbox.SandboxOptions;
import io.openenv4j.sandbox.Seed;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One episode's terminal: a sandbox seeded from the task, a persistent bash shell in it, and the task's
 * hidden check. Shared by the command-action and the tool flavours of the environment. Not thread-safe.
 */
final class Workspace implements AutoCloseable {

    static final Set<String> OPTIONS = Set.of("task", "files", "max_steps", "split", "index");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_MAX_STEPS = 50;
    static final int FILE_LIMIT = 1024 * 1024;

    /** The pool's name in {@code /metrics}. */
    static final String POOL = "terminal";

    private static final LiveResources SANDBOXES = LiveResources.named("sandbox");

    private final SandboxOptions options;
    private Sandbox sandbox;
    private Interpreter shell;
    private TerminalTask task;
    private int maxSteps = DEFAULT_MAX_STEPS;

    Workspace(SandboxOptions options) {
        this.options = options;
    }

    /** Starts a new episode: a fresh sandbox, seeded from the chosen task or the given files. */
    void reset(ResetRequest request) {
        request.requireKnownOptions("the terminal", OPTIONS);
        long steps = request.longOption("max_steps", DEFAULT_MAX_STEPS);
        if (steps < 1 || steps > 10_000) {
            throw new EnvironmentException("reset option 'max_steps' must be within 1..10000, got " + steps);
        }
        TerminalTask chosen = chooseTask(request);
        Map<String, String> files = new LinkedHashMap<>(chosen == null ? Map.of() : chosen.files());
        files.putAll(filesOption(request));
        close();
        maxSteps = (int) steps;
        task = chosen;
        int pooled = WarmPools.settings().terminal();
        if (pooled == 0) {
            sandbox = Sandbox.create(options, Seed.files(files));
            shell = sandbox.interpreter(Interpreter.Kind.BASH);
            return;
        }
        Warm warm = WarmPools.take(POOL, options, pooled, () -> Warm.make(options), SANDBOXES, Warm::usable);
        try {
            warm.sandbox().seed(Seed.files(files));
        } catch (RuntimeException e) {
            warm.close();
            throw e;
        }
        sandbox = warm.sandbox();
        shell = warm.shell();
    }

    /** A sandbox made ahead of need with its shell started and nothing run yet. */
    record Warm(Sandbox sandbox, Interpreter shell) implements AutoCloseable {

        static Warm make(SandboxOptions options) {
            Sandbox sandbox = Sandbox.create(options, Seed.empty());
            try {
                return new Warm(sandbox, sandbox.interpreter(Interpreter.Kind.BASH));
            } catch (RuntimeException e) {
                sandbox.close();
                throw e;
            }
        }

        boolean usable() {
            return !sandbox.used() && shell.isAlive();
        }

        @Override
        public void close() {
            sandbox.close();
        }
    }

    /** Starts filling the pool of sandboxes for {@code options}, when pools are on. */
    static void warm(SandboxOptions options) {
        WarmPools.pool(
                POOL, options, WarmPools.settings().terminal(), () -> Warm.make(options), SANDBOXES, Warm::usable);
    }

    private static TerminalTask chooseTask(ResetRequest request) {
        // files without a task make a free terminal holding those files
        if (request.option("task", null) == null
                && request.options().containsKey("files")
                && BuiltInTasks.index(request, TerminalTask.builtIn().size(), "task")
                        .isEmpty()) {
            return null;
        }
        return BuiltInTasks.choose(request, TerminalTask.builtIn(), TerminalTask::name);
    }

    private static Map<String, String> filesOption(ResetRequest request) {
        Object value = request.option("files", Map.of());
        if (!(value instanceof Map<?, ?> map)) {
            throw new EnvironmentException("reset option 'files' must be an object of path to text, got " + value);
        }
        var files = new LinkedHashMap<String, String>();
        for (var entry : map.entrySet()) {
            if (!(entry.getValue() instanceof String text)) {
                throw new EnvironmentException(
                        "reset option 'files': the content of '" + entry.getKey() + "' must be text");
            }
            files.put(String.valueOf(entry.getKey()), text);
        }
        return files;
    }

    boolean started() {
        return sandbox != null;
    }

    TerminalTask task() {
        return task;
    }

    int maxSteps() {
        return maxSteps;
    }

    /** Runs one command in the episode's shell. */
    RunResult run(String command, Double timeoutSeconds) {
        requireStarted();
        if (command == null || command.isBlank()) {
            throw new EnvironmentException("'command' must be a non-empty shell command");
        }
        if (command.indexOf('\0') >= 0) {
            throw new EnvironmentException("'command' must not contain NUL characters");
        }
        return shell.execute(command, timeout(timeoutSeconds));
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

    /** A text file of the work folder, read inside the sandbox (so links cannot lead out of it). */
    RunResult readFile(String path) {
        requireStarted();
        return sandbox.run(List.of("cat", "--", checked(path)), "", limits().withOutputBytes(FILE_LIMIT));
    }

    /** Writes a text file in the work folder from inside the sandbox, making its folders as needed. */
    RunResult writeFile(String path, String content) {
        requireStarted();
        return sandbox.run(
                List.of("sh", "-c", "mkdir -p -- \"$(dirname -- \"$1\")\" && cat > \"$1\"", "write", checked(path)),
                content == null ? "" : content,
                limits());
    }

    private static String checked(String path) {
        if (path == null || path.isBlank() || path.indexOf('\0') >= 0) {
            throw new EnvironmentException("'path' must be a non-empty file path");
        }
        return path;
    }

    /** Whether the task's hidden check passes now; false without a task. */
    boolean solved() {
        if (task == null || sandbox == null) {
            return false;
        }
        return sandbox.run(List.of("sh", "-c", task.check()), "", limits()).succeeded();
    }

    private Limits limits() {
        return options.limits().withWallClock(DEFAULT_TIMEOUT);
    }

    private void requireStarted() {
        if (sandbox == null) {
            throw new EnvironmentException("no episode yet: call reset before step");
        }
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
            shell = null;
        }
    }
}
