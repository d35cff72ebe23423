package io.openenv4j.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Where the build put the images, and what the family table (scripts/images/families.txt) says. */
final class Images {

    /** One row of families.txt. */
    record Family(String name, String base, String defaultEnv) {
        boolean sandboxed() {
            return base.equals("sandbox");
        }

        String image() {
            return "openenv4j/" + name + ":" + version();
        }

        Path tar() {
            return imagesDir().resolve(name + ".tar");
        }
    }

    private static final Set<String> LOADED = new HashSet<>();

    private Images() {}

    static Path repoRoot() {
        return Path.of(System.getProperty("openenv4j.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static Path imagesDir() {
        return Path.of(System.getProperty("openenv4j.images.dir", "target/images"))
                .toAbsolutePath();
    }

    static Path buildDir() {
        return imagesDir().getParent();
    }

    static String version() {
        return System.getProperty("openenv4j.version", "0.1.0-SNAPSHOT");
    }

    static List<Family> families() throws IOException {
        var families = new ArrayList<Family>();
        for (String line : Files.readAllLines(repoRoot().resolve("scripts/images/families.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            families.add(new Family(fields[0], fields[1], fields[2]));
        }
        return families;
    }

    static Family family(String name) throws IOException {
        return families().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Loads the family's image tar (built by this module's Jib executions) into the daemon, once. */
    static synchronized String load(DockerDaemon daemon, Family family) throws IOException, InterruptedException {
        if (!Files.isRegularFile(family.tar())) {
            throw new IllegalStateException("No image " + family.tar() + ": build it with the module"
                    + " (mvn -pl openenv4j-images -am verify) or './openenv4j build " + family.name() + "'");
        }
        if (LOADED.add(family.name())) {
            daemon.docker("load", "-i", family.tar().toString()).requireSuccess("docker load " + family.tar());
        }
        return family.image();
    }
}
