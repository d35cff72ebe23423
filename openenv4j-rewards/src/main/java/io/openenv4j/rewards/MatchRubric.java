package io.openenv4j.rewards;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** A 0/1 rubric over a predicate. */
record MatchRubric(String name, Map<String, Object> parameters, Predicate<Trajectory> test) implements Rubric {

    MatchRubric {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public Score score(Trajectory trajectory) {
        return Score.of(test.test(trajectory) ? 1.0 : 0.0, Provenance.of(this, parameters, null));
    }
}
