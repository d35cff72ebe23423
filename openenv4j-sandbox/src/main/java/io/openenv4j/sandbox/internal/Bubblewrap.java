package io.openenv4j.sandbox.internal;

import io.openenv4j.sandbox.Limits;
import io.openenv4j.sandbox.Network;
import io.openenv4j.sandbox.Quota;
import io.openenv4j.sandbox.SandboxException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line that runs a program in a sandbox: {@code setpriv} (switch to the sandbox's uid, when we
 * are root), {@code prlimit} (resource limits) and {@code bwrap} (namespaces and mounts).
 *
 * <p>Inside: {@code /usr}, {@code /etc} and the extra paths read-only, {@code /bin}, {@code /lib},
 * {@code /lib64}, {@code /sbin} as on the host, a fresh {@code /proc} and read-only {@code /dev}, {@code /work},
 * {@code /tmp} and {@code /dev/shm} writable (the episode's bounded folders), nothing else of the host; the
 * root itself is read-only (it is a memory-backed file system without a size limit). New user, pid, ipc, uts, cgroup
 * and (unless the network is on) net namespaces, and no further user namespaces inside; the {@link Seccomp}
 * filter; a new session (no terminal to inject keystrokes into); the whole sandbox dies with the process that
 * started it. Run as root with a control group, a shell first moves itself into the sandbox's {@link Cgroup}.
 */
public final class Bubblewrap {

    private static final List<String> SYSTEM_LINKS = List.of("/bin", "/lib", "/lib64", "/lib32", "/libx32", "/sbin");

    /**
     * Writes the shell's pid to each file before {@code --} (joining the control group; exit 125 if it cannot),
     * then runs what follows, with the seccomp filter (the first argument) open as descriptor
     * {@value #SECCOMP_FD} when there is one.
     */
    private static final String PRELUDE = "f=$1; shift; while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift;"
            + " done; shift; if [ -n \"$f\" ]; then exec \"$@\" 9<\"$f\"; else exec \"$@\"; fi";

    private static final int SECCOMP_FD = 9;

    private Bubblewrap() {}

    /** Options of the installed bubblewrap that older versions lack, read once from {@code bwrap --help}. */
    static final class Features {
        static final boolean DISABLE_USERNS;
        static final boolean SIZE;

        static {
            String help = "";
            try {
                Process process = new ProcessBuilder(executable().toString(), "--help")
                        .redirectErrorStream(true)
                        .start();
                help = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                process.waitFor();
            } catch (java.io.IOException | RuntimeException e) {
                // treated as the oldest bubblewrap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            DISABLE_USERNS = help.contains("--disable-userns");
            SIZE = help.contains("--size");
        }

        private Features() {}
    }

    /** The {@code bwrap} executable, or a clear error naming the package to install. */
    public static Path executable() {
        return executable("bwrap");
    }

    /** The bubblewrap executable called {@code program}, or the error naming the package to install. */
    static Path executable(String program) {
        return onPath(program)
                .orElseThrow(() -> new SandboxException("bubblewrap is not installed: the sandbox needs the '" + program
                        + "' program (Debian/Ubuntu package" + " 'bubblewrap': apt-get install -y bubblewrap)"));
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String required(String program, String debianPackage) {
        return onPath(program)
                .map(Path::toString)
                .orElseThrow(() -> new SandboxException(
                        "the sandbox needs '" + program + "' (Debian package '" + debianPackage + "')"));
    }

    /**
     * The full command line.
     *
     * @param uid the uid to run as, or {@code -1} to stay the current user (when not root)
     */
    public static List<String> commandLine(
            WorkFolder folder, int uid, Limits limits, Network network, List<Path> readOnly, List<String> program) {
        return commandLine(folder, uid, limits, network, readOnly, Quota.defaults(), List.of(), program);
    }

    /**
     * The full command line.
     *
     * @param uid the uid to run as, or {@code -1} to stay the current user (when not root)
     * @param quota the size of {@code /dev/shm} when the folder has no bounded file system of its own
     * @param cgroupProcs the {@code cgroup.procs} files of the sandbox's control group, joined before anything
     *     else runs (so every process of the sandbox is in it from its start); empty for none
     */
    public static List<String> commandLine(
            WorkFolder folder,
            int uid,
            Limits limits,
            Network network,
            List<Path> readOnly,
            Quota quota,
            List<Path> cgroupProcs,
            List<String> program) {
        var line = new ArrayList<String>();
        Optional<Path> seccomp = Seccomp.file();
        if (!cgroupProcs.isEmpty() || seccomp.isPresent()) {
            // a shell joins the group with its own pid and opens the filter, then becomes the rest of the line
            line.addAll(List.of(
                    "/bin/sh", "-c", PRELUDE, "sh", seccomp.map(Path::toString).orElse("")));
            cgroupProcs.forEach(file -> line.add(file.toString()));
            line.add("--");
        }
        if (uid >= 0) {
            line.addAll(List.of(
                    required("setpriv", "util-linux"),
                    "--reuid=" + uid,
                    "--regid=" + uid,
                    "--clear-groups",
                    "--inh-caps=-all",
                    "--no-new-privs"));
        }
        line.addAll(List.of(
                required("prlimit", "util-linux"),
                "--cpu=" + limits.cpuTime().toSeconds(),
                "--as=" + limits.memoryBytes(),
                "--nproc=" + limits.processes(),
                "--fsize=" + limits.fileBytes(),
                "--core=0",
                "--"));
        line.add(executable().toString());
        // no user namespaces below this one (a nested one would give back every capability inside it)
        line.addAll(List.of("--unshare-all", "--unshare-user"));
        if (Features.DISABLE_USERNS) {
            // bubblewrap 0.8+; before, the seccomp filter alone refuses unshare and clone with CLONE_NEWUSER
            line.add("--disable-userns");
        }
        seccomp.ifPresent(filter -> line.addAll(List.of("--seccomp", Integer.toString(SECCOMP_FD))));
        if (network == Network.HOST) {
            line.add("--share-net");
        }
        // the program is pid 1 of its namespace, bubblewrap's own child: bubblewrap reaps it, so nothing is
        // left as a zombie; it also means the program adopts (and must reap) orphans, as bash does
        line.addAll(List.of("--as-pid-1", "--die-with-parent", "--new-session", "--hostname", "sandbox"));
        line.addAll(List.of("--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"));
        for (String system : SYSTEM_LINKS) {
            Path path = Path.of(system);
            if (Files.isSymbolicLink(path)) {
                try {
                    line.addAll(
                            List.of("--symlink", Files.readSymbolicLink(path).toString(), system));
                } catch (java.io.IOException e) {
                    throw new SandboxException("cannot read the link " + system + ": " + e.getMessage(), e);
                }
            } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                line.addAll(List.of("--ro-bind", system, system));
            }
        }
        line.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        // /dev/shm is the episode's bounded file system, or a tmpfs of the quota's size (never the unbounded
        // one --dev makes); /dev itself then turns read-only, as / does at the end: nothing else is writable
        if (folder.shm().isPresent()) {
            line.addAll(List.of("--bind", folder.shm().get().toString(), "/dev/shm"));
        } else {
            if (Features.SIZE) {
                line.addAll(List.of("--size", Long.toString(quota.diskBytes())));
            }
            line.addAll(List.of("--tmpfs", "/dev/shm"));
        }
        line.addAll(List.of(
                "--remount-ro",
                "/dev",
                "--bind",
                folder.work().toString(),
                "/work",
                "--bind",
                folder.tmp().toString(),
                "/tmp"));
        // after /tmp's bind, so that a read-only folder under the host's /tmp stays visible
        for (Path extra : readOnly) {
            String dir = extra.toAbsolutePath().normalize().toString();
            if (!dir.equals("/usr") && !dir.startsWith("/usr/") && !dir.equals("/etc") && !dir.startsWith("/etc/")) {
                line.addAll(List.of("--ro-bind-try", dir, dir));
            }
        }
        line.addAll(List.of(
                "--remount-ro",
                "/",
                "--chdir",
                "/work",
                "--clearenv",
                "--setenv",
                "PATH",
                "/usr/local/bin:/usr/bin:/bin",
                "--setenv",
                "HOME",
                "/work",
                "--setenv",
                "TMPDIR",
                "/tmp",
                "--setenv",
                "LANG",
                "C.UTF-8",
                "--setenv",
                "PYTHONDONTWRITEBYTECODE",
                "1",
                "--setenv",
                "PYTHONUNBUFFERED",
                "1",
                "--"));
        line.addAll(program);
        return line;
    }
}
