package io.openenv4j.tasks.internal;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.tasks.Replacement;
import io.openenv4j.tasks.Sampling;
import io.openenv4j.tasks.Shard;
import io.openenv4j.tasks.Task;
import io.openenv4j.tasks.TaskBinding;
import io.openenv4j.tasks.TaskOrder;
import io.openenv4j.tasks.TaskSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the task selection fields of a reset (see {@link TaskBinding}) and finds the task. */
final class Selection {

    private static final List<String> ORDER_FIELDS =
            List.of("task_seed", "task_position", "task_epoch", "task_sampling", "task_rank", "task_world_size");

    private Selection() {}

    /** The reset's options without the selection fields: what the environment receives. */
    static ResetRequest strip(ResetRequest request) {
        var options = new LinkedHashMap<String, Object>(request.options());
        TaskBinding.SELECTION_FIELDS.forEach(options::remove);
        return new ResetRequest(request.seed(), request.episodeId(), options);
    }

    static Task choose(ResetRequest request, TaskSource source, TaskBinding.Options defaults, Cursors cursors) {
        Map<String, Object> options = request.options();
        String split = text(request, "split", defaults.split());
        if (!source.splits().contains(split)) {
            throw new io.openenv4j.tasks.TaskLookupException(
                    "unknown split '" + split + "'; the task source has splits " + source.splits());
        }
        boolean byId = options.get("task_id") != null;
        String indexField = options.get("task_index") != null ? "task_index" : "index";
        if (options.get("task_index") != null && options.get("index") != null) {
            throw new EnvironmentException("reset fields 'task_index' and 'index' both name a task; send one");
        }
        boolean byIndex = options.get(indexField) != null;
        if (byId || byIndex) {
            if (byId && byIndex) {
                throw new EnvironmentException(
                        "reset fields 'task_id' and '" + indexField + "' both name a task; send one");
            }
            var ordering = ORDER_FIELDS.stream()
                    .filter(key -> options.get(key) != null)
                    .toList();
            if (!ordering.isEmpty()) {
                throw new EnvironmentException("reset field '" + (byId ? "task_id" : indexField)
                        + "' names one task, so " + ordering + " do not apply; send either");
            }
            if (byId) {
                Object id = options.get("task_id");
                return source.task(split, id instanceof String s ? s : String.valueOf(id));
            }
            long index = request.longOption(indexField, -1);
            return source.task(split, index);
        }
        Sampling base = defaults.sampling();
        long seed = request.options().get("task_seed") != null
                ? request.longOption("task_seed", 0)
                : request.seed() != null ? request.seed() : base.seed();
        Replacement replacement = base.replacement();
        if (options.get("task_sampling") != null) {
            try {
                replacement = Replacement.parse(String.valueOf(options.get("task_sampling")));
            } catch (IllegalArgumentException e) {
                throw new EnvironmentException("reset field 'task_sampling': " + e.getMessage());
            }
        }
        Shard shard = base.shard();
        if (options.get("task_rank") != null || options.get("task_world_size") != null) {
            long rank = request.longOption("task_rank", 0);
            long world = request.longOption("task_world_size", 1);
            if (world < 1 || world > Integer.MAX_VALUE || rank < 0 || rank >= world) {
                throw new EnvironmentException(
                        "reset fields 'task_rank' and 'task_world_size' need 0 <= task_rank < task_world_size,"
                                + " got " + rank + " and " + world);
            }
            shard = Shard.of((int) rank, (int) world);
        }
        long epoch = nonNegative(request, "task_epoch", 0);
        var order = TaskOrder.of(source.count(split), new Sampling(seed, replacement, shard));
        long position;
        if (options.get("task_position") != null) {
            position = nonNegative(request, "task_position", 0);
        } else if (request.seed() != null || options.get("task_seed") != null) {
            position = 0;
        } else {
            position = cursors.take(split
                    + '\n'
                    + seed
                    + '\n'
                    + replacement
                    + '\n'
                    + shard.rank()
                    + '/'
                    + shard.worldSize()
                    + '\n'
                    + epoch);
        }
        long shardSize = order.shardSize();
        long start = shardSize == 0 ? 0 : Math.multiplyExact(epoch, shardSize);
        return source.task(split, order.index(Math.addExact(start, position)));
    }

    private static long nonNegative(ResetRequest request, String key, long fallback) {
        long value = request.longOption(key, fallback);
        if (value < 0) {
            throw new EnvironmentException("reset field '" + key + "' must not be negative, got " + value);
        }
        return value;
    }

    private static String text(ResetRequest request, String key, String fallback) {
        Object value = request.options().get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new EnvironmentException("reset field '" + key + "' must be a split name, got " + value);
        }
        return s;
    }
}
