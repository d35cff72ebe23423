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
    /** The replica's idle timeout for sessions ({@code idle_timeout_s} on {@code /capacity}), 0 for none. */
    volatile long idleNanos;
    /** False until the replica first answers, and again after a poll or a connection to it fails. */
    volatile boolean up;
    /**
     * Sessions placed here and not yet opened there (the connection to the replica or its reply still on the way):
     * no report counts them yet, whenever it was asked for.
     */
    final AtomicInteger pending = new AtomicInteger();
    /** Sessions placed here that the replica has opened, ever (a sequence: reports say how far they count). */
    final java.util.concurrent.atomic.AtomicLong confirmedTotal = new java.util.concurrent.atomic.AtomicLong();
    /** How many of {@link #confirmedTotal} the report now used counts (those confirmed before it was asked for). */
    private long countedUpTo;

    /**
     * Takes a report asked for when {@code confirmedAtAsk} sessions were confirmed; an older report arriving after
     * a newer one is ignored, so overlapping polls never count a session twice or drop one.
     */
    synchronized void report(int max, int active, boolean draining, long confirmedAtAsk) {
        if (confirmedAtAsk < countedUpTo) {
            return;
        }
        countedUpTo = confirmedAtAsk;
        this.max = max;
        this.reportedActive = active;
        this.draining = draining;
    }

    private synchronized long sinceReport() {
        return confirmedTotal.get() - countedUpTo;
    }

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
        long held = reportedActive + pending.get() + sinceReport();
        return (int) Math.max(0, max - held);
    }

    /**
     * The free slots by the last report alone and the placements still on their way: a report asked for while a
     * burst was being placed may already count sessions that {@link #free()} counts again as placed since, so at
     * the end of a burst this, not {@link #free()}, says whether the replica still has room. It still errs on the
     * full side by the sessions on their way that the report already counts (which ones, the router cannot tell);
     * leaving those out instead erred on the empty side and sent more sessions to replicas that then refused
     * them (bench part scale, run 3, docs/performance.md).
     */
    int freeByReport() {
        if (!up || draining) {
            return 0;
        }
        return Math.max(0, max - reportedActive - pending.get());
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
