package io.openenv4j.rewards;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Scores a trajectory. A trajectory rubric looks at all the steps; a per-step rubric looks at the last
 * step of the prefix it is given ({@link Trajectory#last()}); {@link Rubrics#discounted} turns one into the
 * other, and {@link RewardStream} turns a rubric into per-step rewards for an environment.
 *
 * <p>A score is a value; a rubric that cannot score (a judge that never answered) throws {@link
 * RubricException}, never returns a made-up zero. Implementations must be thread-safe.
 */
public interface Rubric {

    /** A stable name, reported in {@link Provenance} and used in cache keys. */
    String name();

    /** The version of the rubric's logic; change it when the scores it gives change. */
    default String version() {
        return "1";
    }

    /** How far repeated scores of one trajectory may differ. */
    default Determinism determinism() {
        return Determinism.exact();
    }

    /** The score of {@code trajectory}. @throws RubricException when no score can be given */
    Score score(Trajectory trajectory);

    /** A deterministic rubric computing its value with {@code function}. */
    static Rubric of(String name, ToDoubleFunction<Trajectory> function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        return new Rubric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Score score(Trajectory trajectory) {
                return Score.of(function.applyAsDouble(trajectory), Provenance.of(this));
            }
        };
    }
}
