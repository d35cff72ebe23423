package io.openenv4j.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.validate.GuessWordEnvironment.Defect;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Semantic and statistical checks against a URL, with an oracle the target declares or without one. */
class UrlSemanticTest {

    private static final ValidationOptions QUICK = ValidationOptions.defaults()
            .withEpisodes(6)
            .withLearner(3, 6)
            .withResources(new ValidationOptions.ResourceLimits(8, 128 * 1024, 4, 4 * 1024 * 1024, 3.0));

    private static Report validate(Defect defect, ValidationOptions options) throws Exception {
        try (EnvServer server = EnvServer.create(GuessWordEnvironment.spec(defect), ServerConfig.ephemeral())
                .start()) {
            return Validator.validateUrl(server.baseUrl(), options);
        }
    }

    private static CheckResult result(Report report, Check check) {
        CheckResult result = report.result(check).orElseThrow();
        System.out.println(
                check.id() + " [" + result.status().wireName() + "] " + result.measured() + " | " + result.evidence());
        return result;
    }

    @Test
    void typedOracleOverTheWirePassesEverySemanticCheck() throws Exception {
        Report report = validate(
                Defect.NONE,
                QUICK.withWireOracle(
                        WireOracles.of(GuessWordEnvironment.spec(Defect.NONE), GuessWordEnvironment::oracle)));
        for (Check check : new Check[] {
            Check.ORACLE_COMPLETES,
            Check.ORACLE_MAX_REWARD,
            Check.NOOP_FLOOR,
            Check.RANDOM_FLOOR,
            Check.SOLUTION_LEAKAGE,
            Check.REWARD_RANGE,
            Check.REWARD_DETERMINISM
        }) {
            assertThat(result(report, check).status()).as(check.id()).isEqualTo(Status.PASSED);
        }
        assertThat(result(report, Check.ORACLE_COMPLETES).measured()).isEqualTo("6/6 episodes finished");
        assertThat(report.plots().oracleReturns()).containsOnly(1.0);
        assertThat(report.plots().learnerMean()).hasSize(3);
        assertThat(report.passed()).as(report.toJson()).isTrue();
    }

    @Test
    void rewardedEmptyAnswerIsCaughtOverTheWire() throws Exception {
        Report report = validate(
                Defect.REWARDS_NOOP,
                QUICK.withWireOracle(
                        WireOracles.of(GuessWordEnvironment.spec(Defect.REWARDS_NOOP), GuessWordEnvironment::oracle)));
        assertThat(result(report, Check.NOOP_FLOOR).status()).isEqualTo(Status.FAILED);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void leakedAnswerIsCaughtOverTheWireWithoutAnOracle() throws Exception {
        Report report = validate(Defect.LEAKS_ANSWER, QUICK);
        CheckResult leak = result(report, Check.SOLUTION_LEAKAGE);
        assertThat(leak.status()).isEqualTo(Status.FAILED);
        assertThat(leak.evidence()).contains("psst");
    }

    @Test
    void withoutAnOracleOnlyTheChecksThatNeedOneAreUnsupported() throws Exception {
        Report report = validate(Defect.NONE, QUICK);
        for (Check check : new Check[] {
            Check.ORACLE_COMPLETES,
            Check.ORACLE_MAX_REWARD,
            Check.NOOP_FLOOR,
            Check.RANDOM_FLOOR,
            Check.REWARD_DETERMINISM
        }) {
            assertThat(result(report, check).status()).isEqualTo(Status.SKIPPED);
            assertThat(result(report, check).evidence()).startsWith("unsupported: needs an oracle");
        }
        for (Check check : new Check[] {Check.SOLUTION_LEAKAGE, Check.REWARD_RANGE, Check.RANDOM_REWARDS}) {
            assertThat(result(report, check).status()).as(check.id()).isNotEqualTo(Status.SKIPPED);
        }
        assertThat(report.plots().randomReturns()).hasSize(6);
    }

    @Test
    void scriptedOracleFileIsPlayedPerSeed(@TempDir Path dir) throws Exception {
        var seeds = WireJson.object();
        for (long seed = 7; seed < 13; seed++) {
            var env = new GuessWordEnvironment(Defect.NONE);
            env.reset(new ResetRequest(seed, null, Map.of()));
            seeds.set(
                    Long.toString(seed),
                    WireJson.parse("[{\"word\":\"" + env.state().answer() + "\"}]"));
        }
        Path script = dir.resolve("oracle.json");
        Files.writeString(script, WireJson.write(WireJson.object().set("seeds", seeds)));
        Report report = validate(Defect.NONE, QUICK.withWireOracle(WireOracles.scripted(script)));
        assertThat(result(report, Check.ORACLE_COMPLETES).status()).isEqualTo(Status.PASSED);
        assertThat(result(report, Check.ORACLE_MAX_REWARD).status()).isEqualTo(Status.PASSED);
        assertThat(result(report, Check.RANDOM_FLOOR).status()).isEqualTo(Status.PASSED);
    }
}
