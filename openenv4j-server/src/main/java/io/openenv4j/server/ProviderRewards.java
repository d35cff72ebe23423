package io.openenv4j.server;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The server asks a reward provider (docs/rewards.md) for the reward of each step instead of taking the
 * environment's own: it sends the episode's trajectory with the environment's {@link
 * io.openenv4j.core.Outcome} (ground truth included) to the provider and puts the provider's score in the
 * step's {@code reward}. The score's components and provenance go to the trainer channel only
 * ({@link TrainerChannel}), never to the agent. A provider that fails, answers nonsense or is slower than
 * {@code timeout} fails the step with the error code {@code REWARD_ERROR}; it never becomes a zero or a
 * missing reward.
 *
 * @param url the provider's base URL ({@code http://host:port})
 * @param rubric the rubric the provider must score with (checked against each score's provenance), or
 *     {@code null} to accept any
 * @param timeout the longest the server waits for one reward; also sent as the request's budget
 * @param timing when rewards are asked for
 */
public record ProviderRewards(URI url, String rubric, Duration timeout, RewardTiming timing) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ProviderRewards {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(timing, "timing");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "the reward provider URL must be http(s)://host:port, got '" + url + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the reward timeout must be positive, got " + timeout);
        }
        if (rubric != null && rubric.isBlank()) {
            rubric = null;
        }
    }

    /** Scores at episode end, any rubric, a 10 s timeout. */
    public static ProviderRewards of(URI url) {
        return new ProviderRewards(url, null, DEFAULT_TIMEOUT, RewardTiming.EPISODE);
    }

    public ProviderRewards withRubric(String newRubric) {
        return new ProviderRewards(url, newRubric, timeout, timing);
    }

    public ProviderRewards withTimeout(Duration newTimeout) {
        return new ProviderRewards(url, rubric, newTimeout, timing);
    }

    public ProviderRewards withTiming(RewardTiming newTiming) {
        return new ProviderRewards(url, rubric, timeout, newTiming);
    }
}
