package io.openenv4j.core;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The arguments of a reset: an optional seed, an optional episode id, and any further options the client
 * sent (the reference passes them to {@code reset} as keyword arguments).
 *
 * @param seed the seed for the episode's randomness, or {@code null} to let the environment choose
 * @param episodeId the id the client wants for the episode, or {@code null} to let the environment choose
 * @param options further keys of the reset request, by their wire names (values are JSON-shaped: {@code
 *     null}, {@code Boolean}, {@code Number}, {@code String}, {@code List} or {@code Map})
 */
public record ResetRequest(Long seed, String episodeId, Map<String, Object> options) {

    private static final ResetRequest EMPTY = new ResetRequest(null, null, Map.of());

    public ResetRequest {
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
        if (options.containsKey("seed") || options.containsKey("episode_id")) {
            throw new IllegalArgumentException("'seed' and 'episode_id' are fields of the request, not options");
        }
    }

    public static ResetRequest empty() {
        return EMPTY;
    }

    public static ResetRequest withSeed(long seed) {
        return new ResetRequest(seed, null, Map.of());
    }

    public OptionalLong seedIfPresent() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    public Optional<String> episodeIdIfPresent() {
        return Optional.ofNullable(episodeId);
    }

    /**
     * Refuses options outside {@code known} with an {@link EnvironmentException} that names them and what the
     * environment accepts ({@code unknown reset option(s) [size]; wordle accepts [max_guesses, word]}); returns
     * this request so a reset can go on in one expression.
     */
    public ResetRequest requireKnownOptions(String environment, Collection<String> known) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(known, "known");
        List<String> unknown = options.keySet().stream()
                .filter(key -> !known.contains(key))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new EnvironmentException("unknown reset option(s) " + unknown + "; " + environment + " accepts "
                    + known.stream().sorted().toList());
        }
        return this;
    }

    /** The option named {@code key}, or {@code fallback} when absent or {@code null}. */
    public Object option(String key, Object fallback) {
        Objects.requireNonNull(key, "key");
        Object value = options.get(key);
        return value == null ? fallback : value;
    }

    /** The option named {@code key} as a long, or {@code fallback}; a non-integral value is an error. */
    public long longOption(String key, long fallback) {
        Object value = options.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new EnvironmentException("reset option '" + key + "' must be an integer, got " + value);
    }
}
