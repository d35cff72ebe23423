package io.openenv4j.tasks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One task of a dataset split: what an episode starts from. The {@link #prompt()} is for the agent; the
 * {@link #hidden()} fields (reference answers, solutions, test cases) are for the environment and whoever
 * scores the episode and never reach the agent (see {@link TaskBinding}); the {@link #metadata()} (difficulty,
 * source) is not secret and may be shown.
 *
 * <p>Map values are JSON-shaped and may be {@code null}; maps are copied and unmodifiable, in column order.
 *
 * @param id the task's id, unique within its split (a column of the row, or {@code "<split>/<index>"})
 * @param split the split the task belongs to, for example {@code train}
 * @param index the task's row number within its split, from 0
 * @param prompt the text the agent is given (the prompt column; a non-text value as JSON)
 * @param hidden the columns the agent must never see
 * @param metadata further columns, not secret
 */
public record Task(
        String id, String split, long index, String prompt, Map<String, Object> hidden, Map<String, Object> metadata) {

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(prompt, "prompt");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, got " + index);
        }
        hidden = copy(hidden);
        metadata = copy(metadata);
    }

    /** The hidden field {@code name}, or {@code null} when the task has none of that name. */
    public Object hidden(String name) {
        return hidden.get(Objects.requireNonNull(name, "name"));
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
