package io.openenv4j.rewards;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A rubric's verdict: a finite value, the named components it was made of, and its provenance.
 *
 * @param value the score; always finite
 * @param components named partial scores (for a combinator, one per part); never {@code null}
 * @param provenance which rubric, version, model and parameters produced it
 */
public record Score(double value, Map<String, Double> components, Provenance provenance) {

    public Score {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a score must be finite, got " + value);
        }
        components = components == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(components));
        Objects.requireNonNull(provenance, "provenance");
    }

    /** A score without components. */
    public static Score of(double value, Provenance provenance) {
        return new Score(value, Map.of(), provenance);
    }
}
