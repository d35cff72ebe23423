package io.openenv4j.cli;

import io.openenv4j.envs.Catalogue;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code openenv4j envs}: the built-in environments. */
@Command(name = "envs", mixinStandardHelpOptions = true, description = "List the built-in environments.")
final class EnvsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int width = Catalogue.entries().stream().mapToInt(entry -> entry.name().length()).max().orElse(4);
        for (Catalogue.Entry entry : Catalogue.entries()) {
            out.printf("%-" + width + "s  %s%n", entry.name(), entry.summary());
            out.printf("%-" + width + "s  action: %s%n", "", entry.actionFormat());
        }
        out.flush();
        return 0;
    }
}
