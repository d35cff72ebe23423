package io.openenv4j.server.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The episodes the trainer channel can hand out, by episode id, at most {@code capacity} of them: starting
 * one more drops the one started longest ago. An episode started again under the same id replaces the
 * earlier one. Thread-safe.
 */
final class EpisodeLog {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Episode> episodes = new LinkedHashMap<>();

    EpisodeLog(int capacity) {
        this.capacity = capacity;
    }

    void add(Episode episode) {
        lock.lock();
        try {
            episodes.remove(episode.id);
            episodes.put(episode.id, episode);
            while (episodes.size() > capacity) {
                var eldest = episodes.keySet().iterator().next();
                episodes.remove(eldest);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The episode with this id, or {@code null}. */
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
