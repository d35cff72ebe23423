package io.openenv4j.rewards;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a score came from: the rubric's name and version, the judge model (for LLM judges) and the
 * parameters that fix its behaviour, and the provenance of the rubrics it combined.
 *
 * @param rubric the rubric's name
 * @param version the rubric's version
 * @param model the judge model, or {@code null} when no model was asked
 * @param parameters what else pins the result (weights, thresholds, temperature, prompt hash)
 * @param parts the provenance of combined rubrics, in order
 */
public record Provenance(
        String rubric, String version, String model, Map<String, Object> parameters, List<Provenance> parts) {

    public Provenance {
        Objects.requireNonNull(rubric, "rubric");
        Objects.requireNonNull(version, "version");
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    public static Provenance of(Rubric rubric) {
        return new Provenance(rubric.name(), rubric.version(), null, Map.of(), List.of());
    }

    public static Provenance of(Rubric rubric, Map<String, Object> parameters, List<Provenance> parts) {
        return new Provenance(rubric.name(), rubric.version(), null, parameters, parts);
    }
}
