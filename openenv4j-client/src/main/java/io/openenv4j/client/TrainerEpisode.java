package io.openenv4j.client;

import io.openenv4j.rewards.Scored;
import io.openenv4j.rewards.Trajectory;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One episode as the trainer channel reports it ({@link TrainerClient#episode}): its trajectory with the
 * environment's outcome (ground truth included), and each reward a reward provider gave or failed to give.
 *
 * @param episodeId the episode's id
 * @param done whether the episode is over
 * @param stepCount the steps recorded
 * @param trajectory the steps (action, observation, the environment's own reward, done) and the outcome, in
 *     the shape a reward provider takes
 * @param rewards the provider's verdicts, in order; empty without a provider
 */
public record TrainerEpisode(
        String episodeId, boolean done, int stepCount, Trajectory trajectory, List<Reward> rewards) {

    public TrainerEpisode {
        Objects.requireNonNull(episodeId, "episodeId");
        Objects.requireNonNull(trajectory, "trajectory");
        rewards = rewards == null ? List.of() : List.copyOf(rewards);
    }

    /**
     * The provider's verdict on one step: {@code scored} (and the {@code reward} the step carried), or
     * {@code error} ({@code kind}, {@code status}, {@code code}, {@code message}) when it gave none.
     *
     * @param step the step, from 1
     * @param reward the reward the step carried, or {@code null} when the provider failed
     * @param scored the provider's score with components and provenance, or {@code null}
     * @param error why there is no score, or {@code null}
     */
    public record Reward(int step, Double reward, Scored scored, Map<String, Object> error) {

        /** Whether the provider gave a score. */
        public boolean ok() {
            return scored != null;
        }
    }
}
