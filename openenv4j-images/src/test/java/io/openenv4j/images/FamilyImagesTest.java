package io.openenv4j.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openenv4j.client.EnvClient;
import io.openenv4j.core.spi.Environments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every family's image, run in a real Docker daemon as a provider runs it (its own command, configuration from
 * the environment), is driven by the unmodified Python reference client (openenv-core 0.3.0 or the newest
 * openenv; both on the text family, see {@link #clients}): reset, one step of the family's default environment
 * and state over /ws; then SIGTERM stops it with exit code 0. The pure families run locked down (read-only root, /tmp only, no capabilities); the
 * sandboxed ones (terminal, code, browser) with the options their sandbox needs (docs/images.md).
 */
class FamilyImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * What the sandboxed images need from Docker: bubblewrap makes user, mount and PID namespaces and mounts a
     * fresh /proc, which Docker's default seccomp profile and masked /proc paths refuse. Still a non-root user.
     */
    static final List<String> SANDBOX_OPTIONS = List.of(
            "--security-opt",
            "seccomp=unconfined",
            "--security-opt",
            "apparmor=unconfined",
            "--security-opt",
            "systempaths=unconfined",
            "--tmpfs",
            "/tmp:rw,mode=1777");

    private static DockerDaemon daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = DockerDaemon.shared();
    }

    static Stream<String> families() throws IOException {
        return Images.families().stream().map(Images.Family::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void theReferenceClientPlaysTheFamilysDefaultEnvironmentServedFromItsImage(String name) throws Exception {
        Images.Family family = Images.family(name);
        String image = Images.load(daemon, family);
        String action = Environments.load().require(family.defaultEnv()).actionExample();
        List<String> options = family.sandboxed() ? SANDBOX_OPTIONS : ImageContractTest.LOCKED_DOWN;
        try (var served = Served.start(daemon, image, Map.of(), options)) {
            served.awaitHealthy();
            if (Boolean.getBoolean("openenv4j.interop.skip")) {
                // -Dopenenv4j.interop.skip=true: no Python; the same reset and step over /ws with our Java client
                // (HTTP /step is stateless: a fresh environment that needs a reset first would refuse it)
                try (var client = EnvClient.generic(served.baseUrl())) {
                    client.reset();
                    Map<String, Object> parsed =
                            JSON.readValue(action, new tools.jackson.core.type.TypeReference<>() {});
                    assertTrue(client.step(parsed).observation() != null, served.logs());
                }
            } else {
                for (String venv : clients(family)) {
                    playWithReferenceClient(served, venv, action);
                }
            }
            daemon.docker("stop", "-t", "10", served.id).requireSuccess("docker stop");
            assertEquals(
                    "0",
                    daemon.docker("inspect", "-f", "{{.State.ExitCode}}", served.id)
                            .out()
                            .strip(),
                    served.logs());
        }
    }

    /**
     * Which reference versions play a family: both on the text family (echo), and one each on the others,
     * alternating along the table so that both versions meet pure and sandboxed images (each Python client run
     * costs seconds of imports).
     */
    static List<String> clients(Images.Family family) throws IOException {
        if (family.name().equals("text")) {
            return List.of("pyref", "pyref-openenv");
        }
        int index = Images.families().indexOf(family);
        return List.of(index % 2 == 0 ? "pyref" : "pyref-openenv");
    }

    private static void playWithReferenceClient(Served served, String venv, String action) throws Exception {
        Path python = PythonReference.python(venv);
        var script = Images.repoRoot().resolve("openenv4j-images/src/test/python/image_client.py");
        var run = DockerDaemon.exec(
                List.of(python.toString(), script.toString(), "--url", served.baseUrl(), "--action", action),
                Map.of(),
                Duration.ofMinutes(3));
        assertEquals(0, run.exit(), venv + ": " + run.err() + "\n" + served.logs());
        JsonNode transcript = JSON.readTree(run.out());
        assertTrue(
                transcript.get("client").asString().startsWith(venv.equals("pyref") ? "openenv-core==" : "openenv=="),
                transcript.get("client").toString());
        assertTrue(transcript.get("reset").get("observation").isObject(), transcript.toString());
        assertFalse(transcript.get("reset").get("done").asBoolean(), transcript.toString());
        assertTrue(transcript.get("step").get("observation").isObject(), transcript.toString());
        assertTrue(transcript.get("state").isObject(), transcript.toString());
    }

    /** The reference's virtual environments of openenv4j-it (created by its script when missing or stale). */
    static final class PythonReference {
        private PythonReference() {}

        static synchronized Path python(String venv) throws IOException, InterruptedException {
            Path it = Images.repoRoot().resolve("openenv4j-it");
            Path dir = it.resolve("target").resolve(venv);
            Path requirements = it.resolve("src/test/python")
                    .resolve(venv.equals("pyref") ? "requirements.txt" : "requirements-openenv.txt");
            var made = DockerDaemon.exec(
                    List.of(
                            "bash",
                            it.resolve("scripts/pyref-venv.sh").toString(),
                            dir.toString(),
                            requirements.toString()),
                    Map.of(),
                    Duration.ofMinutes(10));
            if (made.exit() != 0 || !Files.isExecutable(dir.resolve("bin/python"))) {
                throw new IllegalStateException("Cannot create the Python reference's venv " + dir + ": " + made.err());
            }
            return dir.resolve("bin/python");
        }
    }
}
