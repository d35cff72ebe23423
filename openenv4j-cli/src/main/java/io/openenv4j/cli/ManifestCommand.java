package io.openenv4j.cli;

import io.openenv4j.core.spi.EnvironmentDefinition;
import io.openenv4j.core.spi.EnvironmentProviderException;
import io.openenv4j.core.spi.Environments;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code openenv4j manifest <env>}: the {@code openenv.yaml} the reference's {@code openenv validate} reads. */
@Command(
        name = "manifest",
        mixinStandardHelpOptions = true,
        description =
                "Print the openenv.yaml (with its validation: block) of an environment (built-in or from --classpath), or write one per"
                        + " environment under --output.")
final class ManifestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "ENV",
            description = "The environment (see `openenv4j envs`); all with --output.")
    String env;

    @Option(names = "--output", paramLabel = "DIR", description = "Write DIR/<env>/openenv.yaml instead of printing.")
    Path output;

    @picocli.CommandLine.Mixin
    ClassPathFlags classPath = new ClassPathFlags();

    @Override
    public Integer call() throws Exception {
        Environments environments;
        try {
            environments = classPath.environments(spec.commandLine().getErr());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("openenv4j manifest: " + e.getMessage());
            return 2;
        }
        List<EnvironmentDefinition> entries;
        if (env == null) {
            if (output == null) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "name an environment, or give --output for all");
            }
            // The MCP bridge is configured by its environment variables (which server to bridge), so it has no fixed
            // manifest.
            entries = environments.definitions().stream()
                    .filter(entry -> !entry.name().equals(io.openenv4j.envs.mcpbridge.McpBridgeEnvironment.NAME))
                    .toList();
        } else {
            entries = List.of(environments
                    .find(env)
                    .orElseThrow(() -> new picocli.CommandLine.ParameterException(
                            spec.commandLine(), "unknown environment '" + env + "'; `openenv4j envs` lists them")));
        }
        PrintWriter out = spec.commandLine().getOut();
        for (EnvironmentDefinition entry : entries) {
            String yaml;
            try {
                yaml = OpenEnvManifest.yaml(entry);
            } catch (IllegalArgumentException | EnvironmentProviderException e) {
                spec.commandLine().getErr().println("openenv4j manifest: " + entry.name() + ": " + e.getMessage());
                return 1;
            }
            if (output == null) {
                out.print(yaml);
            } else {
                Path file = output.resolve(entry.name()).resolve("openenv.yaml");
                Files.createDirectories(file.getParent());
                Files.writeString(file, yaml);
                out.println(file);
            }
        }
        out.flush();
        return 0;
    }
}
