package io.openenv4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code openenv4j init <name>}: writes a Maven project with a working environment to start from: the environment
 * (records for action, observation and state), its oracle, its provider registration, the testkit's contract and
 * validation tests, a {@code Main} for serving it alone, its {@code openenv.yaml} and a Jib image build (profile
 * {@code image}). It builds and passes its tests as generated ({@code scripts/init-test.sh}).
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = "Create a Maven project for a new environment: skeleton, provider registration, contract test,"
                + " oracle, README, openenv.yaml and a Jib image build.")
final class InitCommand implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final String TEMPLATES = "init/";

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "The environment's name: lower case letters, digits and"
                    + " single dashes, starting with a letter (e.g. counter, grid-maze).")
    String name;

    @Option(names = "--package", paramLabel = "PACKAGE", description = "The Java package (default com.example.<name>).")
    String javaPackage;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Where to create the project (default ./<name>); must not" + " exist or be empty.")
    Path dir;

    @Option(
            names = "--openenv4j-version",
            paramLabel = "VERSION",
            description = "The OpenEnv4j version the project" + " depends on (default: this command's own version).")
    String openenv4jVersion;

    @Option(
            names = "--local-repository",
            paramLabel = "DIR",
            description = "A Maven repository folder holding a local"
                    + " build of OpenEnv4j that the project resolves it from (./openenv4j init in a clone publishes the clone's"
                    + " build to <clone>/target/local-repository and passes it here).")
    Path localRepository;

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        if (!NAME.matcher(name).matches()) {
            err.println("openenv4j init: '" + name + "' is not a usable name: use lower case letters, digits and single"
                    + " dashes, starting with a letter (e.g. counter, grid-maze)");
            return 2;
        }
        String pkg = javaPackage != null ? javaPackage : "com.example." + name.replace("-", "");
        if (!SourceVersion.isName(pkg) || !pkg.equals(pkg.toLowerCase(Locale.ROOT))) {
            err.println(
                    "openenv4j init: '" + pkg + "' is not a Java package name (lower case, dot-separated identifiers)");
            return 2;
        }
        Path target = dir != null ? dir : Path.of(name);
        if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
            err.println("openenv4j init: " + target.toAbsolutePath()
                    + " already exists and is not empty; choose another --dir");
            return 2;
        }
        String version = openenv4jVersion != null ? openenv4jVersion : Main.version();
        if (version.equals("unknown")) {
            err.println("openenv4j init: this build does not know its version; give --openenv4j-version");
            return 2;
        }
        String className = className(name);
        String description = "Count from 0 to a seeded goal, one step up or down at a time.";
        var values = new LinkedHashMap<String, String>();
        values.put("@NAME@", name);
        values.put("@CLASS@", className);
        values.put("@PACKAGE_PATH@", pkg.replace('.', '/'));
        values.put("@PACKAGE@", pkg);
        values.put("@GROUP@", pkg);
        values.put("@OPENENV4J_VERSION@", version);
        values.put("@DESCRIPTION@", description);
        values.put("@LOCAL_REPOSITORY@", localRepository == null ? "" : localRepositoryBlock(localRepository));

        String main = "src/main/java/" + pkg.replace('.', '/') + "/";
        String test = "src/test/java/" + pkg.replace('.', '/') + "/";
        var files = new LinkedHashMap<String, String>();
        files.put("pom.xml", fill("pom.xml.txt", values));
        files.put("README.md", fill("README.md.txt", values));
        files.put(".gitignore", fill("gitignore.txt", values));
        files.put(main + className + "Environment.java", fill("Environment.java.txt", values));
        files.put(main + className + "Oracle.java", fill("Oracle.java.txt", values));
        files.put(main + className + "Provider.java", fill("Provider.java.txt", values));
        files.put(main + "Main.java", fill("Main.java.txt", values));
        files.put(
                "src/main/resources/META-INF/services/io.openenv4j.core.spi.EnvironmentProvider",
                pkg + "." + className + "Provider\n");
        files.put(test + className + "EnvironmentTest.java", fill("EnvironmentTest.java.txt", values));
        files.put(test + className + "ValidationTest.java", fill("ValidationTest.java.txt", values));
        files.put("src/test/resources/simplelogger.properties", fill("simplelogger.properties.txt", values));
        files.put("src/main/jib/usr/local/bin/server", fill("server.sh.txt", values));
        // The manifest of the skeleton as generated: what `openenv4j manifest <name> --classpath <jar>` writes once
        // built.
        files.put(
                "openenv.yaml",
                OpenEnvManifest.yaml(new OpenEnvManifest.Facts(name, "1.0.0", description, false, null)));

        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = target.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        var out = spec.commandLine().getOut();
        out.println(
                "Created " + target + " (environment '" + name + "', package " + pkg + ", OpenEnv4j " + version + ").");
        out.println("Next: cd " + target + " && mvn verify; then openenv4j serve " + name + " --classpath target/"
                + name + "-0.1.0-SNAPSHOT.jar (README.md).");
        out.flush();
        return 0;
    }

    /** The {@code <repositories>} element that resolves OpenEnv4j from a local build's repository folder. */
    static String localRepositoryBlock(Path folder) {
        String url = folder.toAbsolutePath().normalize().toUri().toString();
        return "\n  <!-- OpenEnv4j itself from a local build of a clone; remove this to build against a release. -->\n"
                + "  <repositories>\n"
                + "    <repository>\n"
                + "      <id>openenv4j-local-build</id>\n"
                + "      <url>" + url + "</url>\n"
                + "      <releases><enabled>true</enabled></releases>\n"
                + "      <snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy></snapshots>\n"
                + "    </repository>\n"
                + "  </repositories>\n";
    }

    /** {@code grid-maze} to {@code GridMaze}. */
    static String className(String name) {
        var result = new StringBuilder();
        for (String part : name.split("-")) {
            result.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return result.toString();
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String fill(String template, Map<String, String> values) throws IOException {
        String text;
        try (InputStream in = InitCommand.class.getResourceAsStream(TEMPLATES + template)) {
            if (in == null) {
                throw new IOException("template " + template + " is missing from the command line's jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        return text;
    }
}
