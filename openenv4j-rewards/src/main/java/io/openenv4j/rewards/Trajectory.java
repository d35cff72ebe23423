package io.openenv4j.rewards;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.openenv4j.core.Outcome;
import java.util.List;

/**
 * What a rubric scores: the steps of an episode (all of them, or the prefix played so far) and the
 * episode's {@link Outcome}, which may hold ground truth the agent never saw.
 *
 * @param id a caller's name for the trajectory (for logs and replies), or {@code null}
 * @param steps the transitions, in order; possibly empty
 * @param outcome the outcome, or {@code null} when the environment reports none
 */
public record Trajectory(String id, List<Transition> steps, Outcome outcome) {

    public Trajectory {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public static Trajectory of(List<Transition> steps, Outcome outcome) {
        return new Trajectory(null, steps, outcome);
    }

    /** The last transition, or {@code null} when there is none. */
    @JsonIgnore
    public Transition last() {
        return steps.isEmpty() ? null : steps.get(steps.size() - 1);
    }

    /** The first {@code length} steps, with the same id and outcome. */
    public Trajectory prefix(int length) {
        return new Trajectory(id, steps.subList(0, length), outcome);
    }
}
