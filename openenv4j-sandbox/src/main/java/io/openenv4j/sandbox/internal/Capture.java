package io.openenv4j.sandbox.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream to its end on a virtual thread, keeping the first {@code limit} bytes and dropping (but
 * still reading, so the writer never blocks) the rest.
 */
public final class Capture {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private final Thread thread;
    private long total;

    private Capture(InputStream in, int limit) {
        this.limit = limit;
        this.thread = Thread.ofVirtual().name("sandbox-capture").start(() -> drain(in));
    }

    public static Capture of(InputStream in, int limit) {
        return new Capture(in, limit);
    }

    private void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (kept) {
                    int keep = (int) Math.max(0, Math.min(n, limit - total));
                    kept.write(buffer, 0, keep);
                    total += n;
                }
            }
        } catch (IOException e) {
            // the process was killed and the pipe closed: what was read is what there is
        }
    }

    /** Waits up to {@code millis} for the end of the stream. */
    public void await(long millis) throws InterruptedException {
        thread.join(java.time.Duration.ofMillis(Math.max(1, millis)));
    }

    public byte[] bytes() {
        synchronized (kept) {
            return kept.toByteArray();
        }
    }

    public boolean truncated() {
        synchronized (kept) {
            return total > limit;
        }
    }
}
