package io.openenv4j.envs.qa;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;
import io.openenv4j.envs.qa.QaEnvironment.Action;
import io.openenv4j.envs.qa.QaEnvironment.Observation;
import io.openenv4j.tasks.TaskSource;
import java.util.Map;

/**
 * Answers every problem correctly, the way a trainer can: it reads which task the episode plays from the
 * state ({@code split} and {@code task_id}, which every client receives) and looks the task up in the
 * dataset it was given, its own copy of the trainer-side data. Nothing secret travels to it through the
 * episode. Its return is {@code 1} on every task. Thread-safe; holds no episode memory.
 */
public final class QaOracle implements Policy<Action, Observation, Map<String, Object>> {

    private final TaskSource tasks;

    /** An oracle for the bundled dataset. */
    public QaOracle() {
        this(QaDataset.bundled());
    }

    /** An oracle for episodes played on {@code tasks}. */
    public QaOracle(TaskSource tasks) {
        this.tasks = tasks;
    }

    @Override
    public Action act(Step<Observation> last, Map<String, Object> state) {
        Object split = state.get("split");
        Object id = state.get("task_id");
        if (split == null || id == null) {
            throw new EnvironmentException("the state names no task; reset first");
        }
        return new Action(QaEnvironment.expectedAnswer(tasks.task(split.toString(), id.toString())));
    }
}
