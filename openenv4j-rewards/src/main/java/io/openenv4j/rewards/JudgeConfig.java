package io.openenv4j.rewards;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What pins an LLM judge: the OpenAI-compatible endpoint, the model, the prompts, the sampling parameters,
 * the retry policy and the score range. Everything except the API key goes into the score's provenance.
 *
 * @param baseUrl the server's base URL; the judge posts to {@code baseUrl + "/v1/chat/completions"}
 * @param model the model name, sent as is
 * @param systemPrompt the system message
 * @param promptTemplate the user message; {@code {{trajectory}}} and {@code {{outcome}}} are replaced by
 *     the JSON of the trajectory's steps and outcome
 * @param temperature sampling temperature
 * @param maxTokens the reply's token limit
 * @param seed a sampling seed sent to servers that honour one, or {@code null}
 * @param attempts how many times to ask before giving up (at least 1)
 * @param timeout the limit for one request
 * @param backoff the pause between attempts
 * @param maxScore the judge answers on {@code [0, maxScore]}; the rubric's value is the answer divided by it
 * @param apiKey sent as a bearer token when not {@code null}; never recorded
 * @param determinism what the rubric declares (unknown unless the model's variance is known)
 */
public record JudgeConfig(
        URI baseUrl,
        String model,
        String systemPrompt,
        String promptTemplate,
        double temperature,
        int maxTokens,
        Long seed,
        int attempts,
        Duration timeout,
        Duration backoff,
        double maxScore,
        String apiKey,
        Determinism determinism) {

    /** Asks for the score as {@code SCORE: <number>} on the last line; the judge may also answer {@code {"score": n}}. */
    public static final String DEFAULT_SYSTEM_PROMPT = "You grade an AI agent's episode. Think briefly, then end your"
            + " reply with a line 'SCORE: <number>' where the number is from 0 to 10.";

    public JudgeConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(promptTemplate, "promptTemplate");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(determinism, "determinism");
        if (attempts < 1
                || maxTokens < 1
                || !(maxScore > 0)
                || !Double.isFinite(maxScore)
                || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("attempts and maxTokens must be >= 1, maxScore > 0, temperature finite");
        }
    }

    /** Temperature 0, 512 tokens, no seed, 3 attempts of 30 s, 0.5 s apart, scores out of 10, no key. */
    public static JudgeConfig of(URI baseUrl, String model, String promptTemplate) {
        return new JudgeConfig(
                baseUrl,
                model,
                DEFAULT_SYSTEM_PROMPT,
                promptTemplate,
                0.0,
                512,
                null,
                3,
                Duration.ofSeconds(30),
                Duration.ofMillis(500),
                10.0,
                null,
                Determinism.unknown());
    }

    public JudgeConfig withRetries(int newAttempts, Duration newTimeout, Duration newBackoff) {
        return new JudgeConfig(
                baseUrl,
                model,
                systemPrompt,
                promptTemplate,
                temperature,
                maxTokens,
                seed,
                newAttempts,
                newTimeout,
                newBackoff,
                maxScore,
                apiKey,
                determinism);
    }

    public JudgeConfig withApiKey(String newApiKey) {
        return new JudgeConfig(
                baseUrl,
                model,
                systemPrompt,
                promptTemplate,
                temperature,
                maxTokens,
                seed,
                attempts,
                timeout,
                backoff,
                maxScore,
                newApiKey,
                determinism);
    }

    @Override
    public String toString() {
        return "JudgeConfig[" + baseUrl + ", model=" + model + ", temperature=" + temperature + ", apiKey="
                + (apiKey == null ? "none" : "***") + "]";
    }
}
