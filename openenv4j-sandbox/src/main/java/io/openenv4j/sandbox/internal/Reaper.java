package io.openenv4j.sandbox.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Kills the processes of one sandbox. Every process in a sandbox descends from its bubblewrap process:
 * the sandbox has its own pid namespace, so orphans are adopted by the namespace's init, which is
 * bubblewrap's child. Killing repeats until no descendant is left, so a fork bomb cannot outrun it.
 */
public final class Reaper {

    private static final int MAX_ROUNDS = 500;

    private Reaper() {}

    /**
     * Kills every descendant of {@code root} except the processes in {@code spare}.
     *
     * @return how many processes were killed; {@code -1} when some were still appearing after many rounds
     */
    public static int killDescendants(ProcessHandle root, Set<Long> spare) {
        int killed = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<ProcessHandle> victims =
                    root.descendants().filter(p -> !spare.contains(p.pid())).toList();
            if (victims.isEmpty()) {
                return killed;
            }
            for (ProcessHandle victim : victims) {
                if (victim.destroyForcibly()) {
                    killed++;
                }
            }
        }
        return -1;
    }

    /**
     * Kills {@code root} and everything below it, and waits (briefly) until they are gone. bubblewrap's
     * child goes first: it is pid 1 of the sandbox's namespace, so the kernel kills everything else in
     * there with it, and bubblewrap reaps it and exits by itself. Killing bubblewrap first would leave its
     * child as a zombie for the host's init to collect.
     */
    public static void killTree(ProcessHandle root) {
        root.children().forEach(ProcessHandle::destroyForcibly);
        if (waitForExit(List.of(root), 1)) {
            return;
        }
        List<ProcessHandle> below = root.descendants().toList();
        root.destroyForcibly();
        below.forEach(ProcessHandle::destroyForcibly);
        var all = new java.util.ArrayList<ProcessHandle>(below);
        all.add(root);
        waitForExit(all, 5);
    }

    private static boolean waitForExit(List<ProcessHandle> processes, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        // non-child processes have no exit notification worth waiting on: poll, briefly
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
