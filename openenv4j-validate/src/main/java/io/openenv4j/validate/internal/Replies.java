package io.openenv4j.validate.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the validator's own client timeouts saw: every round trip's time and every request left unanswered
 * within the reply timeout. Thread-safe.
 */
final class Replies {

    private final Duration timeout;
    private final List<String> unanswered = new ArrayList<>();
    private long count;
    private double slowestMs;
    private String slowest = "";

    Replies(Duration timeout) {
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    synchronized void answered(String what, long nanos) {
        count++;
        double ms = nanos / 1e6;
        if (ms > slowestMs) {
            slowestMs = ms;
            slowest = what;
        }
    }

    synchronized void unanswered(String what) {
        count++;
        unanswered.add(Socket.abbreviate(what));
    }

    synchronized long count() {
        return count;
    }

    synchronized double slowestMs() {
        return slowestMs;
    }

    synchronized String slowest() {
        return slowest;
    }

    synchronized List<String> unansweredRequests() {
        return List.copyOf(unanswered);
    }
}
