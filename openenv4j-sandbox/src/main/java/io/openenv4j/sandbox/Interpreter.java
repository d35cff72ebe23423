package io.openenv4j.sandbox;

import io.openenv4j.sandbox.internal.FramedStream;
import io.openenv4j.sandbox.internal.JShellClasses;
import io.openenv4j.sandbox.internal.JShellDriver;
import io.openenv4j.sandbox.internal.Reaper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A long-lived interpreter inside a {@link Sandbox} whose state survives between requests: a bash shell
 * (working directory, variables, functions), a Python interpreter (variables, imports) or a Java
 * {@code jshell} session (variables, methods, classes, imports).
 *
 * <p>Each request ends when the interpreter reports it done, or when its timeout passes. Processes a
 * request leaves running in the background are killed when it ends, so nothing runs between requests.
 * On a timeout the request's processes are killed (and a Python or Java snippet is interrupted with
 * SIGINT: {@code KeyboardInterrupt}, {@code JShell.stop()}); if
 * the interpreter itself is still busy after that, or if it exited, it is restarted with fresh state and
 * the {@link RunResult} says so ({@link RunResult#restarted()}).
 *
 * <p>Between requests a Python or Java interpreter is stopped ({@code SIGSTOP}) with all its threads, and
 * continued ({@code SIGCONT}) when the next request comes: a thread a snippet started keeps its state but
 * runs only while a request runs, so it cannot work (or use CPU) between steps.
 *
 * <p>Not thread-safe: one caller at a time, as the server drives one environment.
 */
public final class Interpreter implements AutoCloseable {

    /** The interpreters on offer. */
    public enum Kind {
        /** {@code bash}, commands run by {@code eval} in one shell. */
        BASH,
        /** {@code python3}, snippets run by {@code exec} in one namespace; a final expression is shown. */
        PYTHON,
        /**
         * A {@code jshell} session (the {@code jdk.jshell} API, local execution) on the JDK the server runs on:
         * variables, methods, classes and imports persist; a bare expression's value is shown. Give it an
         * address space of 2 GiB or more ({@link Limits#withMemoryBytes}): the JVM reserves much more than
         * its 256 MiB heap.
         */
        JAVA
    }

    /** The JVM options of a {@link Kind#JAVA} session: a small heap and one compiler tier, for a fast start. */
    public static final List<String> JAVA_OPTIONS = List.of(
            "-Xmx256m",
            "-Xss1m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=64m",
            "-XX:CompressedClassSpaceSize=64m",
            "-XX:MaxMetaspaceSize=128m",
            "-Xshare:auto");

    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final String BASH_DRIVER = resource("driver.sh");
    private static final String PYTHON_DRIVER = resource("driver.py");

    private final Sandbox sandbox;
    private final Kind kind;
    private final Limits limits;
    private Process process;
    private Set<Long> spare = Set.of();
    private long main = -1;
    private FramedStream out;
    private FramedStream err;
    private OutputStream in;
    private boolean stopped;

    Interpreter(Sandbox sandbox, Kind kind, Limits limits) {
        this.sandbox = sandbox;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.limits = Objects.requireNonNull(limits, "limits");
        start();
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the interpreter's process is running (a request to a dead one restarts it, with fresh state). */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Runs one request with the limits' wall clock as timeout. */
    public RunResult execute(String code) {
        return execute(code, limits.wallClock());
    }

    /**
     * Runs one request.
     *
     * @throws IllegalArgumentException when the code contains a NUL character
     * @throws SandboxException when the interpreter cannot be (re)started
     */
    public RunResult execute(String code, Duration timeout) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(timeout, "timeout");
        if (code.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("code must not contain NUL characters");
        }
        sandbox.markUsed();
        boolean restarted = false;
        if (!process.isAlive()) {
            restart();
            restarted = true;
        }
        resume();
        String nonce = "__openenv4j_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        out.expect(nonce);
        err.expect(nonce);
        long start = System.nanoTime();
        try {
            in.write(request(nonce, code));
            in.flush();
        } catch (IOException e) {
            // the interpreter died just now; the streams report the end below
        }
        try {
            long deadline = start + timeout.toNanos();
            FramedStream.Segment stdout = out.next(Duration.ofNanos(deadline - System.nanoTime()));
            FramedStream.Segment stderr = stdout == null
                    ? null
                    : err.next(Duration.ofNanos(Math.max(deadline - System.nanoTime(), GRACE.toNanos())));
            boolean timedOut = stdout == null || stderr == null;
            if (timedOut) {
                Reaper.killDescendants(process.toHandle(), spare);
                interrupt();
                if (stdout == null) {
                    stdout = out.next(GRACE);
                }
                if (stderr == null && stdout != null) {
                    stderr = err.next(GRACE);
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            boolean finished = stdout != null && stderr != null && stdout.status() != null && stderr.status() != null;
            int exitCode = -1;
            if (finished) {
                Reaper.killDescendants(process.toHandle(), spare);
                exitCode = status(stdout.status());
            } else {
                if (stdout != null && stdout.status() == null) {
                    exitCode = exitValue();
                }
                restart();
                restarted = true;
            }
            pause();
            return new RunResult(
                    text(stdout),
                    text(stderr),
                    stdout != null && stdout.truncated(),
                    stderr != null && stderr.truncated(),
                    timedOut ? -1 : exitCode,
                    elapsed,
                    timedOut,
                    restarted);
        } catch (InterruptedException e) {
            // Stopped, not restarted: the caller gave up (its client went away, or its step timed out). Starting a
            // new interpreter here raced the sandbox's close and could leave the new one behind; the next request
            // starts one (see the liveness check above). Stopped before the interrupt is set again, so that the
            // stop can wait for the processes to exit.
            stop();
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for the interpreter", e);
        }
    }

    /**
     * Readies the interpreter for a fast first request without changing what a request can see: a Java session
     * analyses, compiles and runs a few declarations and drops them again (the first snippet of a fresh session
     * otherwise waits for the compiler to load); the others need nothing. For interpreters made ahead of need.
     *
     * @return whether the interpreter is ready (false: it did not answer within {@code timeout}; it was stopped,
     *     and the next request starts a new one)
     */
    public boolean prepare(Duration timeout) {
        if (kind != Kind.JAVA || !process.isAlive()) {
            return process.isAlive();
        }
        resume();
        String nonce = "__openenv4j_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        out.expect(nonce);
        err.expect(nonce);
        try {
            in.write((nonce + " -1\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            FramedStream.Segment stdout = out.next(timeout);
            FramedStream.Segment stderr = stdout == null
                    ? null
                    : err.next(Duration.ofNanos(Math.max(deadline - System.nanoTime(), GRACE.toNanos())));
            if (stdout == null || stderr == null || stdout.status() == null) {
                stop();
                return false;
            }
            pause();
            return true;
        } catch (IOException e) {
            stop();
            return false;
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private byte[] request(String nonce, String code) {
        return switch (kind) {
            case BASH -> (nonce + '\0' + code + '\0').getBytes(StandardCharsets.UTF_8);
            case PYTHON, JAVA -> {
                byte[] source = code.getBytes(StandardCharsets.UTF_8);
                byte[] header = (nonce + " " + source.length + "\n").getBytes(StandardCharsets.US_ASCII);
                byte[] all = new byte[header.length + source.length];
                System.arraycopy(header, 0, all, 0, header.length);
                System.arraycopy(source, 0, all, header.length, source.length);
                yield all;
            }
        };
    }

    /** Stops a Python or Java interpreter and all its threads until {@link #resume()}. */
    private void pause() {
        if ((kind == Kind.PYTHON || kind == Kind.JAVA) && main > 0 && signal("STOP", main)) {
            stopped = true;
        }
    }

    private void resume() {
        if (stopped) {
            signal("CONT", main);
            stopped = false;
        }
    }

    /** Sends {@code SIGname} to a host process; whether it was sent. */
    private static boolean signal(String name, long pid) {
        try {
            return new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void interrupt() {
        if ((kind == Kind.PYTHON || kind == Kind.JAVA) && main > 0) {
            // without a kill program the interpreter is restarted instead
            signal("INT", main);
        }
    }

    private int exitValue() {
        try {
            process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS);
            return process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int status(String status) {
        try {
            return Integer.parseInt(status.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String text(FramedStream.Segment segment) {
        return segment == null ? "" : new String(segment.data(), StandardCharsets.UTF_8);
    }

    private void start() {
        List<String> program = switch (kind) {
            case BASH -> List.of("/bin/bash", "--noprofile", "--norc", "-c", BASH_DRIVER);
            case PYTHON -> List.of("/usr/bin/python3", "-I", "-u", "-c", PYTHON_DRIVER);
            case JAVA -> javaCommand();
        };
        process = kind == Kind.JAVA
                ? sandbox.spawn(program, limits, List.of(JShellClasses.folder()))
                : sandbox.spawn(program, limits);
        main = sandbox.sandboxedPid(process);
        spare = Set.of(main);
        stopped = false;
        out = FramedStream.of(process.getInputStream(), limits.outputBytes());
        err = FramedStream.of(process.getErrorStream(), limits.outputBytes());
        in = process.getOutputStream();
    }

    /** The command of a Java session: the driver's class file is in a root-owned host folder, bound read-only. */
    private List<String> javaCommand() {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JAVA_OPTIONS);
        command.addAll(List.of("-cp", JShellClasses.folder().toString(), JShellDriver.class.getName()));
        return command;
    }

    private void restart() {
        stop();
        start();
    }

    private void stop() {
        if (process != null) {
            Reaper.killTree(process.toHandle());
            sandbox.forget(process);
            closeQuietly(in);
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Stops the interpreter and everything it started. */
    @Override
    public void close() {
        stop();
        sandbox.forget(this);
    }

    private static String resource(String name) {
        try (InputStream stream = Interpreter.class.getResourceAsStream(name)) {
            if (stream == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
