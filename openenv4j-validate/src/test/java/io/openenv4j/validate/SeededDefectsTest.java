package io.openenv4j.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.validate.GuessWordEnvironment.Defect;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each defect seeded on purpose into the guessing game is caught by its named check. */
class SeededDefectsTest {

    private static Report validate(Defect defect) {
        return Validator.validateEnvironment(
                GuessWordEnvironment.spec(defect),
                GuessWordEnvironment::oracle,
                ValidationOptions.defaults().withEpisodes(16).withLearner(4, 8));
    }

    @Test
    void soundGamePassesEveryErrorCheck() {
        Report report = validate(Defect.NONE);
        assertThat(report.passed()).as(report.toJson()).isTrue();
    }

    @Test
    void aMeasurementDeclaredInMetadataIsLeftOutOfTheDeterminismChecks() {
        Report report = validate(Defect.MEASURES_DECLARED);
        assertThat(report.passed()).as(report.toJson()).isTrue();
        for (Check check : new Check[] {Check.SEED_DETERMINISM, Check.ISOLATION_RESETS, Check.ISOLATION_SESSIONS}) {
            assertThat(report.result(check).orElseThrow().status()).isEqualTo(Status.PASSED);
        }
    }

    @Test
    void aDeterministicGameThatIgnoresTheSeedIsNotFaultedForIt() {
        Report report = validate(Defect.DETERMINISTIC);
        assertThat(report.passed()).as(report.toJson()).isTrue();
        CheckResult sensitivity = report.result(Check.SEED_SENSITIVITY).orElseThrow();
        assertThat(sensitivity.status()).as(sensitivity.toString()).isEqualTo(Status.PASSED);
        assertThat(sensitivity.measured()).startsWith("deterministic");
        for (Check check : new Check[] {Check.SEED_DETERMINISM, Check.ISOLATION_RESETS, Check.ISOLATION_SESSIONS}) {
            assertThat(report.result(check).orElseThrow().status())
                    .as(check.id())
                    .isEqualTo(Status.PASSED);
        }
    }

    static Stream<Arguments> defects() {
        return Stream.of(
                Arguments.of(Defect.IGNORES_SEED, Check.SEED_DETERMINISM),
                Arguments.of(Defect.STARTS_ALIKE_IGNORES_SEED, Check.SEED_SENSITIVITY),
                Arguments.of(Defect.MEASURES_UNDECLARED, Check.SEED_DETERMINISM),
                Arguments.of(Defect.LEAKS_ANSWER, Check.SOLUTION_LEAKAGE),
                Arguments.of(Defect.REWARDS_NOOP, Check.NOOP_FLOOR),
                Arguments.of(Defect.SHARES_STATE, Check.ISOLATION_SESSIONS),
                Arguments.of(Defect.KEEPS_COUNT_ACROSS_RESETS, Check.ISOLATION_RESETS));
    }

    @ParameterizedTest(name = "{0} is caught by {1}")
    @MethodSource("defects")
    void seededDefectIsCaughtByItsCheck(Defect defect, Check check) {
        Report report = validate(defect);
        CheckResult result = report.result(check).orElseThrow();
        System.out.println(defect + " → " + check.id() + ": " + result.measured() + " | " + result.evidence());
        assertThat(result.status()).as(result.toString()).isEqualTo(Status.FAILED);
        assertThat(result.evidence()).isNotBlank();
        assertThat(report.passed()).isFalse();
    }
}
