package io.openenv4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tasks an environment plays, for discovery: what the reference's task API ({@code GET /{env}/splits},
 * {@code POST /{env}/tasks}, {@code /num_tasks}, {@code /task}, {@code /task_range}) serves. Transport-free: tasks
 * are JSON-ready maps (strings, numbers, booleans, {@code null}, lists and maps), and they never hold what the agent
 * must not see (reference answers, tests, checkers). Choosing a task for an episode is not part of this: a reset does
 * that, with its {@code split} and {@code index} fields.
 *
 * <p>Errors: a split the catalogue does not hold throws {@link UnknownSplitException}; an index outside the split
 * throws {@link IndexOutOfBoundsException}. Implementations are thread-safe and side-effect free.
 */
public interface TaskCatalogue {

    /** The split names, in a stable order. */
    List<String> splits();

    /** How many tasks {@code split} holds. */
    long count(String split);

    /** The task at row {@code index} of {@code split}, from 0. */
    Map<String, Object> task(String split, long index);

    /**
     * The tasks of {@code split} in {@code [start, stop)} with Python's slice rules: {@code null} means the
     * beginning (start) or the end (stop), a negative bound counts from the end, bounds past either end are clamped.
     */
    default List<Map<String, Object>> range(String split, Long start, Long stop) {
        long count = count(split);
        long from = sliceBound(start, 0, count);
        long to = sliceBound(stop, count, count);
        var tasks = new ArrayList<Map<String, Object>>();
        for (long index = from; index < to; index++) {
            tasks.add(task(split, index));
        }
        return tasks;
    }

    /** Every task of {@code split}. */
    default List<Map<String, Object>> tasks(String split) {
        return range(split, null, null);
    }

    private static long sliceBound(Long bound, long absent, long count) {
        if (bound == null) {
            return absent;
        }
        long value = bound < 0 ? bound + count : bound;
        return Math.max(0, Math.min(value, count));
    }

    /** Thrown for a split the catalogue does not hold; the message names the ones it does. */
    final class UnknownSplitException extends RuntimeException {

        public UnknownSplitException(String split, List<String> splits) {
            super("unknown split '" + split + "'; the environment has splits " + splits);
        }
    }
}
