package io.openenv4j.server;

import java.util.Objects;

/**
 * The trainer channel, an OpenEnv4j extension: {@code GET /trainer/episodes} and {@code GET
 * /trainer/episodes/{episode_id}} on the environment server hand a trainer each episode's trajectory,
 * the environment's {@link io.openenv4j.core.Outcome} (ground truth included) and, with {@link
 * ProviderRewards}, every reward the provider gave with its components and provenance, or why it gave
 * none. Every request must carry {@code Authorization: Bearer <token>}; without this option the routes do
 * not exist. Nothing of it ever appears on the agent's surfaces ({@code /ws}, {@code /reset}, {@code
 * /step}, {@code /state}, {@code /mcp}). See docs/rewards.md.
 *
 * @param token the trainer's secret (at least 16 characters); never logged or echoed
 * @param episodes how many episodes the server keeps (the least recently started go first)
 */
public record TrainerChannel(String token, int episodes) {

    public static final int DEFAULT_EPISODES = 1024;

    public TrainerChannel {
        Objects.requireNonNull(token, "token");
        if (token.strip().length() < 16) {
            throw new IllegalArgumentException("the trainer token must have at least 16 characters");
        }
        if (episodes < 1) {
            throw new IllegalArgumentException("the trainer channel must keep at least 1 episode, got " + episodes);
        }
        token = token.strip();
    }

    public static TrainerChannel of(String token) {
        return new TrainerChannel(token, DEFAULT_EPISODES);
    }

    @Override
    public String toString() {
        return "TrainerChannel[token=***, episodes=" + episodes + "]";
    }
}
