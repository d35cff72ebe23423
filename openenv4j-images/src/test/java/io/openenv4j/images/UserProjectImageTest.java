package io.openenv4j.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The author workflow's last step (docs/authoring.md): a project made by {@code ./openenv4j init} is packed into an
 * image by {@code ./openenv4j build --project} (its own Jib profile on the Java base) and that image keeps the
 * container contract of the built-in images: {@code server} as its command on 0.0.0.0:8000, the non-root user on a
 * read-only root, the OpenEnv labels, an episode played over HTTP, and SIGTERM exiting 0.
 */
class UserProjectImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aProjectMadeByInitBuildsAnImageThatServesItsEnvironmentUnderTheContainerContract() throws Exception {
        Path root = Images.repoRoot();
        Path project = work.resolve("counter");
        run(List.of(root.resolve("openenv4j").toString(), "init", "counter", "--dir", project.toString()));
        run(List.of(root.resolve("openenv4j").toString(), "build", "--project", project.toString()));
        Path tar = project.resolve("target/jib-image.tar");
        assertTrue(Files.isRegularFile(tar), "no image tar at " + tar);

        DockerDaemon daemon = DockerDaemon.shared();
        daemon.docker("load", "-i", tar.toString()).requireSuccess("docker load " + tar);
        String image = "counter:0.1.0-SNAPSHOT";
        JsonNode config = JSON.readTree(daemon.docker("inspect", "-f", "{{json .Config}}", image)
                .requireSuccess("docker inspect")
                .out());
        assertEquals("[\"server\"]", config.get("Cmd").toString());
        assertEquals("65532:65532", config.get("User").asString());
        assertEquals(
                "/health", config.get("Labels").get("io.openenv.health-path").asString());
        assertEquals(
                "0.1.0-SNAPSHOT", config.get("Labels").get("io.openenv.version").asString());
        // The base has no cat: copy the manifest the label points at out of a created (never started) container.
        String created = daemon.docker("create", "--network", "none", image)
                .requireSuccess("docker create")
                .out()
                .strip();
        Path copied = work.resolve("manifest-from-image.yaml");
        try {
            daemon.docker(
                            "cp",
                            created + ":"
                                    + config.get("Labels")
                                            .get("io.openenv.manifest-path")
                                            .asString(),
                            copied.toString())
                    .requireSuccess("docker cp");
        } finally {
            daemon.docker("rm", created);
        }
        assertEquals(Files.readString(project.resolve("openenv.yaml")), Files.readString(copied));

        try (var served = Served.start(daemon, image, Map.of(), ImageContractTest.LOCKED_DOWN)) {
            served.awaitHealthy();
            String uid = served.proc("status")
                    .lines()
                    .filter(l -> l.startsWith("Uid:"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("65532", uid.substring(4).trim().split("\\s+")[0]);
            assertEquals(
                    "counter",
                    JSON.readTree(served.get("/metadata").body()).get("name").asString());
            var reset = served.post("/reset", "{\"seed\": 3}");
            assertEquals(200, reset.statusCode(), reset.body());
            assertTrue(JSON.readTree(reset.body()).has("observation"), reset.body());
            daemon.docker("stop", "-t", "10", served.id).requireSuccess("docker stop");
            assertEquals(
                    "0",
                    daemon.docker("inspect", "-f", "{{.State.ExitCode}}", served.id)
                            .out()
                            .strip(),
                    served.logs());
        }
    }

    private static void run(List<String> command) throws Exception {
        var result = DockerDaemon.exec(command, Map.of(), Duration.ofMinutes(10));
        assertEquals(0, result.exit(), String.join(" ", command) + " failed:\n" + result.out() + result.err());
    }
}
