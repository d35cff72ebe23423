package io.openenv4j.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes/openenv4j.yaml, applied server-side to a real kube-apiserver: every object accepted as written. */
class DeployManifestsTest {

    private static RealApiServer kube;

    @BeforeAll
    static void start() {
        kube = RealApiServer.shared();
    }

    @Test
    void everyObjectIsAcceptedByServerSideApplyAsWrittenAndASecondApplyChangesNothing() throws Exception {
        String ns = kube.namespace("envs");
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(Path.of("..", "deploy", "kubernetes", "openenv4j.yaml"))) {
            objects = kube.client.load(in).items();
        }
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .containsExactly(
                        "ServiceAccount",
                        "Role",
                        "RoleBinding",
                        "Deployment",
                        "Service",
                        "Deployment",
                        "Service",
                        "HorizontalPodAutoscaler");
        for (HasMetadata object : objects) {
            kube.client
                    .resource(object)
                    .inNamespace(ns)
                    .fieldManager("openenv4j-test")
                    .forceConflicts()
                    .serverSideApply();
        }

        Deployment env = kube.client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("echo-env")
                .get();
        Deployment place = kube.client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("openenv4j-place")
                .get();
        var serve = env.getSpec().getTemplate().getSpec();
        assertThat(serve.getContainers().getFirst().getArgs()).containsSubsequence("--drain-seconds", "300");
        assertThat(serve.getTerminationGracePeriodSeconds())
                .as("longer than the drain")
                .isGreaterThan(300L);
        assertThat(place.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getArgs())
                .containsSubsequence("--kubernetes-service", "echo-env");
        assertThat(place.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("openenv4j-place");
        HorizontalPodAutoscaler hpa = kube.client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(ns)
                .withName("echo-env")
                .get();
        assertThat(hpa.getSpec().getMetrics().getFirst().getPods().getMetric().getName())
                .isEqualTo("openenv_sessions_in_use");
        assertThat(hpa.getSpec().getScaleTargetRef().getName())
                .isEqualTo(env.getMetadata().getName());
        assertThat(kube.client
                        .services()
                        .inNamespace(ns)
                        .withName("openenv4j")
                        .get()
                        .getSpec()
                        .getClusterIP())
                .isNotBlank();

        // Applying again changes nothing (same generation): the manifests are stable under server-side apply.
        long generation = env.getMetadata().getGeneration();
        for (HasMetadata object : objects) {
            kube.client
                    .resource(object)
                    .inNamespace(ns)
                    .fieldManager("openenv4j-test")
                    .forceConflicts()
                    .serverSideApply();
        }
        assertThat(kube.client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("echo-env")
                        .get()
                        .getMetadata()
                        .getGeneration())
                .isEqualTo(generation);
    }
}
