package io.openenv4j.envs;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.core.spi.EnvironmentDefinition;
import io.openenv4j.core.spi.Environments;
import io.openenv4j.envs.browser.BrowserEnvironment;
import io.openenv4j.envs.code.CodeEnvironment;
import io.openenv4j.envs.terminal.TerminalEnvironment;
import io.openenv4j.envs.terminal.TerminalToolEnvironment;
import io.openenv4j.testkit.Validation;
import io.openenv4j.validate.Check;
import io.openenv4j.validate.Report;
import io.openenv4j.validate.ValidationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in environment passes {@code openenv4j validate} (RFC 008): no check of severity error fails.
 * The JSON and HTML reports land in {@code target/validate/<name>/}.
 */
class CatalogueValidationTest {

    /** A fresh sandbox per episode: smaller budgets keep these to seconds. */
    private static final Set<String> SANDBOXED = Set.of(
            TerminalEnvironment.NAME,
            TerminalToolEnvironment.NAME,
            CodeEnvironment.NAME,
            io.openenv4j.envs.code.UpstreamCode.NAME);

    static Stream<String> names() {
        return Environments.load().definitions().stream().map(EnvironmentDefinition::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    @SuppressWarnings({"rawtypes", "unchecked"})
    void builtInEnvironmentPassesValidation(String name) throws Exception {
        var entry = Environments.load().find(name).orElseThrow();
        EnvSpec spec;
        try {
            spec = entry.spec();
        } catch (IllegalArgumentException e) {
            // mcpbridge needs an external MCP server named in its environment variables
            Assumptions.abort(name + " cannot be built without configuration: " + e.getMessage());
            return;
        }
        Supplier<Policy> oracle =
                entry.hasOracle() ? () -> (Policy) entry.oracle().orElseThrow().get() : null;
        var options = Validation.testOptions();
        if (SANDBOXED.contains(name)) {
            // served as users get them: measured elapsed times, declared in /metadata as measured fields
            options = options.withEpisodes(4).withLearner(2, 4);
        }
        if (name.equals(BrowserEnvironment.NAME)) {
            // real Chromium: every episode opens a tab; the smallest budgets keep it near a minute
            options = options.withEpisodes(4)
                    .withLearner(2, 4)
                    .withResources(new ValidationOptions.ResourceLimits(16, 128 * 1024, 4, 1024 * 1024, 2.0));
        }
        Report report = Validation.assertPasses(spec, (Supplier) oracle, options);
        Path out = Path.of("target", "validate", name);
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.json"), report.toJson());
        Files.writeString(out.resolve("report.html"), report.toHtml());
        assertThat(report.results()).hasSize(Check.values().length);
    }
}
