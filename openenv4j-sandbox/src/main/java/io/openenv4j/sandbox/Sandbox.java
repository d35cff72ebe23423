package io.openenv4j.sandbox;

import io.openenv4j.sandbox.internal.Bubblewrap;
import io.openenv4j.sandbox.internal.Capture;
import io.openenv4j.sandbox.internal.Cgroup;
import io.openenv4j.sandbox.internal.Launcher;
import io.openenv4j.sandbox.internal.Reaper;
import io.openenv4j.sandbox.internal.UidLease;
import io.openenv4j.sandbox.internal.WorkFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A private place to run untrusted commands: Linux namespaces through bubblewrap, one unprivileged uid,
 * one writable work folder ({@code /work} inside), read-only system folders, no network by default, and
 * per-command {@link Limits}. Everything it starts and its folder are gone after {@link #close()}.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.create(SandboxOptions.defaults(), Seed.files(Map.of("a.txt", "hi")))) {
 *     RunResult run = sandbox.run(List.of("cat", "a.txt"), "");
 *     run.stdout(); // "hi"
 * }
 * }</pre>
 *
 * <p>Requirements: Linux, {@code bwrap} (Debian package {@code bubblewrap}), {@code setpriv} and {@code
 * prlimit} (util-linux). Run as root, each sandbox gets its own uid from a high range, which makes the
 * process limit effective (the kernel does not apply it to root); run as another user, sandboxes share that
 * user and its process limit.
 *
 * <p>If a JVM dies without closing its sandboxes, their processes die with it (bubblewrap's {@code
 * --die-with-parent}); their folders are removed by the first sandbox made under the same root afterwards.
 *
 * <p>Thread-safety: {@link #run} may be called from several threads; an {@link Interpreter} serves one
 * caller at a time. {@link #close()} may be called from any thread, any number of times.
 */
public final class Sandbox implements AutoCloseable {

    private static final boolean ROOT = currentUid() == 0;
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private final SandboxOptions options;
    private final UidLease lease;
    private final WorkFolder folder;
    private final Cgroup cgroup;
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private final Set<Interpreter> interpreters = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** Whether anything but an interpreter's start ran in it: then it may no longer be seeded. */
    private volatile boolean used;
    /** Live sandboxes, for the server's {@code /metrics}. */
    private static final io.openenv4j.core.LiveResources LIVE = io.openenv4j.core.LiveResources.named("sandbox");

    private Sandbox(SandboxOptions options, UidLease lease, WorkFolder folder, Cgroup cgroup) {
        this.options = options;
        this.lease = lease;
        this.folder = folder;
        this.cgroup = cgroup;
        LIVE.opened();
    }

    /**
     * Makes a sandbox with its work folder seeded.
     *
     * @throws SandboxException when bubblewrap is missing (the message names the package) or the folder
     *     cannot be made or seeded
     */
    public static Sandbox create(SandboxOptions options, Seed seed) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(seed, "seed");
        Bubblewrap.executable();
        UidLease lease = null;
        try {
            if (SWEPT.add(options.root().toAbsolutePath())) {
                WorkFolder.removeStale(options.root(), options.root().resolve("uids"));
            }
            lease = UidLease.acquire(options.root().resolve("uids"));
            WorkFolder folder = WorkFolder.create(options.root(), lease.uid(), seed, ROOT, options.quota());
            Cgroup cgroup = null;
            if (Cgroup.support().unavailable().isEmpty()) {
                Quota quota = options.quota();
                try {
                    cgroup = Cgroup.create(quota.memoryBytes(), quota.processes(), quota.cpus());
                } catch (IOException e) {
                    folder.delete();
                    throw e;
                }
            }
            return new Sandbox(options, lease, folder, cgroup);
        } catch (IOException e) {
            if (lease != null) {
                lease.close();
            }
            throw new SandboxException(
                    "could not prepare a sandbox under " + options.root() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (lease != null) {
                lease.close();
            }
            throw e;
        }
    }

    /**
     * Seeds the work folder of a sandbox that has run nothing yet (made with {@link Seed#empty()}, at most with
     * interpreters started and no request sent to them): what a pool of sandboxes made ahead of need does once
     * it knows the episode's files. The files belong to the sandbox's user, as with {@link #create}.
     *
     * @throws IllegalStateException when the sandbox has run a program or an interpreter request, or is closed
     * @throws SandboxException when the seed is invalid or does not fit in the quota
     */
    public void seed(Seed seed) {
        Objects.requireNonNull(seed, "seed");
        if (closed) {
            throw new IllegalStateException("the sandbox is closed");
        }
        if (used) {
            throw new IllegalStateException("only a sandbox that has run nothing yet can be seeded");
        }
        try {
            folder.seedLater(seed, lease.uid(), ROOT, options.quota());
        } catch (IOException e) {
            throw new SandboxException("could not seed the sandbox: " + e.getMessage(), e);
        }
    }

    /** Whether a program or an interpreter request has run in this sandbox (starting an interpreter does not count). */
    public boolean used() {
        return used;
    }

    void markUsed() {
        used = true;
    }

    /** Whether sandboxes can be made here: bubblewrap is installed. */
    public static Optional<String> unavailableReason() {
        try {
            Bubblewrap.executable();
            return Optional.empty();
        } catch (SandboxException e) {
            return Optional.of(e.getMessage());
        }
    }

    public SandboxOptions options() {
        return options;
    }

    /** The host folder seen as {@code /work} inside. */
    public Path workFolder() {
        return folder.work();
    }

    /**
     * Whether the {@link Quota} on the writable folders is enforced by the kernel: true when the server runs as
     * root and may mount file systems; otherwise only {@link Limits#fileBytes()} bounds each file.
     */
    public boolean quotaEnforced() {
        return folder.quotaEnforced();
    }

    /**
     * Why this JVM cannot bound its sandboxes' memory, processes and CPU together with a control group (then
     * only the per-process {@link Limits} apply); empty when it can.
     */
    public static Optional<String> cgroupUnavailableReason() {
        return Cgroup.support().unavailable();
    }

    /** Whether this sandbox's memory, processes and CPU are bounded by its own control group ({@link Quota}). */
    public boolean cgroupEnforced() {
        return cgroup != null;
    }

    /** How many times the kernel killed one of this sandbox's processes for using more than its {@link Quota#memoryBytes()}. */
    public long memoryKills() {
        return cgroup == null ? 0 : cgroup.oomKills();
    }

    /** The sandbox's control group, when it has one. */
    Optional<Cgroup> cgroup() {
        return Optional.ofNullable(cgroup);
    }

    /** The uid sandboxed processes run as (on the host). */
    public int uid() {
        return ROOT ? lease.uid() : currentUid();
    }

    /** Runs a program to its end under the default limits; {@code stdin} is its whole input. */
    public RunResult run(List<String> program, String stdin) {
        return run(program, stdin, options.limits());
    }

    /**
     * Runs a program to its end, or until the wall clock runs out (then all its processes are killed).
     *
     * @throws SandboxException when the program cannot be started at all
     */
    public RunResult run(List<String> program, String stdin, Limits limits) {
        Objects.requireNonNull(stdin, "stdin");
        used = true;
        long start = System.nanoTime();
        Process process = spawn(program, limits);
        try {
            Capture out = Capture.of(process.getInputStream(), limits.outputBytes());
            Capture err = Capture.of(process.getErrorStream(), limits.outputBytes());
            Thread.ofVirtual().name("sandbox-stdin").start(() -> feed(process.getOutputStream(), stdin));
            boolean finished = process.waitFor(limits.wallClock().toNanos(), TimeUnit.NANOSECONDS);
            if (!finished) {
                Reaper.killTree(process.toHandle());
            }
            out.await(2000);
            err.await(2000);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new RunResult(
                    RunResult.decode(out.bytes()),
                    RunResult.decode(err.bytes()),
                    out.truncated(),
                    err.truncated(),
                    finished ? process.exitValue() : -1,
                    elapsed,
                    !finished,
                    false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while running " + program, e);
        } finally {
            Reaper.killTree(process.toHandle());
            processes.remove(process);
        }
    }

    /** Starts an interpreter under the default limits; it is closed with the sandbox at the latest. */
    public Interpreter interpreter(Interpreter.Kind kind) {
        return interpreter(kind, options.limits());
    }

    /** Starts an interpreter whose processes get {@code limits}; it is closed with the sandbox at the latest. */
    public Interpreter interpreter(Interpreter.Kind kind, Limits limits) {
        var interpreter = new Interpreter(this, kind, limits);
        interpreters.add(interpreter);
        if (closed) {
            interpreter.close();
            throw new SandboxException("the sandbox is closed");
        }
        return interpreter;
    }

    Process spawn(List<String> program, Limits limits) {
        return spawn(program, limits, List.of());
    }

    /** Starts {@code program} with {@code extraReadOnly} host folders visible read-only at the same path. */
    Process spawn(List<String> program, Limits limits, List<Path> extraReadOnly) {
        if (closed) {
            throw new SandboxException("the sandbox is closed");
        }
        if (program.isEmpty()) {
            throw new IllegalArgumentException("program must not be empty");
        }
        var readOnly = new java.util.ArrayList<>(options.readOnly());
        readOnly.addAll(extraReadOnly);
        List<String> line = Bubblewrap.commandLine(
                folder,
                ROOT ? lease.uid() : -1,
                limits,
                options.network(),
                readOnly,
                options.quota(),
                cgroup == null ? List.of() : cgroup.procsFiles(),
                program);
        try {
            Process process = Launcher.start(
                    new ProcessBuilder(line).directory(folder.episode().toFile()));
            processes.add(process);
            if (closed) {
                Reaper.killTree(process.toHandle());
                throw new SandboxException("the sandbox is closed");
            }
            return process;
        } catch (IOException e) {
            throw new SandboxException("could not start the sandbox (" + line.get(0) + "): " + e.getMessage(), e);
        }
    }

    /**
     * The host pid of the sandboxed program (bubblewrap's child, pid 1 of the sandbox's namespace), waited
     * for up to a few seconds after the start; {@code -1} if it never appeared.
     */
    long sandboxedPid(Process process) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && process.isAlive()) {
            Optional<ProcessHandle> main = process.toHandle().children().findFirst();
            if (main.isPresent()) {
                return main.get().pid();
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return -1;
    }

    void forget(Process process) {
        processes.remove(process);
    }

    void forget(Interpreter interpreter) {
        interpreters.remove(interpreter);
    }

    private static void feed(OutputStream stdin, String text) {
        try (stdin) {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the program exited without reading all of its input
        }
    }

    /** Kills every process of the sandbox, removes its folder and frees its uid. Idempotent. */
    @Override
    public void close() {
        boolean wasOpen = !closed;
        closed = true;
        if (wasOpen) {
            LIVE.closed();
        }
        for (Interpreter interpreter : new ArrayList<>(interpreters)) {
            interpreter.close();
        }
        for (Process process : new ArrayList<>(processes)) {
            Reaper.killTree(process.toHandle());
            processes.remove(process);
        }
        try {
            folder.delete();
        } finally {
            try {
                if (cgroup != null) {
                    cgroup.delete();
                }
            } finally {
                lease.close();
            }
        }
    }

    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
