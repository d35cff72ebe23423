package io.openenv4j.sandbox.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One output stream of a long-lived interpreter, cut into one segment per request. After a request, the
 * interpreter's driver writes {@code "\n" + nonce + ":" + status + "\n"}; everything before that marker
 * is the request's output (the marker's leading newline is the driver's, not the program's). The nonce is
 * fresh and random for each request, so program output cannot end a segment early.
 *
 * <p>A virtual thread reads all the time, so the interpreter never blocks on a full pipe; of each
 * segment the first {@code limit} bytes are kept.
 */
public final class FramedStream {

    /** One request's output. {@code status} is {@code null} when the stream ended (the process died). */
    public record Segment(byte[] data, boolean truncated, String status) {}

    private final int limit;
    private final BlockingQueue<Segment> segments = new LinkedBlockingQueue<>();
    private volatile byte[] marker = new byte[] {'\n', 0};

    private byte[] current;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final StringBuilder status = new StringBuilder();
    private long total;
    private int matched;
    private boolean inStatus;

    private FramedStream(InputStream in, int limit) {
        this.limit = limit;
        Thread.ofVirtual().name("sandbox-framed").start(() -> read(in));
    }

    public static FramedStream of(InputStream in, int limit) {
        return new FramedStream(in, limit);
    }

    /** Sets the nonce of the next request and forgets any stray output; call before sending it. */
    public void expect(String nonce) {
        segments.removeIf(segment -> segment.status() != null);
        marker = ("\n" + nonce + ":").getBytes(StandardCharsets.US_ASCII);
    }

    /** The next segment, or {@code null} when none came within {@code timeout}. */
    public Segment next(Duration timeout) throws InterruptedException {
        return segments.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    private void read(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    accept(buffer[i]);
                }
            }
        } catch (IOException e) {
            // killed: treated as the end of the stream
        }
        segments.add(new Segment(content(total), total > limit, null));
    }

    private void accept(byte b) {
        byte[] expected = marker;
        if (expected != current) {
            current = expected;
            restart();
        }
        if (inStatus) {
            if (b == '\n') {
                long length = total - expected.length;
                segments.add(new Segment(content(length), length > limit, status.toString()));
                restart();
            } else if (status.length() < 32) {
                status.append((char) b);
            }
            return;
        }
        if (kept.size() < limit + expected.length) {
            kept.write(b);
        }
        total++;
        if (b == expected[matched]) {
            matched++;
        } else {
            matched = b == expected[0] ? 1 : 0;
        }
        if (matched == expected.length) {
            inStatus = true;
        }
    }

    private byte[] content(long length) {
        byte[] bytes = kept.toByteArray();
        return Arrays.copyOf(bytes, (int) Math.max(0, Math.min(Math.min(length, limit), bytes.length)));
    }

    private void restart() {
        kept.reset();
        status.setLength(0);
        total = 0;
        matched = 0;
        inStatus = false;
    }
}
