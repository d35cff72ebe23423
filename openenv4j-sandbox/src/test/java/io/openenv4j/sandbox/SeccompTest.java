package io.openenv4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openenv4j.sandbox.internal.Seccomp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inside a sandbox, no new user namespace can be made (it would hand back every capability inside it) and
 * the system calls of the seccomp filter are refused, while ordinary programs go on working.
 */
class SeccompTest {

    /** The kernel's own table of system call numbers, read independently of the filter's. */
    private static final Path HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");

    @TempDir
    Path root;

    private Sandbox sandbox;

    @BeforeEach
    void open() {
        Limits limits = Limits.defaults().withWallClock(Duration.ofSeconds(30));
        sandbox = Sandbox.create(SandboxOptions.defaults().withRoot(root).withLimits(limits), Seed.empty());
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void noUserNamespaceCanBeMadeInside() {
        RunResult run = sandbox.run(
                List.of(
                        "bash",
                        "-c",
                        "unshare --user true; echo user=$?;"
                                + " unshare --map-root-user --mount true; echo root=$?; unshare --net true; echo net=$?"),
                "");
        assertThat(run.stdout()).contains("user=1", "root=1", "net=1");
        assertThat(run.stderr()).contains("unshare failed: Operation not permitted");
        RunResult clone = sandbox.run(
                List.of(
                        "python3",
                        "-c",
                        String.join(
                                "\n",
                                "import ctypes, os",
                                "libc = ctypes.CDLL(None, use_errno=True)",
                                "CLONE_NEWUSER, SIGCHLD = 0x10000000, 17",
                                "pid = libc.syscall(" + sysno("clone") + ", CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)",
                                "if pid == 0: os._exit(0)",
                                "print(pid, os.strerror(ctypes.get_errno()))")),
                "");
        assertThat(clone.stdout()).isEqualTo("-1 Operation not permitted\n");
    }

    @Test
    void theFilterIsOnAndEveryDeniedSystemCallIsRefused() throws Exception {
        assumeTrue(
                Seccomp.unavailableReason().isEmpty(),
                () -> Seccomp.unavailableReason().orElse(""));
        RunResult status = sandbox.run(List.of("grep", "^Seccomp", "/proc/self/status"), "");
        assertThat(status.stdout()).contains("Seccomp:\t2");
        RunResult descriptors = sandbox.run(List.of("ls", "/proc/self/fd"), "");
        assertThat(descriptors.stdout())
                .as("the filter's descriptor stays outside")
                .isEqualTo("0\n1\n2\n3\n");
        Map<String, Integer> numbers = kernelNumbers();
        var calls = new LinkedHashMap<String, Integer>();
        for (String name : Seccomp.deniedNames()) {
            assertThat(numbers).as("kernel header has " + name).containsKey(name);
            calls.put(name, numbers.get(name));
        }
        calls.put("clone3", numbers.get("clone3"));
        RunResult run = sandbox.run(List.of("python3", "-c", probe(calls)), "");
        Map<String, String> results = run.stdout()
                .lines()
                .map(line -> line.split(" ", 2))
                .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1]));
        for (String name : Seccomp.deniedNames()) {
            assertThat(results.get(name)).as(name).isEqualTo("-1 Operation not permitted");
        }
        assertThat(results.get("clone3")).isEqualTo("-1 Function not implemented");
    }

    @Test
    void callsThatSucceedUnfilteredOnTheHostAreRefusedInside() throws Exception {
        assumeTrue(
                Seccomp.unavailableReason().isEmpty(),
                () -> Seccomp.unavailableReason().orElse(""));
        Map<String, Integer> numbers = kernelNumbers();
        // ptrace(PTRACE_TRACEME) and keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING): harmless, allowed to
        // anyone
        String script = String.join(
                "\n",
                "import ctypes, os",
                "libc = ctypes.CDLL(None, use_errno=True)",
                "r = libc.syscall(" + numbers.get("keyctl") + ", 0, -3, 0, 0, 0)",
                "print('keyctl', r, os.strerror(ctypes.get_errno()) if r < 0 else 'ok')",
                "r = libc.syscall(" + numbers.get("ptrace") + ", 0, 0, 0, 0)",
                "print('ptrace', r, os.strerror(ctypes.get_errno()) if r < 0 else 'ok')");
        Process host = new ProcessBuilder("python3", "-c", script)
                .redirectErrorStream(true)
                .start();
        String unfiltered = new String(host.getInputStream().readAllBytes());
        host.waitFor();
        assertThat(unfiltered).as("on the host").contains("ptrace 0 ok").containsPattern("keyctl \\d+ ok");
        RunResult inside = sandbox.run(List.of("python3", "-c", script), "");
        assertThat(inside.stdout()).isEqualTo("keyctl -1 Operation not permitted\nptrace -1 Operation not permitted\n");
    }

    @Test
    void ordinaryProgramsStillWork() {
        RunResult shell = sandbox.run(
                List.of("bash", "-c", "seq 1 5 | sort -r | head -2 | tr '\\n' ' '; (sleep 0.1 &); wait"), "");
        assertThat(shell.stdout()).isEqualTo("5 4 ");
        RunResult python = sandbox.run(
                List.of(
                        "python3",
                        "-c",
                        String.join(
                                "\n",
                                "import threading, subprocess, multiprocessing",
                                "out = []",
                                "t = [threading.Thread(target=lambda i=i: out.append(i)) for i in range(4)]",
                                "[x.start() for x in t]; [x.join() for x in t]",
                                "print(sorted(out))",
                                "print(subprocess.run(['echo', 'child'], capture_output=True, text=True).stdout.strip())",
                                "with multiprocessing.Pool(2) as pool:",
                                "    print(pool.map(abs, [-1, -2, -3]))")),
                "");
        assertThat(python.stdout()).as(python.stderr()).isEqualTo("[0, 1, 2, 3]\nchild\n[1, 2, 3]\n");
        RunResult java = sandbox.run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-XX:+UseSerialGC",
                        "-version"),
                "",
                Limits.defaults().withMemoryBytes(2L << 30).withWallClock(Duration.ofSeconds(30)));
        assertThat(java.exitCode()).as(java.stderr()).isZero();
        assertThat(java.stderr()).contains("version");
    }

    private static String probe(Map<String, Integer> calls) {
        var lines = new StringBuilder("import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n");
        for (Map.Entry<String, Integer> call : calls.entrySet()) {
            lines.append("ctypes.set_errno(0)\n")
                    .append("r = libc.syscall(")
                    .append(call.getValue())
                    .append(", 0, 0, 0, 0, 0, 0)\n")
                    .append("print('")
                    .append(call.getKey())
                    .append("', r, os.strerror(ctypes.get_errno()) if r < 0 else 'ok')\n");
        }
        return lines.toString();
    }

    private static int sysno(String name) {
        try {
            return kernelNumbers().get(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Integer> kernelNumbers() throws Exception {
        assumeTrue(
                "amd64".equals(System.getProperty("os.arch")) && Files.isReadable(HEADER),
                "needs the x86-64 kernel headers (Debian package linux-libc-dev)");
        var numbers = new LinkedHashMap<String, Integer>();
        Matcher define = Pattern.compile("(?m)^#define __NR_(\\w+) (\\d+)$").matcher(Files.readString(HEADER));
        while (define.find()) {
            numbers.put(define.group(1), Integer.parseInt(define.group(2)));
        }
        return numbers;
    }
}
