package io.openenv4j.sandbox.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The control group of one sandbox: a sub-group of the JVM's own group in each hierarchy that has a
 * controller we use, where the kernel bounds all of the sandbox's processes together: memory (including
 * the pages of files they write to memory-backed file systems), process and thread count, CPU share, and a
 * freezer to stop them all at once.
 *
 * <p>Both cgroup versions: v1 (one hierarchy per controller: {@code memory}, {@code pids}, {@code cpu},
 * {@code freezer}) and v2 (one unified hierarchy, whose JVM group must delegate the {@code memory},
 * {@code pids} and {@code cpu} controllers to sub-groups). Which one is used, or why none can be, is decided
 * once per JVM: {@link #support()}.
 */
public final class Cgroup {

    /** Prefix of every sandbox group's name; the JVM's pid follows, so a later JVM can tell stale groups. */
    static final String PREFIX = "openenv4j-sandbox-";

    private static final List<String> V1_CONTROLLERS = List.of("memory", "pids", "cpu", "freezer");
    private static final long CPU_PERIOD_US = 100_000;
    private static final java.util.concurrent.atomic.AtomicBoolean SWEPT =
            new java.util.concurrent.atomic.AtomicBoolean();
    private static final Support SUPPORT =
            Support.detect(Path.of("/proc/self/cgroup"), Path.of("/proc/self/mountinfo"));

    /**
     * Where sandbox groups go.
     *
     * @param parents per controller (v1) or {@code "unified"} (v2), the JVM's own group folder
     * @param unavailable why no group can be made; empty when they can
     */
    public record Support(Map<String, Path> parents, boolean v2, Optional<String> unavailable) {

        static Support detect(Path selfCgroup, Path mountInfo) {
            try {
                List<String> memberships = Files.readAllLines(selfCgroup);
                List<String> mounts = Files.readAllLines(mountInfo);
                var v1 = new LinkedHashMap<String, Path>();
                String unifiedPath = null;
                for (String line : memberships) {
                    String[] parts = line.split(":", 3);
                    if (parts.length < 3) {
                        continue;
                    }
                    if (parts[1].isEmpty()) {
                        unifiedPath = parts[2];
                        continue;
                    }
                    for (String controller : parts[1].split(",")) {
                        if (V1_CONTROLLERS.contains(controller)) {
                            mountOf(mounts, "cgroup", controller, parts[2]).ifPresent(dir -> v1.put(controller, dir));
                        }
                    }
                }
                if (v1.containsKey("memory") && v1.containsKey("pids")) {
                    return usable(v1, false);
                }
                if (unifiedPath != null) {
                    Optional<Path> unified = mountOf(mounts, "cgroup2", null, unifiedPath);
                    if (unified.isPresent()) {
                        return v2(unified.get());
                    }
                }
                return new Support(
                        Map.of(),
                        false,
                        Optional.of("no cgroup hierarchy with the memory and pids controllers" + " is mounted"));
            } catch (IOException | RuntimeException e) {
                return new Support(
                        Map.of(), false, Optional.of("cannot read this process's cgroups: " + e.getMessage()));
            }
        }

        /** Where the hierarchy holding {@code controller} (or the unified one) shows the group {@code path}. */
        private static Optional<Path> mountOf(List<String> mounts, String type, String controller, String path) {
            for (String line : mounts) {
                int separator = line.indexOf(" - ");
                if (separator < 0) {
                    continue;
                }
                String[] before = line.substring(0, separator).split(" ");
                String[] after = line.substring(separator + 3).split(" ");
                if (before.length < 5 || after.length < 3 || !after[0].equals(type)) {
                    continue;
                }
                if (controller != null && !List.of(after[2].split(",")).contains(controller)) {
                    continue;
                }
                String root = before[3];
                if (!path.equals(root) && !path.startsWith(root.endsWith("/") ? root : root + "/")) {
                    continue;
                }
                String relative = path.substring(root.length()).replaceFirst("^/", "");
                return Optional.of(Path.of(before[4]).resolve(relative));
            }
            return Optional.empty();
        }

        private static Support usable(Map<String, Path> parents, boolean v2) {
            for (Map.Entry<String, Path> parent : parents.entrySet()) {
                if (!Files.isWritable(parent.getValue())) {
                    return new Support(
                            Map.of(),
                            v2,
                            Optional.of("the JVM's " + parent.getKey() + " cgroup " + parent.getValue()
                                    + " is not writable (run as root, or in a delegated cgroup)"));
                }
            }
            return new Support(Map.copyOf(parents), v2, Optional.empty());
        }

        private static Support v2(Path group) {
            try {
                String enabled = Files.readString(group.resolve("cgroup.subtree_control"));
                var missing = new ArrayList<String>();
                for (String controller : List.of("memory", "pids", "cpu")) {
                    if (!List.of(enabled.trim().split(" ")).contains(controller)) {
                        missing.add(controller);
                    }
                }
                if (!missing.isEmpty()) {
                    try {
                        Files.writeString(
                                group.resolve("cgroup.subtree_control"),
                                String.join(
                                        " ", missing.stream().map(c -> "+" + c).toList()));
                    } catch (IOException e) {
                        return new Support(
                                Map.of(),
                                true,
                                Optional.of("the JVM's cgroup " + group + " does not delegate "
                                        + missing
                                        + " to sub-groups (start the JVM in a cgroup of its own with delegation, e.g."
                                        + " systemd-run --scope -p Delegate=yes)"));
                    }
                }
                return usable(Map.of("unified", group), true);
            } catch (IOException e) {
                return new Support(Map.of(), true, Optional.of("cannot read " + group + ": " + e.getMessage()));
            }
        }
    }

    private final Map<String, Path> dirs;
    private final boolean v2;

    private Cgroup(Map<String, Path> dirs, boolean v2) {
        this.dirs = dirs;
        this.v2 = v2;
    }

    /** Where this JVM makes sandbox groups, or why it cannot. */
    public static Support support() {
        return SUPPORT;
    }

    /**
     * Makes a group bounded to {@code memoryBytes} of memory, {@code processes} processes and threads and
     * {@code cpus} CPUs' worth of time.
     *
     * @throws IOException when a group cannot be made or limited (it is removed again)
     */
    public static Cgroup create(long memoryBytes, int processes, double cpus) throws IOException {
        if (SUPPORT.unavailable().isPresent()) {
            throw new IOException(SUPPORT.unavailable().get());
        }
        if (SWEPT.compareAndSet(false, true)) {
            removeStale();
        }
        String name = PREFIX + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        var dirs = new LinkedHashMap<String, Path>();
        var group = new Cgroup(dirs, SUPPORT.v2());
        try {
            for (Map.Entry<String, Path> parent : SUPPORT.parents().entrySet()) {
                Path dir = parent.getValue().resolve(name);
                Files.createDirectory(dir);
                dirs.put(parent.getKey(), dir);
            }
            long quota = Math.max(1000, Math.round(cpus * CPU_PERIOD_US));
            if (group.v2) {
                group.write("unified", "memory.max", Long.toString(memoryBytes));
                group.writeIfPresent("unified", "memory.swap.max", "0");
                group.write("unified", "pids.max", Integer.toString(processes));
                group.write("unified", "cpu.max", quota + " " + CPU_PERIOD_US);
            } else {
                group.write("memory", "memory.limit_in_bytes", Long.toString(memoryBytes));
                group.writeIfPresent("memory", "memory.memsw.limit_in_bytes", Long.toString(memoryBytes));
                group.write("pids", "pids.max", Integer.toString(processes));
                if (dirs.containsKey("cpu")) {
                    group.write("cpu", "cpu.cfs_period_us", Long.toString(CPU_PERIOD_US));
                    group.write("cpu", "cpu.cfs_quota_us", Long.toString(quota));
                }
            }
            return group;
        } catch (IOException | RuntimeException e) {
            group.delete();
            throw e;
        }
    }

    /** The files a process writes its pid to, to join the group (in every hierarchy). */
    public List<Path> procsFiles() {
        return dirs.values().stream().map(dir -> dir.resolve("cgroup.procs")).toList();
    }

    /**
     * {@code command} preceded by a shell that moves itself into the group and then becomes the command, so
     * the command and everything it starts are in the group from their first instruction.
     */
    public List<String> joining(List<String> command) {
        var line = new ArrayList<String>(List.of(
                "/bin/sh",
                "-c",
                "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; exec \"$@\"",
                "sh"));
        procsFiles().forEach(file -> line.add(file.toString()));
        line.add("--");
        line.addAll(command);
        return line;
    }

    /** The group's folder in the hierarchy of {@code controller} ({@code "unified"} on v2). */
    public Optional<Path> dir(String controller) {
        return Optional.ofNullable(v2 ? dirs.get("unified") : dirs.get(controller));
    }

    public boolean v2() {
        return v2;
    }

    /** Whether the group can stop all its processes at once. */
    public boolean canFreeze() {
        return v2 || dirs.containsKey("freezer");
    }

    /** Stops every process of the group where it is (they keep their state) until {@link #thaw()}. */
    public void freeze() throws IOException {
        if (v2) {
            write("unified", "cgroup.freeze", "1");
        } else if (dirs.containsKey("freezer")) {
            write("freezer", "freezer.state", "FROZEN");
        }
    }

    /** Lets the group's processes run again. */
    public void thaw() throws IOException {
        if (v2) {
            write("unified", "cgroup.freeze", "0");
        } else if (dirs.containsKey("freezer")) {
            write("freezer", "freezer.state", "THAWED");
        }
    }

    /** How many times the kernel killed a process of the group for exceeding its memory. */
    public long oomKills() {
        String file = v2 ? "memory.events" : "memory.oom_control";
        try {
            for (String line : Files.readAllLines(dir("memory").orElseThrow().resolve(file))) {
                if (line.startsWith("oom_kill ")) {
                    return Long.parseLong(line.substring("oom_kill ".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // no counter on this kernel
        }
        return 0;
    }

    /** Removes the group; its processes must be gone. Retries briefly while the kernel finishes them. */
    public void delete() {
        try {
            thaw();
        } catch (IOException e) {
            // nothing to thaw
        }
        for (Path dir : dirs.values()) {
            removeDir(dir);
        }
    }

    private static void removeDir(Path dir) {
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Removes sandbox groups left by JVMs that are gone (their processes went with them). */
    static void removeStale() {
        for (Path parent : SUPPORT.parents().values()) {
            try (Stream<Path> entries = Files.list(parent)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    String name = entry.getFileName().toString();
                    if (!name.startsWith(PREFIX)) {
                        continue;
                    }
                    String[] parts = name.substring(PREFIX.length()).split("-");
                    try {
                        long pid = Long.parseLong(parts[0]);
                        if (ProcessHandle.of(pid).isEmpty()) {
                            Files.deleteIfExists(entry);
                        }
                    } catch (NumberFormatException | IOException e) {
                        // not ours, or still busy: left alone
                    }
                }
            } catch (IOException | RuntimeException e) {
                // best effort
            }
        }
    }

    private void write(String controller, String file, String value) throws IOException {
        Path dir = dirs.get(controller);
        if (dir == null) {
            throw new NoSuchFileException(controller + " cgroup");
        }
        Files.writeString(dir.resolve(file), value, StandardCharsets.US_ASCII);
    }

    private void writeIfPresent(String controller, String file, String value) {
        try {
            if (Files.exists(dirs.get(controller).resolve(file))) {
                write(controller, file, value);
            }
        } catch (IOException e) {
            // optional limit (swap accounting is off on this kernel)
        }
    }
}
