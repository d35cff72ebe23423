package io.openenv4j.envs;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Episode;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.TaskCatalogue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The task catalogue of a built-in environment whose tasks are its own (not a dataset's): one split,
 * {@value #SPLIT}, of numbered tasks, offered on the task API, and the reset fields {@code split} and {@code index}
 * (the reference's {@code reset(split=..., index=...)}) that play one of them.
 */
public final class BuiltInTasks {

    /** The one split of a built-in task list. */
    public static final String SPLIT = "train";

    /** How many tasks the environments that draw tasks from a seed offer: task {@code i} is the task of seed {@code i}. */
    public static final long SEEDED = 1000;

    /** The reset fields that pick a task of the catalogue. */
    public static final List<String> RESET_FIELDS = List.of("split", "index");

    private BuiltInTasks() {}

    /** A catalogue of {@code count} tasks in split {@value #SPLIT}, task {@code i} being what {@code shown} says of it. */
    public static TaskCatalogue of(long count, LongFunction<Map<String, Object>> shown) {
        return new TaskCatalogue() {
            @Override
            public List<String> splits() {
                return List.of(SPLIT);
            }

            @Override
            public long count(String split) {
                if (!SPLIT.equals(split)) {
                    throw new UnknownSplitException(split, splits());
                }
                return count;
            }

            @Override
            public Map<String, Object> task(String split, long index) {
                if (index < 0 || index >= count(split)) {
                    throw new IndexOutOfBoundsException(
                            "task index " + index + " is outside split '" + split + "' of " + count + " tasks");
                }
                return shown.apply(index);
            }
        };
    }

    /** A task as the task API shows it: its id, split, index and the prompt the agent gets. */
    public static Map<String, Object> task(String id, long index, String prompt) {
        return task(id, index, prompt, Map.of());
    }

    /** A task as the task API shows it, with {@code metadata} the agent may see too. */
    public static Map<String, Object> task(String id, long index, String prompt, Map<String, Object> metadata) {
        var task = new LinkedHashMap<String, Object>();
        task.put("id", id);
        task.put("split", SPLIT);
        task.put("index", index);
        task.put("prompt", prompt);
        task.put("metadata", metadata);
        return task;
    }

    /**
     * The task index {@code request} names with {@code index} (and optionally {@code split}, which must be
     * {@value #SPLIT}); empty when it names none. {@code other} is the environment's own field that also names a
     * task (such as {@code task}): naming a task both ways is an error.
     */
    public static OptionalLong index(ResetRequest request, long count, String other) {
        Object split = request.option("split", null);
        if (split != null && !SPLIT.equals(split)) {
            throw new EnvironmentException(
                    "reset field 'split' must be '" + SPLIT + "' (the only split), got '" + split + "'");
        }
        if (request.option("index", null) == null) {
            return OptionalLong.empty();
        }
        if (request.option(other, null) != null) {
            throw new EnvironmentException("reset fields '" + other + "' and 'index' both name a task; send one");
        }
        long index = request.longOption("index", -1);
        if (index < 0 || index >= count) {
            throw new EnvironmentException("reset field 'index' must be within 0.." + (count - 1) + ", got " + index);
        }
        return OptionalLong.of(index);
    }

    /**
     * The named task a reset asks for from {@code tasks}: by {@code index} (see {@link #index}), by name in the
     * option {@code task}, none for {@code task: none} ({@code null}), else one drawn from the reset's seed (or a
     * random one). An unknown name is an error that lists the names.
     */
    public static <T> T choose(ResetRequest request, List<T> tasks, Function<T, String> name) {
        var index = index(request, tasks.size(), "task");
        if (index.isPresent()) {
            return tasks.get((int) index.getAsLong());
        }
        Object wanted = request.option("task", null);
        if (wanted == null) {
            return tasks.get(new Random(Episode.seedFor(request)).nextInt(tasks.size()));
        }
        if ("none".equals(wanted)) {
            return null;
        }
        return tasks.stream()
                .filter(task -> name.apply(task).equals(String.valueOf(wanted)))
                .findFirst()
                .orElseThrow(() -> new EnvironmentException("reset option 'task' must be one of "
                        + tasks.stream().map(name).toList() + " or 'none', got '" + wanted + "'"));
    }
}
