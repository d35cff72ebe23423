package io.openenv4j.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.validate.GuessWordEnvironment.Defect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of the /mcp surfaces: a sound tool environment passes them, a broken schema fails them, others skip them. */
class McpValidationTest {

    static final List<Check> MCP = List.of(
            Check.MCP_TOOLS_LIST,
            Check.MCP_TOOLS_CALL,
            Check.MCP_ERRORS,
            Check.MCP_WS_FRAMES,
            Check.MCP_SPEC_INITIALIZE,
            Check.MCP_SPEC_VERSION,
            Check.MCP_SPEC_SESSION,
            Check.MCP_SPEC_TOOLS_LIST,
            Check.MCP_SPEC_TOOLS_CALL,
            Check.MCP_SPEC_NOTIFICATIONS,
            Check.MCP_SPEC_GET_DELETE,
            Check.MCP_SPEC_ERRORS);

    private static Report validateUrl(boolean brokenSchema) throws Exception {
        try (EnvServer server = EnvServer.create(
                        CalculatorToolsEnvironment.spec(brokenSchema), ServerConfig.ephemeral())
                .start()) {
            return Validator.validateUrl(
                    server.baseUrl(),
                    ValidationOptions.defaults().withEpisodes(4).withLearner(2, 4));
        }
    }

    @Test
    void soundToolEnvironmentPassesEveryMcpCheck() throws Exception {
        Report report = validateUrl(false);
        for (Check check : MCP) {
            CheckResult result = report.result(check).orElseThrow();
            assertThat(result.status())
                    .as(check.id() + ": " + result.measured() + " | " + result.evidence())
                    .isEqualTo(Status.PASSED);
        }
        assertThat(report.result(Check.MCP_TOOLS_LIST).orElseThrow().evidence()).contains("add", "greet");
        assertThat(report.result(Check.MCP_SPEC_TOOLS_CALL).orElseThrow().measured())
                .isEqualTo("2 result(s) checked");
        assertThat(report.result(Check.MCP_SPEC_INITIALIZE).orElseThrow().measured())
                .contains("2025-11-25");
    }

    @Test
    void invalidToolSchemaFailsBothToolListings() throws Exception {
        Report report = validateUrl(true);
        for (Check check : List.of(Check.MCP_TOOLS_LIST, Check.MCP_SPEC_TOOLS_LIST)) {
            CheckResult result = report.result(check).orElseThrow();
            System.out.println(check.id() + ": " + result.measured() + " | " + result.evidence());
            assertThat(result.status()).as(result.toString()).isEqualTo(Status.FAILED);
            assertThat(result.evidence()).contains("'greet'").contains("objekt").contains("/required");
        }
        assertThat(report.passed()).isFalse();
    }

    @Test
    void toolEnvironmentInProcessPassesEveryCheck() {
        Report report = Validator.validateEnvironment(
                CalculatorToolsEnvironment.spec(false),
                null,
                ValidationOptions.defaults().withEpisodes(4).withLearner(2, 4));
        assertThat(report.passed()).as(report.toJson()).isTrue();
        assertThat(report.result(Check.MCP_SPEC_GET_DELETE).orElseThrow().status())
                .isEqualTo(Status.PASSED);
    }

    @Test
    void environmentWithoutToolsSkipsTheMcpChecksWithTheReason() throws Exception {
        try (EnvServer server = EnvServer.create(GuessWordEnvironment.spec(Defect.NONE), ServerConfig.ephemeral())
                .start()) {
            Report report = Validator.validateUrl(
                    server.baseUrl(),
                    ValidationOptions.defaults().withEpisodes(4).withLearner(2, 4));
            for (Check check : MCP) {
                CheckResult result = report.result(check).orElseThrow();
                assertThat(result.status()).isEqualTo(Status.SKIPPED);
                assertThat(result.evidence()).startsWith("not a tool environment");
            }
        }
    }

    @Test
    void lazyMcpServerFailsEveryMcpCheckBeyondItsListings() throws Exception {
        try (var lazy = new LazyMcpServer()) {
            Report report = Validator.validateUrl(
                    lazy.url(),
                    ValidationOptions.defaults()
                            .withEpisodes(2)
                            .withLearner(2, 2)
                            .withResources(new ValidationOptions.ResourceLimits(4, 128 * 1024, 4, 1 << 20, 2.0)));
            for (Check check : MCP) {
                CheckResult result = report.result(check).orElseThrow();
                System.out.println(check.id() + " [" + result.status().wireName() + "] " + result.measured() + " | "
                        + result.evidence());
                if (!List.of(Check.MCP_SPEC_INITIALIZE, Check.MCP_TOOLS_LIST, Check.MCP_SPEC_TOOLS_LIST)
                        .contains(check)) {
                    assertThat(result.status())
                            .as(check.id() + ": " + result.evidence())
                            .isEqualTo(Status.FAILED);
                    assertThat(result.evidence()).isNotBlank();
                }
            }
            for (Check listing : List.of(Check.MCP_SPEC_INITIALIZE, Check.MCP_TOOLS_LIST, Check.MCP_SPEC_TOOLS_LIST)) {
                assertThat(report.result(listing).orElseThrow().status())
                        .as(listing.id())
                        .isEqualTo(Status.PASSED);
            }
            assertThat(report.passed()).isFalse();
        }
    }
}
