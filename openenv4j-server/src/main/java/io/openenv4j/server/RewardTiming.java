package io.openenv4j.server;

import java.util.Locale;

/** When a server configured with a reward provider asks it for a reward ({@link ProviderRewards}). */
public enum RewardTiming {
    /**
     * Once, when a step ends the episode: that step's {@code reward} is the provider's score of the whole
     * trajectory; earlier steps carry {@code reward: null} (no reward yet, not a failure).
     */
    EPISODE,
    /** After every step: its {@code reward} is the provider's score of the trajectory so far (suits per-step rubrics). */
    STEP,
    /**
     * After every step: its {@code reward} is the change of the provider's score of the trajectory so far (the
     * empty trajectory counts 0), so an episode's return is the score of the whole trajectory.
     */
    DELTA;

    /** The lower-case name used by options and variables. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The timing for {@code episode}, {@code step} or {@code delta} (any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static RewardTiming parse(String text) {
        for (RewardTiming timing : values()) {
            if (timing.wireName().equalsIgnoreCase(text.trim())) {
                return timing;
            }
        }
        throw new IllegalArgumentException("reward timing must be episode, step or delta, got '" + text + "'");
    }
}
