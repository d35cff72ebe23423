package io.openenv4j.tasks.internal;

import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Outcome;
import io.openenv4j.core.OutcomeReporting;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.StepOptions;
import io.openenv4j.tasks.Task;
import io.openenv4j.tasks.TaskBinding;
import io.openenv4j.tasks.TaskEnvironment;
import io.openenv4j.tasks.TaskSource;
import io.openenv4j.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A {@link TaskEnvironment} bound to a task source (see {@link TaskBinding}): chooses the task at reset,
 * adds the task fields to the state, withholds anything holding a hidden value, and reports the outcome
 * with the task. Not thread-safe, like the environment it wraps.
 */
public final class BoundEnvironment<A, O, S> implements Environment<A, O, Map<String, Object>>, OutcomeReporting {

    private static final Set<String> STATE_EXEMPT =
            Set.of("episode_id", "step_count", "task_id", "split", "task_index");

    private final String name;
    private final TaskEnvironment<A, O, S> inner;
    private final TaskSource source;
    private final TaskBinding.Options defaults;
    private final Cursors cursors;
    private Task task;
    private LeakGuard guard;
    private Long seed;
    private boolean done;
    private boolean withheld;
    private long steps;
    /** The JSON of the agent's actions this episode: what it wrote itself is no secret to it. */
    private final StringBuilder actions = new StringBuilder();

    public BoundEnvironment(
            String name,
            TaskEnvironment<A, O, S> inner,
            TaskSource source,
            TaskBinding.Options defaults,
            Cursors cursors) {
        this.name = name;
        this.inner = inner;
        this.source = source;
        this.defaults = defaults;
        this.cursors = cursors;
    }

    /** The task of the current episode, or {@code null} before the first reset. For in-process trainers. */
    public Task task() {
        return task;
    }

    @Override
    public Step<O> reset(ResetRequest request) {
        Task chosen = Selection.choose(request, source, defaults, cursors);
        task = chosen;
        guard = LeakGuard.of(chosen);
        seed = request.seed();
        steps = 0;
        withheld = false;
        actions.setLength(0);
        Step<O> step = inner.reset(Selection.strip(request), chosen);
        return released(step, "the reset observation", "");
    }

    @Override
    public Step<O> step(A action) {
        return step(action, StepOptions.none());
    }

    @Override
    public Step<O> step(A action, StepOptions options) {
        if (task == null) {
            throw new EnvironmentException(name + ": no task yet; call reset first (it chooses the task)");
        }
        if (withheld) {
            throw new EnvironmentException(
                    name + ": this episode was stopped because the environment tried to show a hidden"
                            + " field; call reset");
        }
        Step<O> step = inner.step(action, options);
        steps++;
        actions.append(WireJson.write(action)).append('\n');
        return released(step, "the observation of step " + steps, actions.toString());
    }

    @Override
    public Map<String, Object> state() {
        var out = new LinkedHashMap<String, Object>();
        Object plain = WireJson.toPlain(WireJson.mapper().valueToTree(inner.state()));
        if (plain instanceof Map<?, ?> fields) {
            fields.forEach((key, value) -> out.put(String.valueOf(key), value));
        }
        out.put("task_id", task == null ? null : task.id());
        out.put("split", task == null ? null : task.split());
        out.put("task_index", task == null ? null : task.index());
        if (guard != null) {
            try {
                guard.check(WireJson.mapper().valueToTree(out), name + ": the state", STATE_EXEMPT, actions.toString());
            } catch (EnvironmentException e) {
                withheld = true;
                throw e;
            }
        }
        return out;
    }

    @Override
    public Optional<Outcome> outcome() {
        if (task == null) {
            return Optional.empty();
        }
        Outcome base = inner instanceof OutcomeReporting reporting
                ? reporting.outcome().orElse(null)
                : null;
        if (base == null) {
            base = Outcome.of(null, seed, done, Map.of());
        }
        var facts = new LinkedHashMap<String, Object>(base.finalState());
        var about = new LinkedHashMap<String, Object>();
        about.put("id", task.id());
        about.put("split", task.split());
        about.put("index", task.index());
        about.put("hidden", task.hidden());
        about.put("metadata", task.metadata());
        facts.put("task", about);
        return Optional.of(new Outcome(
                task.id(),
                base.seed() != null ? base.seed() : seed,
                base.done(),
                facts,
                base.testResults(),
                base.toolTrace(),
                base.artifacts()));
    }

    @Override
    public void close() {
        inner.close();
    }

    private Step<O> released(Step<O> step, String what, String actionText) {
        done = step.done();
        JsonNode observation = WireJson.mapper().valueToTree(step.observation());
        try {
            guard.check(observation, name + ": " + what, Set.of(), actionText);
        } catch (EnvironmentException e) {
            withheld = true;
            throw e;
        }
        return step;
    }
}
