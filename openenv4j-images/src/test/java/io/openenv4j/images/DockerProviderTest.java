package io.openenv4j.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.openenv4j.client.EnvClient;
import io.openenv4j.client.ServerErrorException;
import io.openenv4j.client.provider.ProviderException;
import io.openenv4j.docker.DockerProvider;
import io.openenv4j.server.placement.PlacementConfig;
import io.openenv4j.server.placement.PlacementRouter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DockerProvider} against the tests' real Docker daemon (no bridge: the replicas use host networking on
 * their own loopback ports) with the text family's image built by this module in the same run.
 */
class DockerProviderTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DockerDaemon daemon;
    private static DockerClient docker;
    private static String image;

    @BeforeAll
    static void daemon() throws Exception {
        daemon = DockerDaemon.shared();
        image = Images.load(daemon, Images.family("text"));
        docker = DockerProvider.connect(daemon.host());
    }

    @AfterAll
    static void close() throws IOException {
        if (docker != null) {
            docker.close();
        }
    }

    private static List<String> containersOf(String group) {
        return DockerProvider.containersOf(docker, group).stream()
                .map(c -> c.getId())
                .toList();
    }

    private static String capacity(URI replica) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(replica.resolve("/capacity")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void until(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void twoReplicasHoldMoreSessionsThroughTheRouterThanOneAllowsWithTheManifestsLimits() throws Exception {
        var spec = DockerProvider.Spec.of("pool", image)
                .withMaxSessions(2)
                .withHostConfig(host -> host.withReadonlyRootfs(true).withTmpFs(Map.of("/tmp", "rw,mode=1777")));
        var clients = new ArrayList<EnvClient<Map<String, Object>, Map<String, Object>, Map<String, Object>>>();
        try (var provider = new DockerProvider(docker, spec)) {
            provider.start(2);
            provider.awaitHealthy(Duration.ofSeconds(90));
            assertThat(provider.replicas())
                    .hasSize(2)
                    .doesNotHaveDuplicates()
                    .allSatisfy(uri -> assertThat(uri.toString()).matches("http://127\\.0\\.0\\.1:\\d+"));
            assertThat(containersOf("pool")).containsExactlyInAnyOrderElementsOf(provider.containerIds());

            for (String id : provider.containerIds()) {
                var inspect = docker.inspectContainerCmd(id).exec();
                assertThat(inspect.getHostConfig().getNetworkMode()).isEqualTo("host");
                assertThat(inspect.getHostConfig().getReadonlyRootfs()).isTrue();
                // The text image's manifest (echo's openenv.yaml): cpu 1.0, memory_mb 512.
                assertThat(inspect.getHostConfig().getNanoCPUs()).isEqualTo(1_000_000_000L);
                assertThat(inspect.getHostConfig().getMemory()).isEqualTo(512L * 1024 * 1024);
                assertThat(inspect.getConfig().getLabels())
                        .containsEntry(DockerProvider.GROUP, "pool")
                        .containsEntry(DockerProvider.MANAGED_BY, DockerProvider.MANAGER);
                // The kernel enforces it: the limit the container's own cgroup reports (v2, else v1).
                String limit = daemon.docker(
                                "exec",
                                id,
                                "sh",
                                "-c",
                                "read -r l < /sys/fs/cgroup/memory.max 2>/dev/null"
                                        + " || read -r l < /sys/fs/cgroup/memory/memory.limit_in_bytes; echo $l")
                        .out()
                        .strip();
                assertThat(limit).isEqualTo(String.valueOf(512L * 1024 * 1024));
            }

            try (var router = new PlacementRouter(
                            PlacementConfig.of(provider.replicas()).withPollInterval(Duration.ofMillis(100)))
                    .start()) {
                until(() -> router.freeSessions() == 4, "the router read both replicas' capacity");
                for (int i = 0; i < 4; i++) {
                    var client = EnvClient.generic(router.baseUrl());
                    clients.add(client);
                    client.reset();
                    assertThat(client.state()).containsKey("step_count");
                }
                for (URI replica : provider.replicas()) {
                    assertThat(capacity(replica)).contains("\"active_sessions\":2");
                }
                var fifth = EnvClient.generic(router.baseUrl());
                clients.add(fifth);
                assertThatThrownBy(fifth::reset)
                        .isInstanceOf(ServerErrorException.class)
                        .hasMessageContaining("4/4");
            } finally {
                clients.forEach(EnvClient::close);
            }
        }
        assertThat(containersOf("pool")).as("stop (close) leaves no container").isEmpty();
    }

    @Test
    void scalingDownDrainsTheLeavingReplicaLetsItsSessionFinishThenRemovesIt() throws Exception {
        var spec = DockerProvider.Spec.of("drain", image).withMaxSessions(2).withDrainSeconds(60);
        try (var provider = new DockerProvider(docker, spec)) {
            provider.start(2);
            provider.awaitHealthy(Duration.ofSeconds(90));
            URI staying = provider.replicas().get(0);
            URI leaving = provider.replicas().get(1);
            String leavingId = provider.containerIds().get(1);
            var open = EnvClient.generic(leaving.toString());
            open.reset();

            try (var router = new PlacementRouter(
                            PlacementConfig.of(provider.replicas()).withPollInterval(Duration.ofMillis(100)))
                    .start()) {
                until(() -> router.freeSessions() == 3, "the router read both replicas' capacity");
                // A thread of its own: scale(1) blocks for the drain (not the common pool, which clients may need).
                var scaling = new FutureTask<Void>(() -> provider.scale(1), null);
                Thread.ofPlatform().name("scale-down").start(scaling);
                until(() -> capacity(leaving).contains("\"draining\":true"), "the leaving replica drains");
                until(() -> router.freeSessions() == 2, "the router saw the drain");
                // The open session runs on; new sessions go to the other replica, and when it is full the pool is.
                assertThat(open.state()).containsKey("step_count");
                var placed = new ArrayList<EnvClient<Map<String, Object>, Map<String, Object>, Map<String, Object>>>();
                try {
                    for (int i = 0; i < 2; i++) {
                        placed.add(EnvClient.generic(router.baseUrl()));
                        placed.getLast().reset();
                    }
                    assertThat(capacity(staying)).contains("\"active_sessions\":2");
                    placed.add(EnvClient.generic(router.baseUrl()));
                    assertThatThrownBy(placed.getLast()::reset)
                            .isInstanceOf(ServerErrorException.class)
                            .hasMessageContaining("CAPACITY_REACHED");
                } finally {
                    placed.forEach(EnvClient::close);
                }
                assertThat(capacity(leaving)).contains("\"active_sessions\":1");
                assertThat(scaling).isNotDone();
                assertThat(containersOf("drain")).contains(leavingId);

                open.close();
                scaling.get(60, TimeUnit.SECONDS);
            }
            assertThat(provider.replicas()).containsExactly(staying);
            assertThat(containersOf("drain"))
                    .containsExactlyElementsOf(provider.containerIds())
                    .doesNotContain(leavingId);
        }
        assertThat(containersOf("drain")).isEmpty();
    }

    @Test
    void aRunsLeftoversAreFoundByTheirLabelRefusedAtStartAndRemoved() throws Exception {
        var spec = DockerProvider.Spec.of("leftover", image);
        var crashed = new DockerProvider(docker, spec);
        crashed.start(1); // never stopped, as by a process that died
        var next = new DockerProvider(docker, spec);
        assertThatThrownBy(() -> next.start(1))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("1 container(s) labelled io.openenv4j.group=leftover exist already")
                .hasMessageContaining("DockerProvider.removeAll");
        assertThat(DockerProvider.removeAll(docker, "leftover", 0)).isEqualTo(1);
        assertThat(containersOf("leftover")).isEmpty();

        next.start(1);
        assertThat(containersOf("leftover")).containsExactlyElementsOf(next.containerIds());
        next.stop();
        next.stop();
        assertThat(containersOf("leftover")).isEmpty();
    }

    @Test
    void anImageTheDaemonDoesNotHaveOrRefusesIsAClearErrorAndLeavesNoContainer() {
        var missing = new DockerProvider(docker, DockerProvider.Spec.of("missing", "openenv4j/no-such-image:1"));
        assertThatThrownBy(() -> missing.start(1))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("Docker has no image openenv4j/no-such-image:1 (HTTP 404: ")
                .hasMessageContaining("No such image: openenv4j/no-such-image:1")
                .hasMessageContaining("the provider does not pull");
        var invalid = new DockerProvider(docker, DockerProvider.Spec.of("invalid", "Not A/Valid:Name!"));
        assertThatThrownBy(() -> invalid.start(1))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("Not A/Valid:Name!");
        assertThat(containersOf("missing")).isEmpty();
        assertThat(containersOf("invalid")).isEmpty();
    }

    @Test
    void aReplicaThatExitsIsReportedWithItsExitCodeAndOutput() throws Exception {
        var spec = DockerProvider.Spec.of("exits", image).withArgs("no-such-environment");
        try (var provider = new DockerProvider(docker, spec)) {
            provider.start(1);
            assertThatThrownBy(() -> provider.awaitHealthy(Duration.ofSeconds(90)))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageMatching(
                            "(?s)replica exits-\\d+ \\(http://127\\.0\\.0\\.1:\\d+\\) exited with [1-9]\\d*;"
                                    + " its output: .*no-such-environment.*");
        }
        assertThat(containersOf("exits")).isEmpty();
    }

    @Test
    void limitsComeFromTheManifestAnImageNamesByPathUnlessTheSpecSetsThem() throws Exception {
        String tag = "openenv4j-test/manifest-path:1";
        String maker = "manifest-path-maker";
        daemon.docker(
                        "run",
                        "--name",
                        maker,
                        "--network",
                        "none",
                        image,
                        "sh",
                        "-c",
                        "printf 'name: x\\nvalidation:\\n  resources:\\n    cpu: 0.5\\n    memory_mb: 300\\n' > /tmp/openenv.yaml")
                .requireSuccess("writing a manifest");
        try {
            daemon.docker("commit", "--change", "LABEL io.openenv.manifest-path=/tmp/openenv.yaml", maker, tag)
                    .requireSuccess("docker commit");
        } finally {
            daemon.docker("rm", "-f", maker);
        }
        try (var fromPath = new DockerProvider(docker, DockerProvider.Spec.of("by-path", tag))) {
            fromPath.start(1);
            var host = docker.inspectContainerCmd(fromPath.containerIds().getFirst())
                    .exec()
                    .getHostConfig();
            assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
            assertThat(host.getMemory()).isEqualTo(300L * 1024 * 1024);
        }
        try (var overridden = new DockerProvider(
                docker, DockerProvider.Spec.of("overridden", tag).withCpus(0.25).withMemoryBytes(400L * 1024 * 1024))) {
            overridden.start(1);
            var host = docker.inspectContainerCmd(overridden.containerIds().getFirst())
                    .exec()
                    .getHostConfig();
            assertThat(host.getNanoCPUs()).isEqualTo(250_000_000L);
            assertThat(host.getMemory()).isEqualTo(400L * 1024 * 1024);
        } finally {
            daemon.docker("rmi", tag);
        }
        assertThat(containersOf("by-path")).isEmpty();
        assertThat(containersOf("overridden")).isEmpty();
    }

    @Test
    void aSandboxedFamilyRunsWithItsSandboxSettingsAndPlaysAStep() throws Exception {
        Images.Family terminal = Images.family("terminal");
        String sandboxed = Images.load(daemon, terminal);
        var spec = DockerProvider.Spec.of("sandboxed", sandboxed).withSandboxSettings();
        try (var provider = new DockerProvider(docker, spec)) {
            provider.start(1);
            String id = provider.containerIds().getFirst();
            // What 'docker run --security-opt systempaths=unconfined' asks for: nothing masked, nothing read-only.
            assertThat(daemon.docker(
                                    "inspect",
                                    "-f",
                                    "{{json .HostConfig.MaskedPaths}} {{json .HostConfig.ReadonlyPaths}}",
                                    id)
                            .requireSuccess("docker inspect")
                            .out()
                            .strip())
                    .isEqualTo("[] []");
            provider.awaitHealthy(Duration.ofSeconds(90));
            @SuppressWarnings("unchecked")
            Map<String, Object> action = new tools.jackson.databind.ObjectMapper()
                    .readValue(
                            io.openenv4j.core.spi.Environments.load()
                                    .require(terminal.defaultEnv())
                                    .actionExample(),
                            Map.class);
            try (var client = EnvClient.generic(provider.url().toString())) {
                client.reset();
                assertThat(client.step(action).observation()).isNotNull();
            }
        }
        assertThat(containersOf("sandboxed")).isEmpty();
    }
}
