package io.openenv4j.testkit;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.validate.CheckResult;
import io.openenv4j.validate.Report;
import io.openenv4j.validate.ValidationOptions;
import io.openenv4j.validate.Validator;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@code openenv4j validate} checks (RFC 008) as JUnit assertions for environment authors:
 *
 * <pre>{@code
 * @Test
 * void passesTheValidator() {
 *     Validation.assertPasses(WordleEnvironment.spec(), WordleOracle::new);
 * }
 * }</pre>
 *
 * <p>Uses a smaller budget than the command line (16 episodes per baseline, a 4 × 8 learner) so that it
 * fits a unit test; pass {@link ValidationOptions} for more.
 */
public final class Validation {

    private Validation() {}

    /** Options sized for a unit test. */
    public static ValidationOptions testOptions() {
        return ValidationOptions.defaults().withEpisodes(16).withLearner(4, 8);
    }

    /**
     * Validates {@code spec} with its oracle (null when it has none) and fails with every blocking result.
     *
     * @return the report, for further assertions on warnings or measurements
     * @throws AssertionError when a check of severity error failed
     */
    public static <A, O, S> Report assertPasses(EnvSpec<A, O, S> spec, Supplier<? extends Policy<A, O, S>> oracle) {
        return assertPasses(spec, oracle, testOptions());
    }

    public static <A, O, S> Report assertPasses(
            EnvSpec<A, O, S> spec, Supplier<? extends Policy<A, O, S>> oracle, ValidationOptions options) {
        Report report = Validator.validateEnvironment(spec, oracle, options);
        if (!report.passed()) {
            throw new AssertionError(spec.metadata().name() + " failed validation:\n"
                    + report.results().stream()
                            .filter(CheckResult::blocking)
                            .map(r -> "  " + r.check().id() + ": " + r.measured() + "\n    evidence: " + r.evidence()
                                    + "\n    fix: " + r.check().remediation())
                            .collect(Collectors.joining("\n")));
        }
        return report;
    }
}
