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
            List<ProcessHandle> victims = root.descendants().filter(p -> !spare.contains(p.pid())).toList();
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

    /** Kills {@code root} and everything below it, and waits (briefly) until they are gone. */
    public static void killTree(ProcessHandle root) {
        List<ProcessHandle> below = root.descendants().toList();
        root.destroyForcibly();
        below.forEach(ProcessHandle::destroyForcibly);
        killDescendants(root, Set.of());
        try {
            root.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // still there after five seconds: nothing more a signal can do; callers check for leaks
        }
        for (ProcessHandle process : below) {
            try {
                process.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // as above
            }
        }
    }
}
