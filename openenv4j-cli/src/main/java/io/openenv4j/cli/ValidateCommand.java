package io.openenv4j.cli;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Policy;
import io.openenv4j.core.spi.EnvironmentProviderException;
import io.openenv4j.core.spi.Environments;
import io.openenv4j.validate.Report;
import io.openenv4j.validate.UnsupportedTargetException;
import io.openenv4j.validate.ValidationOptions;
import io.openenv4j.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code openenv4j validate <url | env>}: runs the RFC 008 checks and writes JSON and HTML reports. Exit
 * codes: 0 passed, 1 failed, 2 unsupported target, 3 internal error. Progress goes to stderr.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Validate an OpenEnv server (URL) or a built-in environment (name): protocol, runtime,"
                + " semantic and statistical checks. Exit 0 passed, 1 failed, 2 unsupported target, 3 internal error.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "TARGET",
            description = "http(s) URL of a running server, or an environment name (built-in or from --classpath).")
    String target;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here ('-' for stdout).")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report (inline SVG plots) here.")
    Path html;

    @Option(names = "--seed", description = "First seed (default 7).")
    Long seed;

    @Option(names = "--episodes", description = "Episodes per baseline (default 40).")
    Integer episodes;

    @Option(names = "--max-sessions", description = "URL targets: the server's session limit, to probe capacity.")
    Integer maxSessions;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Option(
            names = "--oracle",
            paramLabel = "NAME|FILE",
            description = "URL targets: the oracle the target declares:"
                    + " an environment's name (built-in or from --classpath; its Java oracle plays over the wire) or a JSON file of actions"
                    + " ({\"actions\": [...]} or {\"seeds\": {\"7\": [...]}}).")
    String oracle;

    @Option(
            names = "--idle-timeout",
            paramLabel = "SECONDS",
            description =
                    "URL targets: the idle timeout the server"
                            + " declares, to check that it is enforced. Built-ins: the idle timeout to probe with (default 0.5).")
    Double idleTimeout;

    @Option(
            names = "--step-timeout",
            paramLabel = "SECONDS",
            description = "The declared step timeout: how long any"
                    + " reply may take before it counts as unanswered (default 30).")
    Double stepTimeout;

    @Option(
            names = "--pid",
            description = "URL targets: the process id of a local server, whose /proc the resource check reads.")
    Long pid;

    @picocli.CommandLine.Mixin
    ClassPathFlags classPath = new ClassPathFlags();

    @Option(
            names = "--resource-episodes",
            paramLabel = "N",
            description = "Reset/step/close cycles of the resource checks (default 40).")
    Integer resourceEpisodes;

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Integer call() {
        CommandLine cli = spec.commandLine();
        var err = cli.getErr();
        ValidationOptions options = ValidationOptions.defaults()
                .withProgress(
                        quiet
                                ? line -> {}
                                : line -> {
                                    err.println(line);
                                    err.flush();
                                });
        if (seed != null) {
            options = options.withSeed(seed);
        }
        if (episodes != null) {
            options = options.withEpisodes(episodes);
        }
        if (maxSessions != null) {
            options = options.withMaxSessions(maxSessions);
        }
        if (idleTimeout != null) {
            options = options.withIdleTimeout(java.time.Duration.ofMillis(Math.round(idleTimeout * 1000)));
        }
        if (stepTimeout != null) {
            options = options.withReplyTimeout(java.time.Duration.ofMillis(Math.round(stepTimeout * 1000)));
        }
        if (pid != null) {
            options = options.withPid(pid);
        }
        if (resourceEpisodes != null) {
            var limits = options.resources();
            options = options.withResources(new ValidationOptions.ResourceLimits(
                    resourceEpisodes,
                    limits.heapBytesPerEpisode(),
                    limits.threadGrowth(),
                    limits.rssBytesPerEpisode(),
                    limits.latencyDrift()));
        }
        Report report;
        Environments environments;
        try {
            environments = classPath.environments(err);
        } catch (IllegalArgumentException e) {
            err.println("Unsupported target: " + e.getMessage());
            return 2;
        }
        try {
            if (target.startsWith("http://") || target.startsWith("https://")) {
                if (oracle != null) {
                    try {
                        options = options.withWireOracle(wireOracle(environments, oracle));
                    } catch (IllegalArgumentException | EnvironmentProviderException e) {
                        err.println("Unsupported oracle '" + oracle + "': " + e.getMessage());
                        return 2;
                    }
                }
                report = Validator.validateUrl(target, options);
            } else {
                var entry = environments.find(target);
                if (entry.isEmpty()) {
                    err.println(
                            "Unsupported target '" + target + "': neither an http(s) URL nor a built-in environment ("
                                    + String.join(", ", environments.names()) + ")");
                    return 2;
                }
                EnvSpec envSpec;
                try {
                    envSpec = entry.get().spec();
                } catch (IllegalArgumentException | EnvironmentProviderException e) {
                    err.println("Unsupported target '" + target + "': " + e.getMessage());
                    return 2;
                }
                var oracle = entry.get().oracle().orElse(null);
                Supplier<Policy> policy = oracle == null ? null : () -> (Policy) oracle.get();
                report = Validator.validateEnvironment(envSpec, (Supplier) policy, options);
            }
        } catch (UnsupportedTargetException e) {
            err.println("Unsupported target: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("Internal error: " + e);
            return 3;
        }
        try {
            if (json != null) {
                if (json.toString().equals("-")) {
                    cli.getOut().println(report.toJson());
                } else {
                    Files.writeString(json, report.toJson());
                }
            }
            if (html != null) {
                Files.writeString(html, report.toHtml());
            }
        } catch (java.io.IOException e) {
            err.println("Internal error: cannot write the report: " + e.getMessage());
            return 3;
        }
        long failed = report.failures().size();
        cli.getOut()
                .println((report.passed() ? "PASSED " : "FAILED ") + report.target() + ": "
                        + report.results().size() + " checks, " + failed + " failed ("
                        + report.results().stream().filter(r -> r.blocking()).count() + " blocking)");
        return report.passed() ? 0 : 1;
    }

    /** A built-in's oracle playing over the wire, or a script file. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static java.util.function.LongFunction<io.openenv4j.validate.WireOracle> wireOracle(
            Environments environments, String oracle) {
        var named = environments.find(oracle);
        if (named.isPresent() && named.get().hasOracle()) {
            var entry = named.get();
            EnvSpec envSpec = entry.spec();
            var policy = entry.oracle().orElseThrow();
            return io.openenv4j.validate.WireOracles.of(envSpec, (Supplier) () -> (Policy) policy.get());
        }
        return io.openenv4j.validate.WireOracles.scripted(Path.of(oracle));
    }
}
