package io.openenv4j.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one whole sandbox (one episode) may hold at once, whatever its commands do, enforced by the kernel.
 *
 * <p>{@code /work}, {@code /tmp} and {@code /dev/shm} share one memory-backed file system ({@code tmpfs}) of
 * {@link #diskBytes} bytes and {@link #files} files and folders: writing past either fails with {@code ENOSPC}
 * ("No space left on device") in the sandbox, and the host's memory and disk are untouched. The rest of the
 * sandbox's file system ({@code /}, {@code /dev}) is read-only. The file system is mounted on the host by
 * root; run as another user, {@code /work} and {@code /tmp} are plain host folders without a quota (only the
 * per-file limit {@link Limits#fileBytes()} applies) and {@code /dev/shm} is a private {@code tmpfs} of
 * {@link #diskBytes} bytes.
 *
 * <p>Memory, processes and CPU are bounded for all of the sandbox's processes together by a control group
 * (cgroup v1 or v2) of the sandbox's own, under the JVM's group, where the JVM may make one (as root, or in a
 * delegated group): past {@link #memoryBytes} the kernel kills the largest process ({@code SIGKILL}, exit status
 * 137, "Killed"), and the pages the sandbox wrote to {@code /work}, {@code /tmp} and {@code /dev/shm} count
 * too; past {@link #processes} {@code fork} and thread creation fail ({@code EAGAIN}, "Resource temporarily
 * unavailable"); {@link #cpus} is a share of the CPUs, past which the processes wait (they are throttled,
 * not killed). Where no group can be made ({@link Sandbox#cgroupUnavailableReason()}), only the per-process
 * {@link Limits} apply.
 *
 * <p>Defaults can be changed without code, for servers started from the command line: the system property
 * {@code openenv4j.sandbox.disk} or the environment variable {@code OPENENV4J_SANDBOX_DISK} (sizes such as
 * {@code 512m} or {@code 2g}), and likewise {@code files}, {@code memory}, {@code processes} and {@code cpus}
 * (a decimal number such as {@code 0.5}).
 *
 * @param diskBytes bytes {@code /work}, {@code /tmp} and {@code /dev/shm} may hold together
 * @param files files, folders and links they may hold together (inodes)
 * @param memoryBytes memory all processes of the sandbox may use together, including what they wrote to its folders
 * @param processes processes and threads the sandbox may run at once
 * @param cpus how many CPUs' worth of time the sandbox may use (at most)
 */
public record Quota(long diskBytes, long files, long memoryBytes, int processes, double cpus) {

    private static final long MIB = 1024L * 1024;
    private static final long DEFAULT_MEMORY = 1024 * MIB;
    private static final int DEFAULT_PROCESSES = 128;
    private static final double DEFAULT_CPUS = 1.0;

    public Quota {
        if (diskBytes < MIB) {
            throw new IllegalArgumentException("diskBytes must be at least 1 MiB, got " + diskBytes);
        }
        if (files < 16) {
            throw new IllegalArgumentException("files must be at least 16, got " + files);
        }
        if (memoryBytes < 16 * MIB) {
            throw new IllegalArgumentException("memoryBytes must be at least 16 MiB, got " + memoryBytes);
        }
        if (processes < 4) {
            throw new IllegalArgumentException("processes must be at least 4, got " + processes);
        }
        if (!(cpus >= 0.01) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("cpus must be at least 0.01, got " + cpus);
        }
    }

    /** A quota of {@code diskBytes} and {@code files}, with the default memory, processes and CPUs. */
    public Quota(long diskBytes, long files) {
        this(diskBytes, files, DEFAULT_MEMORY, DEFAULT_PROCESSES, DEFAULT_CPUS);
    }

    /**
     * 256 MiB and 16,384 files, 1 GiB of memory, 128 processes and one CPU, unless the system properties or
     * environment variables say otherwise.
     */
    public static Quota defaults() {
        return fromSettings(System.getProperties()::getProperty, System.getenv());
    }

    /** The defaults with {@code property(openenv4j.sandbox.NAME)} or {@code environment(OPENENV4J_SANDBOX_NAME)} applied. */
    static Quota fromSettings(Function<String, String> property, Map<String, String> environment) {
        Function<String, String> setting = name -> {
            String value = property.apply("openenv4j.sandbox." + name);
            return value != null ? value : environment.get("OPENENV4J_SANDBOX_" + name.toUpperCase(Locale.ROOT));
        };
        long disk = size(setting, "disk", 256 * MIB);
        long files = size(setting, "files", 16_384);
        long memory = size(setting, "memory", DEFAULT_MEMORY);
        long processes = size(setting, "processes", DEFAULT_PROCESSES);
        double cpus = DEFAULT_CPUS;
        String cpuText = setting.apply("cpus");
        if (cpuText != null && !cpuText.isBlank()) {
            try {
                cpus = Double.parseDouble(cpuText.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "sandbox setting 'cpus': expected a number such as 0.5 or 2, got '" + cpuText + "'", e);
            }
        }
        return new Quota(disk, files, memory, (int) Math.min(Integer.MAX_VALUE, processes), cpus);
    }

    private static long size(Function<String, String> setting, String name, long fallback) {
        String text = setting.apply(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return parseSize(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sandbox setting '" + name + "': " + e.getMessage(), e);
        }
    }

    /** {@code 1024}, {@code 64k}, {@code 512m}, {@code 2g} (powers of 1024). */
    public static long parseSize(String text) {
        Objects.requireNonNull(text, "text");
        String value = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!value.isEmpty()) {
            switch (value.charAt(value.length() - 1)) {
                case 'k' -> unit = 1024;
                case 'm' -> unit = MIB;
                case 'g' -> unit = 1024 * MIB;
                default -> {}
            }
        }
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(number, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("expected a size such as 1048576, 512m or 2g, got '" + text + "'");
        }
    }

    public Quota withDiskBytes(long value) {
        return new Quota(value, files, memoryBytes, processes, cpus);
    }

    public Quota withFiles(long value) {
        return new Quota(diskBytes, value, memoryBytes, processes, cpus);
    }

    public Quota withMemoryBytes(long value) {
        return new Quota(diskBytes, files, value, processes, cpus);
    }

    public Quota withProcesses(int value) {
        return new Quota(diskBytes, files, memoryBytes, value, cpus);
    }

    public Quota withCpus(double value) {
        return new Quota(diskBytes, files, memoryBytes, processes, value);
    }
}
