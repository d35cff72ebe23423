package io.openenv4j.rewards;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A rubric that asks a language model, through any OpenAI-compatible {@code /v1/chat/completions} endpoint,
 * to grade the trajectory. Model, prompts and sampling parameters are pinned by {@link JudgeConfig} and
 * recorded in every score's provenance (with a SHA-256 of the prompts).
 *
 * <p>Failures are never a zero: a timeout, a 5xx or 429, or a reply without a readable score in range is
 * retried up to {@link JudgeConfig#attempts()} times, then {@link #score} throws {@link RubricException}
 * listing every attempt; other 4xx replies fail at once. Thread-safe.
 */
public final class LlmJudgeRubric implements Rubric {

    private static final Pattern SCORE = Pattern.compile("(?i)score\\s*[:=]\\s*\\**\\s*(-?\\d+(?:\\.\\d+)?)");

    private final String name;
    private final String version;
    private final JudgeConfig config;
    private final HttpClient http;
    private final URI endpoint;

    private LlmJudgeRubric(String name, String version, JudgeConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.config = Objects.requireNonNull(config, "config");
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        String base = config.baseUrl().toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/v1/chat/completions");
    }

    /** A judge rubric; {@code version} names the prompt/model revision. */
    public static LlmJudgeRubric create(String name, String version, JudgeConfig config) {
        return new LlmJudgeRubric(name, version, config);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Determinism determinism() {
        return config.determinism();
    }

    @Override
    public Score score(Trajectory trajectory) {
        String prompt = config.promptTemplate()
                .replace("{{trajectory}}", WireJson.write(trajectory.steps()))
                .replace("{{outcome}}", WireJson.write(trajectory.outcome()));
        String body = WireJson.write(request(prompt));
        var failures = new ArrayList<String>();
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            if (attempt > 1) {
                pause();
            }
            Attempt result = ask(body);
            if (result.score != null) {
                return new Score(result.score / config.maxScore(), Map.of("judge_raw", result.score), provenance());
            }
            failures.add("attempt " + attempt + ": " + result.failure);
            if (!result.retryable) {
                break;
            }
        }
        throw new RubricException("LLM judge '" + name + "' (" + config.model() + " at " + endpoint
                + ") gave no score: " + String.join("; ", failures));
    }

    private Map<String, Object> request(String prompt) {
        var request = new LinkedHashMap<String, Object>();
        request.put("model", config.model());
        request.put(
                "messages",
                List.of(
                        Map.of("role", "system", "content", config.systemPrompt()),
                        Map.of("role", "user", "content", prompt)));
        request.put("temperature", config.temperature());
        request.put("max_tokens", config.maxTokens());
        if (config.seed() != null) {
            request.put("seed", config.seed());
        }
        return request;
    }

    private Attempt ask(String body) {
        var builder = HttpRequest.newBuilder(endpoint)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (config.apiKey() != null) {
            builder.header("Authorization", "Bearer " + config.apiKey());
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return Attempt.failed("timed out after " + config.timeout().toMillis() + " ms", true);
        } catch (IOException e) {
            return Attempt.failed("I/O error: " + e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RubricException("interrupted while asking LLM judge '" + name + "'", e);
        }
        int status = response.statusCode();
        if (status != 200) {
            boolean retryable = status >= 500 || status == 429 || status == 408;
            return Attempt.failed("HTTP " + status + ": " + abbreviate(response.body()), retryable);
        }
        return parse(response.body());
    }

    private Attempt parse(String text) {
        JsonNode reply;
        try {
            reply = WireJson.parse(text);
        } catch (JacksonException e) {
            return Attempt.failed("reply is not JSON: " + abbreviate(text), true);
        }
        JsonNode content = reply.path("choices").path(0).path("message").path("content");
        if (!content.isString()) {
            return Attempt.failed("reply has no choices[0].message.content: " + abbreviate(text), true);
        }
        Double score = extract(content.asString());
        if (score == null) {
            return Attempt.failed("no score in the judge's answer: " + abbreviate(content.asString()), true);
        }
        if (!(score >= 0 && score <= config.maxScore())) {
            return Attempt.failed("score " + score + " outside [0, " + config.maxScore() + "]", true);
        }
        return new Attempt(score, null, false);
    }

    /** {@code {"score": n}} when the answer is such JSON, else the last {@code SCORE: n} in the text. */
    static Double extract(String answer) {
        String trimmed = answer.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = WireJson.parse(trimmed).path("score");
                if (node.isNumber()) {
                    return node.asDouble();
                }
            } catch (JacksonException e) {
                // fall back to the text form
            }
        }
        Matcher matcher = SCORE.matcher(answer);
        Double found = null;
        while (matcher.find()) {
            found = Double.parseDouble(matcher.group(1));
        }
        return found;
    }

    private Provenance provenance() {
        var parameters = new LinkedHashMap<String, Object>();
        parameters.put("endpoint", endpoint.toString());
        parameters.put("temperature", config.temperature());
        parameters.put("max_tokens", config.maxTokens());
        parameters.put("seed", config.seed());
        parameters.put("max_score", config.maxScore());
        parameters.put("prompt_sha256", sha256(config.systemPrompt() + "\u0000" + config.promptTemplate()));
        return new Provenance(name, version, config.model(), parameters, List.of());
    }

    private void pause() {
        try {
            Thread.sleep(config.backoff());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RubricException("interrupted while retrying LLM judge '" + name + "'", e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private record Attempt(Double score, String failure, boolean retryable) {
        static Attempt failed(String failure, boolean retryable) {
            return new Attempt(null, failure, retryable);
        }
    }
}
