package io.openenv4j.client.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where environment servers run: local processes ({@link LocalProcessProvider}), Kubernetes
 * ({@code io.openenv4j.kubernetes.KubernetesProvider}), and whatever else implements these few calls. A provider
 * starts replicas of one environment server, says when they are healthy and where they are, scales them, and
 * stops them. Put {@code openenv4j place} (docs/scale-out.md) in front of {@link #replicas()} to give clients one URL.
 */
public interface EnvProvider extends AutoCloseable {

    /** Starts {@code replicas} replicas; returns once they were asked to start (see {@link #awaitHealthy}). */
    void start(int replicas) throws ProviderException;

    /**
     * Waits until every replica answers as healthy ({@code GET /health} or the platform's readiness).
     *
     * @throws ProviderException when they are not healthy within {@code within}, saying which are not and why
     */
    void awaitHealthy(Duration within) throws ProviderException, InterruptedException;

    /** The URL clients use: the one replica, or the platform's single address for all of them. */
    URI url();

    /** Each replica's own base URL, where they are reachable from here (empty when they are not). */
    List<URI> replicas();

    /** Changes the number of replicas; new ones still need {@link #awaitHealthy}. */
    void scale(int replicas) throws ProviderException;

    /** Stops every replica and removes what {@link #start} created. Idempotent. */
    void stop() throws ProviderException;

    @Override
    default void close() throws ProviderException {
        stop();
    }
}
