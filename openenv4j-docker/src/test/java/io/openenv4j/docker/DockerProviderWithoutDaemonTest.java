package io.openenv4j.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.client.provider.ProviderException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the provider says when there is no daemon to talk to, and what it reads from a manifest. Its work against a
 * real Docker daemon is tested in openenv4j-images ({@code DockerProviderTest}), which has the daemon and the images.
 */
class DockerProviderWithoutDaemonTest {

    @Test
    void aSocketNobodyListensOnIsAClearErrorNamingTheDaemon(@TempDir Path dir) {
        var docker = DockerProvider.connect("unix://" + dir.resolve("docker.sock"));
        var provider = new DockerProvider(docker, DockerProvider.Spec.of("echo", "openenv4j/text:1"));
        assertThatThrownBy(() -> provider.start(1))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("cannot reach the Docker daemon to reach the daemon")
                .hasMessageContaining("DOCKER_HOST");
        assertThatThrownBy(provider::stop)
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining(
                        "cannot reach the Docker daemon to list containers labelled io.openenv4j.group=echo");
    }

    @Test
    void aSocketThatClosesWithoutAnsweringIsAClearError(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("mute.sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            var closer = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        server.accept().close();
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            var provider = new DockerProvider(
                    DockerProvider.connect("unix://" + socket), DockerProvider.Spec.of("echo", "openenv4j/text:1"));
            assertThatThrownBy(() -> provider.start(1))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageStartingWith("cannot reach the Docker daemon to reach the daemon");
            server.close();
            closer.join();
        }
        assertThat(Files.exists(socket)).isTrue();
    }

    @Test
    void aManifestsCpuAndMemoryBecomeLimitsInCoresAndBytes() {
        var resources = ManifestResources.parse("""
                name: echo
                validation:
                  resources:
                    cpu: 0.5
                    memory_mb: 300
                    disk_mb: 256
                """, "img");
        assertThat(resources).isEqualTo(new ManifestResources(0.5, 300L * 1024 * 1024));
        assertThat(ManifestResources.parse(null, "img")).isEqualTo(ManifestResources.NONE);
        assertThat(ManifestResources.parse("name: echo\n", "img")).isEqualTo(ManifestResources.NONE);
    }

    @Test
    void aManifestWithNonsenseLimitsIsRefusedWithTheField() {
        assertThatThrownBy(() -> ManifestResources.parse("validation: {resources: {memory_mb: -5}}", "my/img:1"))
                .isInstanceOf(ProviderException.class)
                .hasMessage(
                        "the manifest of my/img:1 says validation.resources.memory_mb: -5 (a positive number expected)");
        assertThatThrownBy(() -> ManifestResources.parse("validation: [unclosed", "my/img:1"))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("the manifest of my/img:1 is not YAML");
    }

    @Test
    void aSpecRefusesANameDockerWouldRefuseAndNonsenseLimits() {
        assertThatThrownBy(() -> DockerProvider.Spec.of("no spaces", "img"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no spaces");
        assertThatThrownBy(() -> DockerProvider.Spec.of("echo", "img").withCpus(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpus");
        assertThatThrownBy(() -> DockerProvider.Spec.of("echo", "img").withMemoryBytes(1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 MiB");
    }
}
