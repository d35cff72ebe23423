package io.openenv4j.tasks;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.TaskCatalogue;
import io.openenv4j.tasks.internal.BoundEnvironment;
import io.openenv4j.tasks.internal.Cursors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds a {@link TaskEnvironment} to a {@link TaskSource}: every reset chooses a task, from the reset's extra
 * fields, and the environment plays it. Step never changes the task.
 *
 * <p>Selection fields (keys of the reset request besides {@code seed} and {@code episode_id}; they are
 * removed before the environment sees the request):
 *
 * <table>
 *   <caption>reset fields</caption>
 *   <tr><td>{@code split}</td><td>the split (default: the binding's)</td></tr>
 *   <tr><td>{@code task_id}</td><td>the task with this id</td></tr>
 *   <tr><td>{@code task_index}</td><td>the task at this row of the split</td></tr>
 *   <tr><td>{@code index}</td><td>the same as {@code task_index} (the reference's task API name,
 *       {@code reset(split=..., index=...)})</td></tr>
 *   <tr><td>{@code task_seed}</td><td>the seed of the order (default: {@code seed}, else the binding's)</td></tr>
 *   <tr><td>{@code task_position}</td><td>the position in the order, across epochs</td></tr>
 *   <tr><td>{@code task_epoch}</td><td>the epoch {@code task_position} counts from (default 0)</td></tr>
 *   <tr><td>{@code task_sampling}</td><td>{@code without_replacement} (default) or {@code with_replacement}</td></tr>
 *   <tr><td>{@code task_rank}, {@code task_world_size}</td><td>this worker's shard (default: the binding's)</td></tr>
 * </table>
 *
 * <p>Without {@code task_id} or {@code task_index} the task comes from the {@link TaskOrder} of the split:
 * at {@code task_position} when given; else at position 0 of the order of the request's {@code seed} when
 * there is one (the same split and seed always give the same task); else at the next position of a cursor
 * shared by every session of the bound spec, so parallel sessions never get the same task twice in an epoch.
 *
 * <p>The agent-facing side: state gains {@code task_id}, {@code split} and {@code task_index}; every
 * observation and state is scanned for the task's hidden values before it leaves, and one that holds any is
 * refused with a {@link HiddenFieldLeakException} (the episode must then be reset). The bound environment
 * reports an {@link io.openenv4j.core.Outcome} with the task id and its hidden fields, for scoring only.
 */
public final class TaskBinding {

    /** The reset fields that select a task. */
    public static final List<String> SELECTION_FIELDS = List.of(
            "split",
            "task_id",
            "task_index",
            "index",
            "task_seed",
            "task_position",
            "task_epoch",
            "task_sampling",
            "task_rank",
            "task_world_size");

    /**
     * Defaults for resets that do not say.
     *
     * @param split the split, or {@code null} for the source's {@link TaskSource#defaultSplit()}
     * @param sampling the order's seed (for the shared cursor), replacement and shard
     */
    public record Options(String split, Sampling sampling) {

        public Options {
            Objects.requireNonNull(sampling, "sampling");
        }

        /** The source's default split, seed 0, without replacement, the whole split. */
        public static Options defaults() {
            return new Options(null, Sampling.of(0));
        }

        public Options withSplit(String newSplit) {
            return new Options(newSplit, sampling);
        }

        public Options withSampling(Sampling newSampling) {
            return new Options(split, newSampling);
        }
    }

    private TaskBinding() {}

    /**
     * The spec of {@code spec}'s environment bound to {@code source}. The state type becomes a map: the
     * environment's state fields plus {@code task_id}, {@code split} and {@code task_index}. Instances of
     * {@code spec} must implement {@link TaskEnvironment}; one that does not fails at creation.
     *
     * @throws TaskLookupException when {@code options} names a split the source lacks
     */
    @SuppressWarnings("unchecked")
    public static <A, O, S> EnvSpec<A, O, Map<String, Object>> wrap(
            EnvSpec<A, O, S> spec, TaskSource source, Options options) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        String split = options.split() == null ? source.defaultSplit() : options.split();
        if (!source.splits().contains(split)) {
            throw new TaskLookupException(
                    "unknown split '" + split + "'; the task source has splits " + source.splits());
        }
        var defaults = options.withSplit(split);
        var cursors = new Cursors();
        Class<Map<String, Object>> stateType = (Class<Map<String, Object>>) (Class<?>) Map.class;
        return new EnvSpec<>(
                spec.metadata(),
                spec.actionType(),
                spec.observationType(),
                stateType,
                () -> {
                    Environment<A, O, S> inner = spec.factory().create();
                    if (!(inner instanceof TaskEnvironment<A, O, S> tasked)) {
                        inner.close();
                        throw new IllegalStateException(
                                "environment '" + spec.metadata().name() + "' does not play tasks: "
                                        + inner.getClass().getName() + " does not implement TaskEnvironment");
                    }
                    return new BoundEnvironment<>(spec.metadata().name(), tasked, source, defaults, cursors);
                },
                spec.concurrency(),
                spec.execution(),
                catalogue(source));
    }

    /**
     * {@code source} as the task API sees it: each task as {@code id}, {@code split}, {@code index}, {@code prompt}
     * and {@code metadata}, never its hidden fields.
     */
    public static TaskCatalogue catalogue(TaskSource source) {
        Objects.requireNonNull(source, "source");
        return new TaskCatalogue() {
            @Override
            public List<String> splits() {
                return source.splits();
            }

            @Override
            public long count(String split) {
                return source.count(known(split));
            }

            @Override
            public Map<String, Object> task(String split, long index) {
                long count = count(split);
                if (index < 0 || index >= count) {
                    throw new IndexOutOfBoundsException(
                            "task index " + index + " is outside split '" + split + "' of " + count + " tasks");
                }
                return visible(source.task(split, index));
            }

            private String known(String split) {
                if (!source.splits().contains(split)) {
                    throw new TaskCatalogue.UnknownSplitException(split, source.splits());
                }
                return split;
            }
        };
    }

    /** What the task API shows of {@code task}: everything but its hidden fields. */
    public static Map<String, Object> visible(Task task) {
        var shown = new LinkedHashMap<String, Object>();
        shown.put("id", task.id());
        shown.put("split", task.split());
        shown.put("index", task.index());
        shown.put("prompt", task.prompt());
        shown.put("metadata", task.metadata());
        return shown;
    }
}
