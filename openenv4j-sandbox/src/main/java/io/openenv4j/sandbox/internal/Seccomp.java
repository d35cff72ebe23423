package io.openenv4j.sandbox.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seccomp filter every sandboxed process runs under (bubblewrap's {@code --seccomp}): a classic BPF
 * program, assembled here, that refuses the system calls an untrusted program has no business making and
 * that widen the kernel's attack surface: new namespaces ({@code unshare}, {@code setns}, {@code clone} with a
 * namespace flag), mounting, tracing other processes, kernel keyrings, eBPF, performance counters, {@code
 * userfaultfd}, {@code io_uring}, loading kernels and modules, rebooting, swap, clocks, accounting, quotas, the
 * kernel log, handle-based opens, and System V shared memory and message queues (memory outside any file
 * system quota). They fail with {@code EPERM}; {@code clone3} fails with {@code ENOSYS}, because its flags
 * live in memory a filter cannot read, so the C library falls back to {@code clone}, whose flags it can.
 * System calls of another ABI (32-bit {@code int 0x80} on x86-64, x32) fail with {@code ENOSYS}.
 *
 * <p>Why assembled here rather than with libseccomp: the program is a list of comparisons, small enough to
 * read in full below; it needs no native library or build step on the host, and the system call numbers are
 * those of the kernel's own headers ({@code asm/unistd_64.h} for x86-64, {@code asm-generic/unistd.h} for
 * arm64). Other architectures get no filter ({@link #unavailableReason()}).
 */
public final class Seccomp {

    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    private static final int LD_W_ABS = 0x20;
    private static final int JEQ_K = 0x15;
    private static final int JGE_K = 0x35;
    private static final int JSET_K = 0x45;
    private static final int RET_K = 0x06;
    private static final int RET_ALLOW = 0x7fff0000;
    private static final int RET_ERRNO = 0x00050000;

    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;
    private static final int OFFSET_ARG0_LOW = 16;

    /** CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET (and NEWTIME, 0x80). */
    static final int NAMESPACE_FLAGS =
            0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080;

    /** An architecture's audit id and system call numbers. */
    record Arch(String name, int audit, boolean x32Bit, Map<String, Integer> denied, int cloneNr, int clone3Nr) {}

    private static final Arch X86_64 = new Arch(
            "x86-64",
            0xC000003E,
            true,
            table(
                    "unshare",
                    272,
                    "setns",
                    308,
                    "mount",
                    165,
                    "umount2",
                    166,
                    "pivot_root",
                    155,
                    "open_tree",
                    428,
                    "move_mount",
                    429,
                    "fsopen",
                    430,
                    "fsconfig",
                    431,
                    "fsmount",
                    432,
                    "fspick",
                    433,
                    "mount_setattr",
                    442,
                    "ptrace",
                    101,
                    "process_vm_readv",
                    310,
                    "process_vm_writev",
                    311,
                    "keyctl",
                    250,
                    "add_key",
                    248,
                    "request_key",
                    249,
                    "bpf",
                    321,
                    "perf_event_open",
                    298,
                    "userfaultfd",
                    323,
                    "io_uring_setup",
                    425,
                    "io_uring_enter",
                    426,
                    "io_uring_register",
                    427,
                    "kexec_load",
                    246,
                    "kexec_file_load",
                    320,
                    "init_module",
                    175,
                    "finit_module",
                    313,
                    "delete_module",
                    176,
                    "reboot",
                    169,
                    "swapon",
                    167,
                    "swapoff",
                    168,
                    "acct",
                    163,
                    "quotactl",
                    179,
                    "syslog",
                    103,
                    "settimeofday",
                    164,
                    "clock_settime",
                    227,
                    "clock_adjtime",
                    305,
                    "iopl",
                    172,
                    "ioperm",
                    173,
                    "lookup_dcookie",
                    212,
                    "open_by_handle_at",
                    304,
                    "vhangup",
                    153,
                    "fanotify_init",
                    300,
                    "shmget",
                    29,
                    "msgget",
                    68),
            56,
            435);

    private static final Arch AARCH64 = new Arch(
            "arm64",
            0xC00000B7,
            false,
            table(
                    "unshare",
                    97,
                    "setns",
                    268,
                    "mount",
                    40,
                    "umount2",
                    39,
                    "pivot_root",
                    41,
                    "open_tree",
                    428,
                    "move_mount",
                    429,
                    "fsopen",
                    430,
                    "fsconfig",
                    431,
                    "fsmount",
                    432,
                    "fspick",
                    433,
                    "mount_setattr",
                    442,
                    "ptrace",
                    117,
                    "process_vm_readv",
                    270,
                    "process_vm_writev",
                    271,
                    "keyctl",
                    219,
                    "add_key",
                    217,
                    "request_key",
                    218,
                    "bpf",
                    280,
                    "perf_event_open",
                    241,
                    "userfaultfd",
                    282,
                    "io_uring_setup",
                    425,
                    "io_uring_enter",
                    426,
                    "io_uring_register",
                    427,
                    "kexec_load",
                    104,
                    "kexec_file_load",
                    294,
                    "init_module",
                    105,
                    "finit_module",
                    273,
                    "delete_module",
                    106,
                    "reboot",
                    142,
                    "swapon",
                    224,
                    "swapoff",
                    225,
                    "acct",
                    89,
                    "quotactl",
                    60,
                    "syslog",
                    116,
                    "settimeofday",
                    170,
                    "clock_settime",
                    112,
                    "clock_adjtime",
                    266,
                    "lookup_dcookie",
                    18,
                    "open_by_handle_at",
                    265,
                    "vhangup",
                    58,
                    "fanotify_init",
                    262,
                    "shmget",
                    194,
                    "msgget",
                    186),
            220,
            435);

    private static volatile Path file;

    private Seccomp() {}

    /** The architecture of this JVM, when there is a filter for it. */
    static Optional<Arch> arch() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return Optional.empty();
        }
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> Optional.of(X86_64);
            case "aarch64", "arm64" -> Optional.of(AARCH64);
            default -> Optional.empty();
        };
    }

    /** Why sandboxes here run without the filter; empty when they run with it. */
    public static Optional<String> unavailableReason() {
        return arch().isPresent()
                ? Optional.empty()
                : Optional.of("no seccomp filter for the architecture " + System.getProperty("os.arch") + " ("
                        + ByteOrder.nativeOrder() + ")");
    }

    /** The names of the system calls the filter refuses on this machine (empty without a filter). */
    public static List<String> deniedNames() {
        return arch().map(a -> List.copyOf(a.denied().keySet())).orElse(List.of());
    }

    /**
     * A file holding the compiled filter, written once per JVM (readable by root only: bubblewrap gets it as
     * an open descriptor); empty without a filter.
     */
    public static Optional<Path> file() {
        Optional<Arch> arch = arch();
        if (arch.isEmpty()) {
            return Optional.empty();
        }
        Path current = file;
        if (current == null) {
            synchronized (Seccomp.class) {
                current = file;
                if (current == null) {
                    try {
                        current = Files.createTempFile(
                                "openenv4j-seccomp-",
                                ".bpf",
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                        Files.write(current, program(arch.get()));
                        current.toFile().deleteOnExit();
                        file = current;
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write the sandbox's seccomp filter", e);
                    }
                }
            }
        }
        return Optional.of(current);
    }

    /** The filter for {@code arch}: {@code struct sock_filter} entries in native (little-endian) order. */
    static byte[] program(Arch arch) {
        var code = new ArrayList<int[]>();
        // wrong ABI: refused
        code.add(insn(LD_W_ABS, 0, 0, OFFSET_ARCH));
        code.add(insn(JEQ_K, 1, 0, arch.audit()));
        code.add(insn(RET_K, 0, 0, RET_ERRNO | ENOSYS));
        code.add(insn(LD_W_ABS, 0, 0, OFFSET_NR));
        // BPF jumps only forward: jumps to the labels below are patched once their positions are known
        var toDeny = new ArrayList<Integer>();
        if (arch.x32Bit()) {
            toDeny.add(code.size());
            code.add(insn(JGE_K, -1, 0, 0x40000000));
        }
        for (int nr : arch.denied().values()) {
            toDeny.add(code.size());
            code.add(insn(JEQ_K, -1, 0, nr));
        }
        int cloneJump = code.size();
        code.add(insn(JEQ_K, -1, 0, arch.cloneNr()));
        int clone3Jump = code.size();
        code.add(insn(JEQ_K, -1, 0, arch.clone3Nr()));
        code.add(insn(RET_K, 0, 0, RET_ALLOW));
        // clone: refused when its flags (first argument, low word) ask for a new namespace
        int cloneCheck = code.size();
        code.add(insn(LD_W_ABS, 0, 0, OFFSET_ARG0_LOW));
        int flagsJump = code.size();
        code.add(insn(JSET_K, -1, 0, NAMESPACE_FLAGS));
        code.add(insn(RET_K, 0, 0, RET_ALLOW));
        int deny = code.size();
        code.add(insn(RET_K, 0, 0, RET_ERRNO | EPERM));
        int noSys = code.size();
        code.add(insn(RET_K, 0, 0, RET_ERRNO | ENOSYS));
        code.get(flagsJump)[1] = deny - (flagsJump + 1);
        for (int at : toDeny) {
            code.get(at)[1] = deny - (at + 1);
        }
        code.get(cloneJump)[1] = cloneCheck - (cloneJump + 1);
        code.get(clone3Jump)[1] = noSys - (clone3Jump + 1);
        ByteBuffer bytes = ByteBuffer.allocate(code.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] insn : code) {
            if (insn[1] < 0 || insn[1] > 255 || insn[2] < 0 || insn[2] > 255) {
                throw new IllegalStateException("seccomp jump out of range");
            }
            bytes.putShort((short) insn[0])
                    .put((byte) insn[1])
                    .put((byte) insn[2])
                    .putInt(insn[3]);
        }
        return bytes.array();
    }

    private static int[] insn(int code, int jt, int jf, int k) {
        return new int[] {code, jt, jf, k};
    }

    private static Map<String, Integer> table(Object... pairs) {
        var map = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return map;
    }
}
