package io.openenv4j.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * What one command in a {@link Sandbox} may use. CPU time, memory (address space), file size and process
 * count are kernel resource limits ({@code setrlimit}) on every process the command starts; output is cut
 * by the reader and flagged; the wall clock is enforced by killing the command's processes.
 *
 * @param wallClock how long the command may run before its processes are killed
 * @param cpuTime CPU time per process (whole seconds, at least one)
 * @param memoryBytes address space per process ({@code RLIMIT_AS})
 * @param processes processes and threads the sandbox's user may run at once ({@code RLIMIT_NPROC})
 * @param outputBytes bytes kept of each of stdout and stderr; the rest is read and dropped
 * @param fileBytes largest file a process may write ({@code RLIMIT_FSIZE})
 */
public record Limits(
        Duration wallClock, Duration cpuTime, long memoryBytes, int processes, int outputBytes, long fileBytes) {

    private static final long MIB = 1024L * 1024;

    public Limits {
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(cpuTime, "cpuTime");
        if (wallClock.isNegative() || wallClock.isZero()) {
            throw new IllegalArgumentException("wallClock must be positive, got " + wallClock);
        }
        if (cpuTime.toSeconds() < 1) {
            throw new IllegalArgumentException("cpuTime must be at least one second, got " + cpuTime);
        }
        if (memoryBytes < 16 * MIB) {
            throw new IllegalArgumentException("memoryBytes must be at least 16 MiB, got " + memoryBytes);
        }
        if (processes < 4) {
            throw new IllegalArgumentException("processes must be at least 4, got " + processes);
        }
        if (outputBytes < 1) {
            throw new IllegalArgumentException("outputBytes must be positive, got " + outputBytes);
        }
        if (fileBytes < 1) {
            throw new IllegalArgumentException("fileBytes must be positive, got " + fileBytes);
        }
    }

    /** 10 s wall clock, 10 s CPU, 1 GiB address space, 64 processes, 64 KiB per stream, 64 MiB files. */
    public static Limits defaults() {
        return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(10), 1024 * MIB, 64, 64 * 1024, 64 * MIB);
    }

    public Limits withWallClock(Duration value) {
        return new Limits(value, cpuTime, memoryBytes, processes, outputBytes, fileBytes);
    }

    public Limits withCpuTime(Duration value) {
        return new Limits(wallClock, value, memoryBytes, processes, outputBytes, fileBytes);
    }

    public Limits withMemoryBytes(long value) {
        return new Limits(wallClock, cpuTime, value, processes, outputBytes, fileBytes);
    }

    public Limits withProcesses(int value) {
        return new Limits(wallClock, cpuTime, memoryBytes, value, outputBytes, fileBytes);
    }

    public Limits withOutputBytes(int value) {
        return new Limits(wallClock, cpuTime, memoryBytes, processes, value, fileBytes);
    }
}
