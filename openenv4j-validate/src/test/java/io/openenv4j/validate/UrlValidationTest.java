package io.openenv4j.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.server.ServerMode;
import io.openenv4j.validate.GuessWordEnvironment.Defect;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UrlValidationTest {

    @Test
    void simulationServerPassesAndReportsEveryCheckOnce() throws Exception {
        var lines = new ArrayList<String>();
        try (EnvServer server = EnvServer.create(GuessWordEnvironment.spec(Defect.NONE), ServerConfig.ephemeral())
                .start()) {
            Report report = Validator.validateUrl(
                    server.baseUrl(),
                    ValidationOptions.defaults().withMaxSessions(1024).withProgress(lines::add));
            assertThat(report.passed()).as(report.toJson()).isTrue();
            assertThat(report.results()).extracting(CheckResult::check).containsExactlyInAnyOrder(Check.values());
            assertThat(report.result(Check.ORACLE_MAX_REWARD).orElseThrow().status())
                    .isEqualTo(Status.SKIPPED);
            assertThat(lines).anyMatch(line -> line.startsWith("protocol.ws.invalid_json") && line.contains("passed"));
        }
    }

    @Test
    void aServerOfOneSessionAtATimeIsNotFaultedForRefusingASecondInLockstep() throws Exception {
        try (EnvServer server = EnvServer.create(
                        GuessWordEnvironment.spec(Defect.NONE),
                        ServerConfig.ephemeral().withMaxSessions(1))
                .start()) {
            Report report = Validator.validateUrl(server.baseUrl(), ValidationOptions.defaults());
            CheckResult lockstep = report.result(Check.ISOLATION_SESSIONS).orElseThrow();
            assertThat(lockstep.status()).as(lockstep.toString()).isEqualTo(Status.SKIPPED);
            assertThat(lockstep.evidence()).contains("one session at a time").contains("CAPACITY_REACHED");
            assertThat(report.result(Check.ISOLATION_RESETS).orElseThrow().status())
                    .as(report.toJson())
                    .isEqualTo(Status.PASSED);
        }
    }

    @Test
    void productionServerPassesWithItsRoutesAbsent() throws Exception {
        var config = ServerConfig.ephemeral().withMode(ServerMode.PRODUCTION);
        try (EnvServer server =
                EnvServer.create(GuessWordEnvironment.spec(Defect.NONE), config).start()) {
            Report report = Validator.validateUrl(server.baseUrl(), ValidationOptions.defaults());
            assertThat(report.passed()).as(report.toJson()).isTrue();
            assertThat(report.result(Check.HTTP_OPENAPI).orElseThrow().measured())
                    .contains("production");
            assertThat(report.result(Check.HTTP_RESET).orElseThrow().measured()).isEqualTo("HTTP 404");
        }
    }

    @Test
    void jsonReportFollowsItsSchema() throws Exception {
        try (EnvServer server = EnvServer.create(GuessWordEnvironment.spec(Defect.NONE), ServerConfig.ephemeral())
                .start()) {
            JsonNode json = WireJson.parse(Validator.validateUrl(server.baseUrl(), ValidationOptions.defaults())
                    .toJson());
            assertThat(json.path("schema").asString()).isEqualTo("openenv4j.validate/1");
            assertThat(json.path("passed").asBoolean()).isTrue();
            assertThat(json.path("exit_code").asInt()).isZero();
            assertThat(json.path("checks")).hasSize(Check.values().length);
            JsonNode first = json.path("checks").get(0);
            assertThat(first.propertyNames())
                    .containsExactlyInAnyOrder(
                            "id",
                            "level",
                            "severity",
                            "status",
                            "measured",
                            "evidence",
                            "remediation",
                            "reference_gap",
                            "millis");
            assertThat(json.path("plots").propertyNames())
                    .containsExactlyInAnyOrder(
                            "random_returns", "oracle_returns", "learner_mean", "learner_best", "latencies_ms");
            assertThat(json.path("plots").path("latencies_ms").isEmpty()).isFalse();
        }
    }

    @Test
    void checkIdsAreUniqueAndNamespacedByLevel() {
        assertThat(Arrays.stream(Check.values()).map(Check::id).distinct().count())
                .isEqualTo(Check.values().length);
        for (Check check : Check.values()) {
            assertThat(check.id()).startsWith(check.level().wireName() + ".");
        }
    }

    @Test
    void nothingListeningIsAnUnsupportedTarget() {
        assertThatThrownBy(() -> Validator.validateUrl("http://127.0.0.1:1", ValidationOptions.defaults()))
                .isInstanceOf(UnsupportedTargetException.class);
    }

    @Test
    void htmlReportIsSelfContainedWithPlots() {
        Report report = Validator.validateEnvironment(
                GuessWordEnvironment.spec(Defect.NONE),
                GuessWordEnvironment::oracle,
                ValidationOptions.defaults().withEpisodes(8).withLearner(3, 6));
        String html = report.toHtml();
        assertThat(html)
                .contains("<svg")
                .contains("Random-policy returns")
                .contains("Learning curve")
                .contains("Step latency")
                .doesNotContain("<script")
                .doesNotContain("src=\"http");
    }
}
