package io.openenv4j.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.validate.GuessWordEnvironment.Defect;
import io.openenv4j.validate.ValidationOptions.ResourceLimits;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timeouts honoured and resources per episode: passes on a sound environment, fails on seeded defects. */
class TimeoutsAndResourcesTest {

    private static final ValidationOptions QUICK = ValidationOptions.defaults()
            .withEpisodes(4)
            .withLearner(2, 4)
            .withResources(new ResourceLimits(16, 128 * 1024, 4, 4 * 1024 * 1024, 3.0));

    @AfterEach
    void release() {
        GuessWordEnvironment.releaseLeaks();
    }

    private static CheckResult result(Report report, Check check) {
        CheckResult result = report.result(check).orElseThrow();
        System.out.println(
                check.id() + " [" + result.status().wireName() + "] " + result.measured() + " | " + result.evidence());
        return result;
    }

    @Test
    void soundEnvironmentInProcessPassesTimeoutAndResourceChecksWithMeasuredFigures() {
        Report report = Validator.validateEnvironment(
                GuessWordEnvironment.spec(Defect.NONE), GuessWordEnvironment::oracle, QUICK);
        for (Check check : new Check[] {
            Check.IDLE_TIMEOUT, Check.REPLY_TIMEOUT, Check.RESOURCE_LEAK, Check.SESSIONS_RELEASED, Check.LATENCY_DRIFT
        }) {
            assertThat(result(report, check).status()).as(check.id()).isEqualTo(Status.PASSED);
        }
        assertThat(result(report, Check.RESOURCE_LEAK).measured())
                .matches("heap [+-]\\d+ B/episode, threads [+-]\\d+ over 16 episodes");
        assertThat(result(report, Check.IDLE_TIMEOUT).measured())
                .contains("ended after")
                .contains("timeout 500 ms");
    }

    @Test
    void serverThatIgnoresTheDeclaredIdleTimeoutFails() throws Exception {
        try (EnvServer server = EnvServer.create(GuessWordEnvironment.spec(Defect.NONE), ServerConfig.ephemeral())
                .start()) {
            Report report = Validator.validateUrl(server.baseUrl(), QUICK.withIdleTimeout(Duration.ofMillis(300)));
            CheckResult idle = result(report, Check.IDLE_TIMEOUT);
            assertThat(idle.status()).isEqualTo(Status.FAILED);
            assertThat(idle.evidence()).contains("still answers state");
        }
    }

    @Test
    void declaredIdleTimeoutThatIsEnforcedPassesOverUrl() throws Exception {
        var config = ServerConfig.ephemeral().withIdleTimeout(Duration.ofMillis(300));
        try (EnvServer server =
                EnvServer.create(GuessWordEnvironment.spec(Defect.NONE), config).start()) {
            Report report = Validator.validateUrl(server.baseUrl(), QUICK.withIdleTimeout(Duration.ofMillis(300)));
            CheckResult idle = result(report, Check.IDLE_TIMEOUT);
            assertThat(idle.status()).isEqualTo(Status.PASSED);
            assertThat(idle.evidence()).contains("SESSION_ERROR");
        }
    }

    @Test
    void undeclaredIdleTimeoutIsSkippedWithTheReason() throws Exception {
        try (EnvServer server = EnvServer.create(GuessWordEnvironment.spec(Defect.NONE), ServerConfig.ephemeral())
                .start()) {
            Report report = Validator.validateUrl(server.baseUrl(), QUICK);
            assertThat(result(report, Check.IDLE_TIMEOUT).status()).isEqualTo(Status.SKIPPED);
            assertThat(result(report, Check.IDLE_TIMEOUT).evidence()).startsWith("not declared");
        }
    }

    @Test
    void stepPastTheDeclaredTimeoutIsReportedAndTheValidatorDoesNotHang() throws Exception {
        try (EnvServer server = EnvServer.create(
                        GuessWordEnvironment.spec(Defect.HANGS_ON_SEED_7), ServerConfig.ephemeral())
                .start()) {
            long start = System.nanoTime();
            Report report = Validator.validateUrl(server.baseUrl(), QUICK.withReplyTimeout(Duration.ofMillis(400)));
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            CheckResult reply = result(report, Check.REPLY_TIMEOUT);
            assertThat(reply.status()).isEqualTo(Status.FAILED);
            assertThat(reply.evidence()).contains("no reply within 400 ms").contains("\"type\":\"step\"");
            assertThat(report.passed()).isFalse();
            assertThat(seconds).as("validation time").isLessThan(60);
        }
    }

    @Test
    void heapGrowingWithEveryEpisodeIsALeak() {
        Report report = Validator.validateEnvironment(
                GuessWordEnvironment.spec(Defect.LEAKS_HEAP), GuessWordEnvironment::oracle, QUICK);
        CheckResult leak = result(report, Check.RESOURCE_LEAK);
        assertThat(leak.status()).isEqualTo(Status.FAILED);
        assertThat(leak.evidence()).contains("heap after GC");
    }

    @Test
    void threadsStartedByEveryEpisodeAreALeak() {
        Report report = Validator.validateEnvironment(
                GuessWordEnvironment.spec(Defect.LEAKS_THREADS), GuessWordEnvironment::oracle, QUICK);
        CheckResult leak = result(report, Check.RESOURCE_LEAK);
        assertThat(leak.status()).isEqualTo(Status.FAILED);
        assertThat(leak.measured()).contains("threads +");
    }

    @Test
    void localServerProcessIsMeasuredThroughProc() throws Exception {
        try (EnvServer server = EnvServer.create(
                        GuessWordEnvironment.spec(Defect.NONE),
                        ServerConfig.ephemeral().withMaxSessions(3))
                .start()) {
            Report report = Validator.validateUrl(
                    server.baseUrl(),
                    QUICK.withMaxSessions(3).withPid(ProcessHandle.current().pid()));
            CheckResult leak = result(report, Check.RESOURCE_LEAK);
            assertThat(leak.measured())
                    .matches("RSS [+-]\\d+ B/episode, threads [+-]\\d+, open files [+-]\\d+ over 16 episodes");
            assertThat(leak.evidence())
                    .contains("pid " + ProcessHandle.current().pid());
            assertThat(result(report, Check.SESSIONS_RELEASED).status()).isEqualTo(Status.PASSED);
            assertThat(result(report, Check.SESSIONS_RELEASED).measured()).startsWith("3/3 sessions");
        }
    }

    @Test
    void slotsThatDoNotComeBackFailTheSessionsCheck() throws Exception {
        // The server holds 2 sessions while 3 are declared: the third slot never comes back.
        try (EnvServer server = EnvServer.create(
                        GuessWordEnvironment.spec(Defect.NONE),
                        ServerConfig.ephemeral().withMaxSessions(2))
                .start()) {
            Report report = Validator.validateUrl(server.baseUrl(), QUICK.withMaxSessions(3));
            CheckResult slots = result(report, Check.SESSIONS_RELEASED);
            assertThat(slots.status()).isEqualTo(Status.FAILED);
            assertThat(slots.measured()).startsWith("2/3 sessions");
            assertThat(slots.evidence()).contains("CAPACITY_REACHED");
        }
    }

    @Test
    void episodesThatGetSlowerAndSlowerAreReportedAsDrift() throws Exception {
        try (EnvServer server = EnvServer.create(GuessWordEnvironment.spec(Defect.SLOWS_DOWN), ServerConfig.ephemeral())
                .start()) {
            Report report = Validator.validateUrl(server.baseUrl(), QUICK);
            CheckResult drift = result(report, Check.LATENCY_DRIFT);
            assertThat(drift.status()).isEqualTo(Status.FAILED);
            assertThat(drift.measured()).matches("episode median [0-9.]+ ms → [0-9.]+ ms");
        }
    }
}
