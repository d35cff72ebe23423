package io.openenv4j.server.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which replica owns each MCP session the router has seen created (the dialect's {@code result.session_id}, the
 * spec's {@code Mcp-Session-Id}), and when the router last relayed something for it.
 *
 * <p>A session can end on its replica without a close through the router: the replica closes it after its idle
 * timeout. The replicas say that timeout on {@code GET /capacity} ({@code idle_timeout_s}), so an entry the router
 * has not used for longer than its replica's timeout plus a margin (the replica's reaping period and one poll) is
 * dropped: by then the replica has closed the session too. An entry is also dropped when its replica answers that
 * it does not know the session, when the session is closed through the router, and when the replica goes down.
 * Entries of replicas without an idle timeout stay until one of those; past {@code cap} entries the least recently
 * used go first, so the table's memory is bounded whatever the replicas do.
 */
final class SessionOwners {

    private static final class Owner {
        final Replica replica;
        volatile long lastUsed;
        /** {@code /ws?session_id=} sockets attached through the router: the replica does not reap those. */
        final AtomicInteger attached = new AtomicInteger();

        Owner(Replica replica, long now) {
            this.replica = replica;
            this.lastUsed = now;
        }
    }

    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    private final long pollNanos;

    SessionOwners(long pollNanos) {
        this.pollNanos = pollNanos;
    }

    void put(String session, Replica replica) {
        owners.put(session, new Owner(replica, System.nanoTime()));
    }

    /** The owner of {@code session} (marking it used now), or {@code null} when the router does not know it. */
    Replica use(String session) {
        Owner owner = owners.get(session);
        if (owner == null) {
            return null;
        }
        owner.lastUsed = System.nanoTime();
        return owner.replica;
    }

    /** A {@code /ws?session_id=} socket attached to {@code session} through the router; {@code false} if unknown. */
    boolean attach(String session) {
        Owner owner = owners.get(session);
        if (owner == null) {
            return false;
        }
        owner.attached.incrementAndGet();
        owner.lastUsed = System.nanoTime();
        return true;
    }

    /** That socket closed: from now on the session's idle time counts again. */
    void detach(String session) {
        Owner owner = owners.get(session);
        if (owner != null) {
            owner.attached.decrementAndGet();
            owner.lastUsed = System.nanoTime();
        }
    }

    /** Forgets {@code session} if {@code replica} still owns it (closed, or the replica does not know it). */
    void remove(String session, Replica replica) {
        owners.computeIfPresent(session, (id, owner) -> owner.replica == replica ? null : owner);
    }

    /** Forgets every session of a replica that went down. */
    void forget(Replica replica) {
        owners.values().removeIf(owner -> owner.replica == replica);
    }

    int size() {
        return owners.size();
    }

    boolean knows(String session) {
        return owners.containsKey(session);
    }

    /**
     * Drops the entries whose replica has closed their session for idleness by now, then, above {@code cap}
     * entries, the least recently used. Returns how many were dropped.
     */
    int sweep(long now, int cap) {
        int before = owners.size();
        owners.values().removeIf(owner -> expired(owner, now));
        int over = owners.size() - cap;
        if (over > 0) {
            var entries = new ArrayList<Map.Entry<String, Owner>>(owners.entrySet());
            entries.removeIf(entry -> entry.getValue().attached.get() > 0);
            entries.sort(Comparator.comparingLong(entry -> entry.getValue().lastUsed));
            for (int i = 0; i < over && i < entries.size(); i++) {
                var entry = entries.get(i);
                owners.remove(entry.getKey(), entry.getValue());
            }
        }
        return before - owners.size();
    }

    private boolean expired(Owner owner, long now) {
        long idle = owner.replica.idleNanos;
        if (idle <= 0 || owner.attached.get() > 0) {
            return false;
        }
        // The replica reaps every min(5 s, idle/4) (at least 50 ms): by idle + one reaping period + one poll after
        // the last relayed message, the replica has closed the session.
        long reapPeriod = Math.max(50_000_000L, Math.min(5_000_000_000L, idle / 4));
        return now - owner.lastUsed > idle + reapPeriod + pollNanos;
    }
}
