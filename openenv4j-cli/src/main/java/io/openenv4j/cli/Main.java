package io.openenv4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code openenv4j}: serve and inspect OpenEnv environments. */
@Command(
        name = "openenv4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Serve OpenEnv environments on the JVM, wire-compatible with the Python reference.",
        subcommands = {
            ServeCommand.class,
            PlaceCommand.class,
            EnvsCommand.class,
            InitCommand.class,
            ManifestCommand.class,
            TasksCommand.class,
            ValidateCommand.class,
            BenchCommand.class,
            BenchServerCommand.class,
            RewardsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    /** The version from the build. */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            var properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "openenv4j " + version(),
                "OpenEnv HTTP API 1.0.0 (compatible with openenv-core 0.3.x)",
                "Java " + Runtime.version()
            };
        }
    }
}
