package io.openenv4j.server.placement;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica behind the placement router and what the router knows of it: the capacity it last reported on
 * {@code GET /capacity}, whether it answered, whether it drains, and the sessions the router itself has placed
 * on it and not yet seen end. Fields are read and written on the router's event loop only, except the counter.
 */
final class Replica {

    final URI uri;
    final String host;
    final int port;
    final boolean tls;

    /** The replica's session limit, 0 until it first answers. */
    volatile int max;
    /** Slots held, as the replica last reported. */
    volatile int reportedActive;
    volatile boolean draining;
    /** False until the replica first answers, and again after a poll or a connection to it fails. */
    volatile boolean up;
    /** Sessions placed here since the last report was asked for: that report may not count them yet. */
    final AtomicInteger placedSinceReport = new AtomicInteger();

    Replica(URI uri) {
        this.uri = uri;
        this.tls = "https".equals(uri.getScheme());
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    }

    /**
     * The free slots the router counts on: the limit minus what the replica reported and what was placed here
     * since; 0 when down or draining. The replica's report stays the truth (sessions that end or time out there
     * are seen at the next report), so no count of the router's can drift.
     */
    int free() {
        if (!up || draining) {
            return 0;
        }
        int held = reportedActive + Math.max(0, placedSinceReport.get());
        return Math.max(0, max - held);
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
