package io.openenv4j.envs.terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/** What a sandbox can leave behind, counted from the host: processes of sandbox uids, episode folders. */
public final class SandboxLeaks {

    private SandboxLeaks() {}

    /**
     * Live (non-zombie) processes whose real uid is in the sandbox range and that are this JVM's: descendants of
     * it, or orphans (a sandbox process whose parent chain reaches init through sandbox processes only, which is
     * what a process that escaped its sandbox looks like). Sandboxes of other JVMs on the machine (another build's
     * tests) are not counted.
     */
    public static long processes() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(SandboxLeaks::sandboxed)
                    .filter(SandboxLeaks::ours)
                    .count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean ours(Path process) {
        long me = ProcessHandle.current().pid();
        var handle = ProcessHandle.of(Long.parseLong(process.getFileName().toString()));
        boolean sandboxedSoFar = true;
        for (int depth = 0; depth < 256 && handle.isPresent(); depth++) {
            long pid = handle.get().pid();
            if (pid == me) {
                return true;
            }
            if (pid == 1) {
                return sandboxedSoFar;
            }
            sandboxedSoFar = sandboxedSoFar && sandboxed(Path.of("/proc", Long.toString(pid)));
            handle = handle.get().parent();
        }
        // the process (or an ancestor) ended while we looked: count it when its line was all sandbox processes
        return handle.isEmpty() && sandboxedSoFar;
    }

    private static boolean sandboxed(Path process) {
        try {
            long uid = -1;
            boolean zombie = false;
            for (String line : Files.readAllLines(process.resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.split("\\s+")[1]);
                } else if (line.startsWith("State:")) {
                    zombie = line.contains("Z");
                }
            }
            return !zombie && uid >= 3_000_000 && uid < 4_000_000;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Episode folders under a sandbox root. */
    static long folders(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("sandbox-"))
                    .count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code count} reaches {@code expected}; returns the last count. */
    public static long await(LongSupplier count, long expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long now = count.getAsLong();
        while (now != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = count.getAsLong();
        }
        return now;
    }
}
