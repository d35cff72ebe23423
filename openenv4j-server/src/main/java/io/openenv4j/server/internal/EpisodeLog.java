package io.openenv4j.server.internal;

import io.openenv4j.core.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The episodes the trainer channel can hand out, by key, at most {@code capacity} of them. An agent cannot
 * touch another's records: an episode whose id is already on record is kept next to it under {@code
 * <id>~2}, {@code <id>~3}, … instead of replacing it, and when the log is full the episode dropped is the
 * oldest of the owner (session) holding the most records, so one client resetting quickly evicts its own
 * records, not everyone's. Thread-safe.
 */
final class EpisodeLog {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Episode> episodes = new LinkedHashMap<>();
    /** Each owner's keys, oldest first. */
    private final Map<String, ArrayDeque<String>> byOwner = new HashMap<>();

    EpisodeLog(int capacity) {
        this.capacity = capacity;
    }

    /** Records a new episode of {@code owner} with the environment's {@code id}; returns it, with its key. */
    Episode start(String owner, String id, Outcome outcome) {
        lock.lock();
        try {
            String key = id;
            for (int n = 2; episodes.containsKey(key); n++) {
                key = id + "~" + n;
            }
            var episode = new Episode(key, outcome);
            episodes.put(key, episode);
            byOwner.computeIfAbsent(owner, ignored -> new ArrayDeque<>()).add(key);
            while (episodes.size() > capacity) {
                evictFromLargestOwner();
            }
            return episode;
        } finally {
            lock.unlock();
        }
    }

    private void evictFromLargestOwner() {
        String largest = null;
        int most = 0;
        for (var entry : byOwner.entrySet()) {
            if (entry.getValue().size() > most) {
                most = entry.getValue().size();
                largest = entry.getKey();
            }
        }
        ArrayDeque<String> keys = byOwner.get(largest);
        episodes.remove(keys.poll());
        if (keys.isEmpty()) {
            byOwner.remove(largest);
        }
    }

    /** The episode with this key, or {@code null}. */
    Episode find(String id) {
        lock.lock();
        try {
            return episodes.get(id);
        } finally {
            lock.unlock();
        }
    }

    /** Summaries of the kept episodes, the most recently started first. */
    List<Map<String, Object>> summaries() {
        List<Episode> all;
        lock.lock();
        try {
            all = new ArrayList<>(episodes.values());
        } finally {
            lock.unlock();
        }
        var out = new ArrayList<Map<String, Object>>(all.size());
        for (int i = all.size() - 1; i >= 0; i--) {
            out.add(all.get(i).summary());
        }
        return out;
    }
}
