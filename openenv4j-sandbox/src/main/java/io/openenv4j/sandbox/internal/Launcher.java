package io.openenv4j.sandbox.internal;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts sandbox processes from one long-lived platform thread. bubblewrap's {@code --die-with-parent}
 * uses {@code PR_SET_PDEATHSIG}, which fires when the <em>thread</em> that forked the process ends; a
 * pooled or virtual-thread carrier may end at any time, so every start goes through this thread, which
 * lives as long as the JVM. When the JVM dies, so do all sandboxes.
 */
public final class Launcher {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "openenv4j-sandbox-launcher");
        thread.setDaemon(true);
        return thread;
    });

    private Launcher() {}

    /** Starts the process on the launcher thread. */
    public static Process start(ProcessBuilder builder) throws IOException {
        try {
            return THREAD.submit(builder::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("could not start " + builder.command().get(0), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting a sandbox process", e);
        }
    }
}
