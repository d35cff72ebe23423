package io.openenv4j.cli;

import io.openenv4j.core.spi.Environments;
import java.io.File;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --classpath}: jars and class folders whose environment providers join the built-ins (a user's environment
 * project: {@code openenv4j serve counter --classpath target/counter-1.0.jar}).
 */
final class ClassPathFlags {

    @Option(
            names = {"--classpath", "-cp"},
            paramLabel = "PATHS",
            description = "Jars and class folders with more"
                    + " environments (their META-INF/services/io.openenv4j.core.spi.EnvironmentProvider), separated by '"
                    + "${sys:path.separator}'; a folder ending in '/*' means every jar in it.")
    String classpath;

    /**
     * The environments of the built-ins and the class path; each provider that failed is reported on {@code err}.
     * The class path's loader becomes the thread's context class loader, so the environments' classes resolve.
     *
     * @throws IllegalArgumentException when an entry of the class path does not exist
     */
    Environments environments(PrintWriter err) {
        ClassLoader loader = ClassPathFlags.class.getClassLoader();
        if (classpath != null && !classpath.isBlank()) {
            loader = new URLClassLoader("openenv4j-user", urls(classpath), loader);
            Thread.currentThread().setContextClassLoader(loader);
        }
        Environments environments = Environments.load(loader);
        environments.problems().forEach(problem -> err.println("openenv4j: " + problem + " (left out)"));
        err.flush();
        return environments;
    }

    private static URL[] urls(String classpath) {
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                if (entry.endsWith("/*") || entry.equals("*")) {
                    Path folder = Path.of(entry.substring(0, entry.length() - 1));
                    if (!Files.isDirectory(folder)) {
                        throw new IllegalArgumentException("--classpath: no folder " + folder.toAbsolutePath());
                    }
                    try (var jars = Files.list(folder)) {
                        for (Path jar : jars.filter(path -> path.toString().endsWith(".jar"))
                                .sorted()
                                .toList()) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                } else {
                    Path path = Path.of(entry);
                    if (!Files.exists(path)) {
                        throw new IllegalArgumentException("--classpath: no file or folder " + path.toAbsolutePath());
                    }
                    urls.add(path.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--classpath: cannot use '" + entry + "': " + e.getMessage());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--classpath: cannot list '" + entry + "': " + e.getMessage());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
