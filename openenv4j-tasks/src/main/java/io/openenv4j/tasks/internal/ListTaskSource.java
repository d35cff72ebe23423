package io.openenv4j.tasks.internal;

import io.openenv4j.tasks.DatasetFiles;
import io.openenv4j.tasks.Task;
import io.openenv4j.tasks.TaskLookupException;
import io.openenv4j.tasks.TaskSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Tasks held in memory. Immutable and thread-safe. */
public final class ListTaskSource implements TaskSource {

    private final Map<String, List<Task>> splits = new LinkedHashMap<>();
    private final Map<String, Map<String, Task>> byId = new HashMap<>();

    public ListTaskSource(Map<String, List<Task>> tasks) {
        for (String split : DatasetFiles.order(tasks.keySet())) {
            List<Task> list = List.copyOf(tasks.get(split));
            var ids = new HashMap<String, Task>();
            for (int i = 0; i < list.size(); i++) {
                Task task = list.get(i);
                if (!task.split().equals(split) || task.index() != i) {
                    throw new IllegalArgumentException("task " + task.id() + " claims " + task.split() + "["
                            + task.index() + "] but sits at " + split + "[" + i + "]");
                }
                if (ids.putIfAbsent(task.id(), task) != null) {
                    throw new IllegalArgumentException(
                            "split " + split + ": task id '" + task.id() + "' appears twice");
                }
            }
            splits.put(split, list);
            byId.put(split, ids);
        }
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("a task source needs at least one split");
        }
    }

    @Override
    public List<String> splits() {
        return List.copyOf(splits.keySet());
    }

    @Override
    public long count(String split) {
        return list(split).size();
    }

    @Override
    public Task task(String split, long index) {
        List<Task> list = list(split);
        if (index < 0 || index >= list.size()) {
            throw new TaskLookupException("task index " + index + " is out of range: split '" + split + "' has "
                    + list.size() + " tasks" + (list.isEmpty() ? "" : " (0.." + (list.size() - 1) + ")"));
        }
        return list.get((int) index);
    }

    @Override
    public Task task(String split, String id) {
        list(split);
        Task task = byId.get(split).get(Objects.requireNonNull(id, "id"));
        if (task == null) {
            throw new TaskLookupException("no task with id '" + id + "' in split '" + split + "'");
        }
        return task;
    }

    private List<Task> list(String split) {
        List<Task> list = splits.get(Objects.requireNonNull(split, "split"));
        if (list == null) {
            throw new TaskLookupException("unknown split '" + split + "'; the task source has splits " + splits());
        }
        return list;
    }
}
