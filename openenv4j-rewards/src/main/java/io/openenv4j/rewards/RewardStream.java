package io.openenv4j.rewards;

import io.openenv4j.core.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Per-step rewards from a trajectory rubric, for an environment that computes its reward through rubrics:
 * each step earns the change in the rubric's score over the trajectory so far, so an episode's return is
 * the score of the whole trajectory (potential-based: a rubric that only scores the end pays only at the
 * end). One stream follows one episode at a time; not thread-safe.
 */
public final class RewardStream {

    private final Rubric rubric;
    private final List<Transition> steps = new ArrayList<>();
    private double previous;
    private Score last;

    private RewardStream(Rubric rubric) {
        this.rubric = Objects.requireNonNull(rubric, "rubric");
    }

    public static RewardStream of(Rubric rubric) {
        return new RewardStream(rubric);
    }

    /** Starts a new episode: forgets the steps; the empty trajectory is taken to score 0. */
    public void reset() {
        steps.clear();
        previous = 0;
        last = null;
    }

    /**
     * Records one step and returns its reward. {@code outcome} is asked after the step is recorded, with the
     * environment's state already updated.
     */
    public double next(Object action, Object observation, boolean done, Supplier<Outcome> outcome) {
        steps.add(Transition.of(action, observation, null, done));
        last = rubric.score(Trajectory.of(steps, outcome.get()));
        double reward = last.value() - previous;
        previous = last.value();
        return reward;
    }

    /** The rubric's latest score of the episode, with its components and provenance; {@code null} before a step. */
    public Score lastScore() {
        return last;
    }

    /** The steps recorded in this episode. */
    public List<Transition> steps() {
        return List.copyOf(steps);
    }
}
