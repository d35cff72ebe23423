package io.openenv4j.envs.browser;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.sandbox.Quota;
import io.openenv4j.sandbox.SandboxOptions;
import io.openenv4j.sandbox.internal.Cgroup;
import io.openenv4j.sandbox.internal.UidLease;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * One headless Chromium process (Debian's package) with its own fresh user-data directory, and the DevTools
 * connection to it. {@link #acquire()} hands out the process shared by every environment of this JVM,
 * starting it on first use, or, with {@link Isolation#PROCESS}, a browser of the caller's own; {@link
 * #release(Chromium)} stops a shared one (and deletes its directory) shortly after the last holder lets go,
 * and an own one at once, so nothing outlives the environments that used it. A JVM shutdown hook stops them
 * as well.
 *
 * <p>Run as root, a browser runs as an unprivileged uid of its own (leased like a sandbox's) with Chromium's
 * own sandbox on; as another user, as that user with the sandbox on. {@code OPENENV4J_CHROMIUM_NO_SANDBOX=1}
 * turns Chromium's sandbox off where the kernel refuses it user namespaces. Where the JVM may make control
 * groups, each browser is in one of its own bounding its memory, processes and CPU ({@link #memoryBytes()}).
 *
 * <p>Thread-safe.
 */
final class Chromium implements AutoCloseable {

    /** Where Debian installs it; {@code OPENENV4J_CHROMIUM} names another binary. */
    static final String DEFAULT_BINARY = "/usr/bin/chromium";

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Processes and threads one browser may run (a page's renderer alone runs about twenty threads). */
    static final int PROCESSES = 512;
    /** CPUs' worth of time a browser of one environment's own may use. */
    static final double CPUS = 1.0;
    /** The shared browser serves every episode: it may use every CPU (its memory and processes stay bounded). */
    static final double SHARED_CPUS = Runtime.getRuntime().availableProcessors();

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    /** How long an unused shared browser stays up for the next environment. */
    static final Duration LINGER = Duration.ofSeconds(2);
    /** User-data directories are {@code <tmp>/openenv4j-chromium-<JVM pid>-<random>}. */
    static final String DIR_PREFIX = "openenv4j-chromium-";
    /** Set in the browser's environment to {@code <JVM pid>:<user-data dir>}: how its processes are found. */
    static final String OWNER_VARIABLE = "OPENENV4J_CHROMIUM_OWNER";

    /** Uid leases of browsers run as root: the default sandboxes' leases, so the two never share a uid. */
    static final Path UID_LEASES = SandboxOptions.defaults().root().resolve("uids");

    /** How episodes share browsers. */
    enum Isolation {
        /** One browser for all episodes of the JVM, a browser context (cookies, storage, cache) per episode. */
        CONTEXT,
        /** A browser process per environment instance: its own processes, memory, CPU share and failures. */
        PROCESS;

        /** {@code OPENENV4J_BROWSER_ISOLATION} or the system property {@code openenv4j.browser.isolation}. */
        static Isolation configured() {
            String value =
                    System.getProperty("openenv4j.browser.isolation", System.getenv("OPENENV4J_BROWSER_ISOLATION"));
            if (value == null || value.isBlank()) {
                return CONTEXT;
            }
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "context" -> CONTEXT;
                case "process" -> PROCESS;
                default ->
                    throw new EnvironmentException(
                            "OPENENV4J_BROWSER_ISOLATION must be 'context' or 'process', got '" + value + "'");
            };
        }
    }

    private static final ReentrantLock SHARED_LOCK = new ReentrantLock();
    private static Chromium shared;
    private static int holders;

    private static final io.openenv4j.core.LiveResources LIVE = io.openenv4j.core.LiveResources.named("browser");
    private final Process process;
    private final Path userDataDir;
    private final Cdp cdp;
    private final Thread shutdownHook;
    private final UidLease lease;
    private final Cgroup cgroup;
    private volatile boolean sharedInstance;

    private Chromium(Process process, Path userDataDir, Cdp cdp, UidLease lease, Cgroup cgroup) {
        this.process = process;
        this.userDataDir = userDataDir;
        this.cdp = cdp;
        this.lease = lease;
        this.cgroup = cgroup;
        this.shutdownHook = new Thread(this::stop, "chromium-shutdown");
        // Counted until the process is gone, however it ends, for the server's /metrics.
        LIVE.opened();
        process.onExit().thenRun(LIVE::closed);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * A browser for one environment instance, per {@link Isolation#configured()}: the shared one, started (or
     * restarted, if it died) as needed, or one of its own; pair with {@link #release(Chromium)}.
     */
    static Chromium acquire() {
        return acquire(Isolation.configured());
    }

    /** A browser per {@code isolation}; pair with {@link #release(Chromium)}. */
    static Chromium acquire(Isolation isolation) {
        if (isolation == Isolation.PROCESS) {
            return launch();
        }
        SHARED_LOCK.lock();
        try {
            if (shared != null && !shared.isAlive()) {
                shared.close();
                shared = null;
            }
            if (shared == null) {
                shared = launch(binary(), SHARED_CPUS);
                shared.sharedInstance = true;
            }
            holders++;
            return shared;
        } finally {
            SHARED_LOCK.unlock();
        }
    }

    /**
     * Lets go of a browser: one of the caller's own ({@link Isolation#PROCESS}) stops at once; the shared one
     * is counted down. When the last holder lets go, the browser stops after {@link #LINGER}
     * unless someone acquires it meanwhile: stateless HTTP resets, each on a fresh instance, then reuse one
     * browser instead of starting one per request (about 0.2-2 s each on this kind of machine).
     */
    static void release(Chromium browser) {
        if (!browser.sharedInstance) {
            browser.close();
            return;
        }
        SHARED_LOCK.lock();
        try {
            if (holders > 0 && --holders == 0 && shared != null) {
                Chromium idle = shared;
                Thread.ofVirtual().name("chromium-linger").start(() -> stopIfStillIdle(idle));
            }
        } finally {
            SHARED_LOCK.unlock();
        }
    }

    private static void stopIfStillIdle(Chromium idle) {
        try {
            Thread.sleep(LINGER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SHARED_LOCK.lock();
        try {
            if (holders == 0 && shared == idle) {
                shared.close();
                shared = null;
            }
        } finally {
            SHARED_LOCK.unlock();
        }
    }

    /** The binary to run: {@code OPENENV4J_CHROMIUM} or {@value #DEFAULT_BINARY}. */
    static Path binary() {
        String configured = System.getenv("OPENENV4J_CHROMIUM");
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_BINARY : configured);
    }

    /**
     * Starts a new browser with a fresh user-data directory and connects to it.
     *
     * @throws EnvironmentException when Chromium is not installed or does not start
     */
    static Chromium launch() {
        return launch(binary());
    }

    /** Starts {@code binary} as {@link #launch()} does. */
    static Chromium launch(Path binary) {
        return launch(binary, CPUS);
    }

    /** Starts {@code binary} in a control group (where one can be made) allowing {@code cpus} CPUs. */
    static Chromium launch(Path binary, double cpus) {
        if (!Files.isExecutable(binary)) {
            throw new EnvironmentException("Chromium is not installed: " + binary + " is missing. Install Debian's "
                    + "package 'chromium' (apt-get install -y chromium; openenv4j-envs/scripts/chromium.sh does it) "
                    + "or set OPENENV4J_CHROMIUM to a Chromium binary");
        }
        Path dir;
        UidLease lease = null;
        Cgroup cgroup = null;
        try {
            dir = Files.createTempDirectory(DIR_PREFIX + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new EnvironmentException("cannot create a user-data directory for Chromium: " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>();
        try {
            Files.createDirectory(dir.resolve("tmp"));
            if (ROOT) {
                // the browser gets a uid of its own; its folders are that uid's alone
                lease = UidLease.acquire(UID_LEASES);
                for (Path path : List.of(dir, dir.resolve("tmp"))) {
                    Files.setAttribute(path, "unix:uid", lease.uid());
                    Files.setAttribute(path, "unix:gid", lease.uid());
                }
                command.addAll(List.of(
                        "setpriv",
                        "--reuid=" + lease.uid(),
                        "--regid=" + lease.uid(),
                        "--clear-groups",
                        "--inh-caps=-all"));
            }
            if (Cgroup.support().unavailable().isEmpty()) {
                cgroup = Cgroup.create(memoryBytes(), PROCESSES, cpus);
            }
        } catch (IOException e) {
            cleanUp(null, dir, lease, cgroup);
            throw new EnvironmentException(
                    "cannot prepare Chromium's user, folders or control group: " + e.getMessage(), e);
        }
        command.addAll(List.of(
                binary.toString(),
                "--headless",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--no-default-browser-check",
                "--mute-audio",
                "--hide-scrollbars",
                "--window-size=1024,768",
                "--remote-debugging-port=0",
                "--user-data-dir=" + dir,
                "about:blank"));
        if ("1".equals(System.getenv("OPENENV4J_CHROMIUM_NO_SANDBOX"))) {
            command.add(1, "--no-sandbox");
        }
        if (cgroup != null) {
            command = cgroup.joining(command);
        }
        Process process;
        try {
            var builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            // Marks the browser's processes, including the crash handlers that leave the process tree.
            builder.environment().put(OWNER_VARIABLE, ownerTag(dir));
            builder.environment().put("HOME", dir.toString());
            builder.environment().put("TMPDIR", dir.resolve("tmp").toString());
            process = builder.start();
        } catch (IOException e) {
            cleanUp(null, dir, lease, cgroup);
            throw new EnvironmentException("cannot start Chromium (" + binary + "): " + e.getMessage(), e);
        }
        try {
            URI endpoint = awaitEndpoint(process, dir);
            return new Chromium(process, dir, Cdp.connect(endpoint, TIMEOUT), lease, cgroup);
        } catch (RuntimeException e) {
            cleanUp(process, dir, lease, cgroup);
            throw e;
        }
    }

    /** Memory of one browser's control group: {@code OPENENV4J_BROWSER_MEMORY} (such as {@code 2g}), 1 GiB by default. */
    static long memoryBytes() {
        String value = System.getenv("OPENENV4J_BROWSER_MEMORY");
        return value == null || value.isBlank() ? 1024L * 1024 * 1024 : Quota.parseSize(value);
    }

    private static void cleanUp(Process process, Path dir, UidLease lease, Cgroup cgroup) {
        if (process != null) {
            kill(process);
        }
        killTagged(ownerTag(dir));
        deleteTree(dir);
        if (cgroup != null) {
            cgroup.delete();
        }
        if (lease != null) {
            lease.close();
        }
    }

    private static URI awaitEndpoint(Process process, Path dir) {
        Path portFile = dir.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new EnvironmentException("Chromium exited at start with status " + process.exitValue());
            }
            try {
                if (Files.exists(portFile)) {
                    List<String> lines = Files.readAllLines(portFile);
                    if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                        return URI.create("ws://127.0.0.1:" + lines.get(0).trim()
                                + lines.get(1).trim());
                    }
                }
                Thread.sleep(10);
            } catch (IOException e) {
                // the file is being written; read it again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EnvironmentException("interrupted while Chromium was starting", e);
            }
        }
        throw new EnvironmentException("Chromium did not open its DevTools port within " + TIMEOUT.toSeconds() + " s");
    }

    Cdp cdp() {
        return cdp;
    }

    long pid() {
        return process.pid();
    }

    Path userDataDir() {
        return userDataDir;
    }

    boolean isAlive() {
        return process.isAlive() && cdp.isOpen();
    }

    /** Stops the browser and every process it started, and deletes its user-data directory. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs stop() anyway
        }
    }

    /** The uid the browser runs as. */
    Optional<Integer> uid() {
        return Optional.ofNullable(lease).map(UidLease::uid);
    }

    /** The browser's control group, when it has one. */
    Optional<Cgroup> cgroup() {
        return Optional.ofNullable(cgroup);
    }

    private void stop() {
        cdp.close();
        cleanUp(process, userDataDir, lease, cgroup);
    }

    static String ownerTag(Path dir) {
        return ProcessHandle.current().pid() + ":" + dir;
    }

    /**
     * Kills what is left carrying {@code tag} in its environment: Chromium's crash handlers detach from the
     * process tree (their parent becomes init), so {@link Process#descendants()} cannot see them. They
     * normally leave with the browser; this makes sure.
     */
    private static void killTagged(String tag) {
        for (ProcessHandle handle : tagged(tag)) {
            handle.destroyForcibly();
        }
    }

    /** Live processes whose environment has {@code OPENENV4J_CHROMIUM_OWNER=<tag>} (from /proc; Linux). */
    static List<ProcessHandle> tagged(String tag) {
        byte[] needle = (OWNER_VARIABLE + "=" + tag).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var found = new ArrayList<ProcessHandle>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)
                        && contains(readQuietly(entry.resolve("environ")), needle)) {
                    ProcessHandle.of(Long.parseLong(name))
                            .filter(ProcessHandle::isAlive)
                            .ifPresent(found::add);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // no /proc: nothing more can be found
        }
        return found;
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    /** Whether the NUL-separated {@code environ} holds exactly the entry {@code needle}. */
    private static boolean contains(byte[] environ, byte[] needle) {
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == needle.length
                        && java.util.Arrays.equals(environ, start, i, needle, 0, needle.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported as a leak by whoever counts processes; nothing more to do here
            }
        }
    }

    private static void deleteTree(Path dir) {
        // Chromium may still be flushing files while it exits: retry a few times.
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // retry below
            }
            if (Files.exists(dir)) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
