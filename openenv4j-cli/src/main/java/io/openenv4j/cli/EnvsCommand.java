package io.openenv4j.cli;

import io.openenv4j.core.spi.EnvironmentDefinition;
import io.openenv4j.core.spi.Environments;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code openenv4j envs}: the built-in environments, then those of {@code --classpath}. */
@Command(
        name = "envs",
        mixinStandardHelpOptions = true,
        description =
                "List the built-in environments (and those of --classpath), with their action format and options.")
final class EnvsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClassPathFlags classPath = new ClassPathFlags();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Environments environments;
        try {
            environments = classPath.environments(spec.commandLine().getErr());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("openenv4j: " + e.getMessage());
            return 2;
        }
        int width = environments.definitions().stream()
                .mapToInt(entry -> entry.name().length())
                .max()
                .orElse(4);
        for (EnvironmentDefinition entry : environments.definitions()) {
            out.printf("%-" + width + "s  %s%n", entry.name(), entry.description());
            out.printf("%-" + width + "s  action: %s%n", "", entry.actionExample());
            for (EnvironmentDefinition.Option option : entry.options()) {
                out.printf(
                        "%-" + width + "s  option: %s (default %s): %s%n",
                        "",
                        option.name(),
                        option.defaultValue(),
                        option.description());
            }
        }
        out.flush();
        return 0;
    }
}
