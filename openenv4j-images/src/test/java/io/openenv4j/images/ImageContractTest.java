package io.openenv4j.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The container contract of the reference's providers and of Hugging Face Spaces, checked on the text family's
 * image (echo by default) run in a real Docker daemon: its own command serves on 0.0.0.0:8000 with no arguments,
 * as a non-root user on a read-only root file system with only /tmp writable; configuration comes from
 * environment variables; SIGTERM closes the sessions and exits 0; labels carry the OpenEnv manifest, version and
 * health path; the Space files are generated; a Space-style launch serves /web and accepts the Space's origin.
 */
class ImageContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How the pure images are meant to run: read-only root, a tmpfs /tmp, every capability dropped. */
    static final List<String> LOCKED_DOWN = List.of(
            "--read-only", "--tmpfs", "/tmp:rw,mode=1777", "--cap-drop", "ALL", "--security-opt", "no-new-privileges");

    private static DockerDaemon daemon;
    private static Images.Family text;
    private static String image;

    @BeforeAll
    static void loadImage() throws Exception {
        daemon = DockerDaemon.shared();
        text = Images.family("text");
        image = Images.load(daemon, text);
    }

    @Test
    void theImagesOwnCommandServesOnAllInterfacesPort8000AsTheNonRootUser() throws Exception {
        try (var served = Served.start(daemon, image, Map.of(), LOCKED_DOWN)) {
            served.awaitHealthy();
            // 0.0.0.0:8000 (00000000:1F40) listening (0A) in the container's own network namespace
            assertTrue(
                    served.proc("net/tcp")
                            .lines()
                            .anyMatch(l -> l.trim().split("\\s+")[1].equals("00000000:1F40")
                                    && l.trim().split("\\s+")[3].equals("0A")),
                    served.proc("net/tcp"));
            String uid = served.proc("status")
                    .lines()
                    .filter(l -> l.startsWith("Uid:"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(
                    List.of("65532", "65532", "65532", "65532"),
                    List.of(uid.substring(4).trim().split("\\s+")));
            JsonNode metadata = JSON.readTree(served.get("/metadata").body());
            assertEquals("echo", metadata.get("name").asString());
        }
    }

    @Test
    void onlyTmpIsWritableOnTheReadOnlyRoot() throws Exception {
        try (var served = Served.start(daemon, image, Map.of(), LOCKED_DOWN)) {
            served.awaitHealthy();
            assertEquals(
                    0,
                    daemon.docker("exec", served.id, "sh", "-c", ": > /tmp/written")
                            .exit());
            var home = daemon.docker("exec", served.id, "sh", "-c", ": > /home/nonroot/written");
            assertNotEquals(0, home.exit());
            assertTrue(home.err().contains("Read-only file system"), home.err());
            assertNotEquals(
                    0,
                    daemon.docker("exec", served.id, "sh", "-c", ": > /app/written")
                            .exit());
        }
    }

    @Test
    void environmentVariablesChooseTheEnvironmentCapacityAndToken() throws Exception {
        var env = Map.of(
                "OPENENV4J_ENV", "wordle", "MAX_CONCURRENT_ENVS", "3", "OPENENV_AUTH_TOKEN", "s3cret-token-for-tests");
        try (var served = Served.start(daemon, image, env, LOCKED_DOWN)) {
            // with a token, every route asks for it but the health probe (Docker, Kubernetes and the reference's
            // providers poll /health without credentials)
            served.awaitHealthy();
            assertEquals(401, served.post("/reset", "{}").statusCode());
            assertEquals(401, served.get("/metadata").statusCode());
            var reset = served.post("/reset", "{}", "Authorization", "Bearer s3cret-token-for-tests");
            assertEquals(200, reset.statusCode(), reset.body());
            var status = JSON.readTree(served.get("/web/status", "Authorization", "Bearer s3cret-token-for-tests")
                    .body());
            assertEquals("wordle", status.get("environment").asString());
            assertEquals(3, status.get("max_sessions").asInt());
        }
    }

    @Test
    void sigtermClosesOpenSessionsAndTheProcessExitsZero() throws Exception {
        try (var served = Served.start(daemon, image, Map.of(), LOCKED_DOWN)) {
            served.awaitHealthy();
            var closed = new CompletableFuture<Integer>();
            var opened = new CompletableFuture<String>();
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + served.port + "/ws"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                opened.complete(text.toString());
                                text.setLength(0);
                            }
                            socket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                            closed.complete(status);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket socket, Throwable error) {
                            closed.completeExceptionally(error);
                        }
                    })
                    .get(20, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"reset\",\"data\":{}}", true);
            assertTrue(opened.get(30, TimeUnit.SECONDS).contains("\"observation\""), "a session is open");
            // docker stop sends SIGTERM and kills only after the grace period, which the contract sets at 10 s.
            daemon.docker("stop", "-t", "10", served.id).requireSuccess("docker stop");
            assertEquals(1001, closed.get(10, TimeUnit.SECONDS), "the open session is closed as 'going away'");
            assertEquals(
                    "0",
                    daemon.docker("inspect", "-f", "{{.State.ExitCode}}", served.id)
                            .out()
                            .strip(),
                    served.logs());
        }
    }

    @Test
    void serverIsTheDefaultCommandAndAnExecutableOnPath() throws Exception {
        var config = JSON.readTree(daemon.docker("inspect", "-f", "{{json .Config}}", image)
                .requireSuccess("inspect")
                .out());
        assertEquals("[\"server\"]", config.get("Cmd").toString());
        assertTrue(
                config.get("Entrypoint") == null
                        || config.get("Entrypoint").isNull()
                        || config.get("Entrypoint").isEmpty(),
                config.toString());
        assertEquals("65532:65532", config.get("User").asString());
        assertTrue(config.get("ExposedPorts").has("8000/tcp"), config.toString());
        var which = daemon.docker("run", "--rm", "--network", "none", image, "sh", "-c", "command -v server");
        assertEquals(
                "/usr/local/bin/server",
                which.requireSuccess("command -v server").out().strip());
        // 'server NAME' as the command serves that environment
        try (var served = Served.start(daemon, image, Map.of(), LOCKED_DOWN, "server", "text-adventure")) {
            served.awaitHealthy();
            assertEquals(
                    "text-adventure",
                    JSON.readTree(served.get("/metadata").body()).get("name").asString());
        }
    }

    @Test
    void everyFamilysImageIsLabelledWithItsManifestVersionAndHealthPath() throws Exception {
        for (Images.Family family : Images.families()) {
            String loaded = Images.load(daemon, family);
            JsonNode labels = JSON.readTree(daemon.docker("inspect", "-f", "{{json .Config.Labels}}", loaded)
                    .requireSuccess("inspect")
                    .out());
            String manifest = Files.readString(Images.repoRoot()
                    .resolve("envs-manifests")
                    .resolve(family.defaultEnv())
                    .resolve("openenv.yaml"));
            assertEquals(manifest, labels.get("io.openenv.manifest").asString(), family.name());
            assertEquals(Images.version(), labels.get("io.openenv.version").asString());
            assertEquals(
                    Images.version(),
                    labels.get("org.opencontainers.image.version").asString());
            assertEquals("/health", labels.get("io.openenv.health-path").asString());
            assertEquals("8000", labels.get("io.openenv.port").asString());
            assertEquals(family.name(), labels.get("io.openenv4j.family").asString());
        }
    }

    @Test
    void everyFamilyHasGeneratedSpaceFilesForADockerSpaceOnPort8000() throws IOException {
        for (Images.Family family : Images.families()) {
            var space = Images.imagesDir().resolve("space").resolve(family.name());
            List<String> readme = Files.readAllLines(space.resolve("README.md"));
            assertEquals("---", readme.getFirst());
            List<String> front =
                    readme.subList(1, readme.subList(1, readme.size()).indexOf("---") + 1);
            assertTrue(front.contains("sdk: docker"), front.toString());
            assertTrue(front.contains("app_port: 8000"), front.toString());
            assertTrue(front.contains("base_path: /web"), front.toString());
            assertTrue(Files.readString(space.resolve("Dockerfile")).contains("FROM " + family.image() + "\n"));
        }
    }

    @Test
    void aSpaceStyleLaunchServesTheWebPageAndAcceptsOnlyTheSpacesOrigin() throws Exception {
        var env = Map.of("ENABLE_WEB_INTERFACE", "true", "SPACE_HOST", "someone-openenv4j-text.hf.space");
        try (var served = Served.start(daemon, image, env, LOCKED_DOWN)) {
            served.awaitHealthy();
            var page = served.get("/web");
            if (page.statusCode() / 100 == 3) {
                // /web redirects to /web/ (relative links resolve under it)
                String location = page.headers().firstValue("location").orElseThrow();
                assertTrue(location.endsWith("web/"), location);
                page = served.get("/web/");
            }
            assertEquals(200, page.statusCode());
            assertTrue(
                    page.headers().firstValue("content-type").orElse("").startsWith("text/html"),
                    page.headers().toString());
            assertTrue(page.body().contains("<html")
                    || page.body().contains("<!doctype html")
                    || page.body().contains("<!DOCTYPE html"));
            var fromSpace = served.post("/reset", "{}", "Origin", "https://someone-openenv4j-text.hf.space");
            assertEquals(200, fromSpace.statusCode(), fromSpace.body());
            var fromElsewhere = served.post("/reset", "{}", "Origin", "https://elsewhere.example");
            assertEquals(403, fromElsewhere.statusCode(), fromElsewhere.body());
        }
    }
}
