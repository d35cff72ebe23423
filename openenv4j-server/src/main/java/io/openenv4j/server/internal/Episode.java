package io.openenv4j.server.internal;

import io.openenv4j.core.Outcome;
import io.openenv4j.rewards.Scored;
import io.openenv4j.rewards.Trajectory;
import io.openenv4j.rewards.Transition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the trainer channel knows of one episode: its transitions as plain JSON values, the environment's
 * latest {@link Outcome}, and each reward the provider gave (with components and provenance) or why it
 * gave none. Written by the episode's session, read by trainer requests: thread-safe.
 */
final class Episode {

    final String id;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Transition> steps = new ArrayList<>();
    private final List<Map<String, Object>> rewards = new ArrayList<>();
    private Outcome outcome;
    private boolean done;

    Episode(String id, Outcome outcome) {
        this.id = id;
        this.outcome = outcome;
    }

    /** Appends a transition and the outcome after it; returns the trajectory so far (for scoring). */
    Trajectory record(Transition step, Outcome newOutcome) {
        lock.lock();
        try {
            steps.add(step);
            outcome = newOutcome;
            done = step.done();
            return new Trajectory(id, List.copyOf(steps), outcome);
        } finally {
            lock.unlock();
        }
    }

    int stepCount() {
        lock.lock();
        try {
            return steps.size();
        } finally {
            lock.unlock();
        }
    }

    /** Notes the provider's score for step {@code step} (1-based) and the reward the step carried. */
    void scored(int step, double reward, Scored scored) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("step", step);
        entry.put("reward", reward);
        entry.put("scored", scored);
        add(entry);
    }

    /** Notes that the provider gave no reward for step {@code step}, and why. */
    void failed(int step, Map<String, Object> error) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("step", step);
        entry.put("reward", null);
        entry.put("error", error);
        add(entry);
    }

    private void add(Map<String, Object> entry) {
        lock.lock();
        try {
            rewards.add(entry);
        } finally {
            lock.unlock();
        }
    }

    /** {@code {"episode_id","done","step_count"}}, for listings. */
    Map<String, Object> summary() {
        lock.lock();
        try {
            var map = new LinkedHashMap<String, Object>();
            map.put("episode_id", id);
            map.put("done", done);
            map.put("step_count", steps.size());
            return map;
        } finally {
            lock.unlock();
        }
    }

    /** The whole record: summary, {@code trajectory} (as a reward provider takes it) and {@code rewards}. */
    Map<String, Object> record() {
        lock.lock();
        try {
            var map = summary();
            map.put("trajectory", new Trajectory(id, List.copyOf(steps), outcome));
            map.put("rewards", List.copyOf(rewards));
            return map;
        } finally {
            lock.unlock();
        }
    }
}
