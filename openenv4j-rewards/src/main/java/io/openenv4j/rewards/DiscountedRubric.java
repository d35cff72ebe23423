package io.openenv4j.rewards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code Σₜ γᵗ·step(prefix t)}. */
record DiscountedRubric(String name, Rubric step, double gamma) implements Rubric {

    @Override
    public Determinism determinism() {
        return Rubrics.combined(List.of(step));
    }

    @Override
    public Score score(Trajectory trajectory) {
        var components = new LinkedHashMap<String, Double>();
        var parts = new ArrayList<Provenance>();
        double total = 0;
        double weight = 1;
        for (int t = 0; t < trajectory.steps().size(); t++) {
            Score s = step.score(trajectory.prefix(t + 1));
            components.put("step_" + t, s.value());
            if (t == 0) {
                parts.add(s.provenance());
            }
            total += weight * s.value();
            weight *= gamma;
        }
        return new Score(total, components, Provenance.of(this, Map.of("gamma", gamma), parts));
    }
}
