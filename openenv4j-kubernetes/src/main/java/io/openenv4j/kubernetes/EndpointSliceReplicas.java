package io.openenv4j.kubernetes;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Service's replicas as Kubernetes sees them: watches the Service's EndpointSlices and hands the ready
 * endpoints' base URLs ({@code http://address:port}) to a listener whenever they change, e.g. {@code
 * router::setReplicas} of the placement router (docs/scale-out.md). Endpoints whose {@code ready} condition is
 * false (a pod not ready yet, or terminating) are left out; a missing condition counts as ready, as Kubernetes
 * says it should. IPv4 and IPv6 slices (what the EndpointSlice controller writes for pods) give {@code
 * http://10.1.2.3:8000} and {@code http://[fd00::3]:8000}; FQDN slices (written by hand for a Service without a
 * selector, e.g. for replicas outside the cluster) give {@code http://name:8000}.
 */
public final class EndpointSliceReplicas implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointSliceReplicas.class);
    private static final String SERVICE_LABEL = "kubernetes.io/service-name";

    private final SharedIndexInformer<EndpointSlice> informer;
    private final String portName;
    private final Consumer<List<URI>> listener;
    private List<URI> last = null;

    /**
     * Starts watching.
     *
     * @param portName the Service port's name, or {@code null} for a Service with one port
     * @param listener called with the full, sorted list of ready replicas after each change (on the watch's thread)
     */
    public EndpointSliceReplicas(
            KubernetesClient client, String namespace, String service, String portName, Consumer<List<URI>> listener) {
        this.portName = portName;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.informer = client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(namespace)
                .withLabel(SERVICE_LABEL, service)
                .runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(EndpointSlice slice) {
                changed();
            }

            @Override
            public void onUpdate(EndpointSlice before, EndpointSlice after) {
                changed();
            }

            @Override
            public void onDelete(EndpointSlice slice, boolean finalStateUnknown) {
                changed();
            }
        });
        // Started only now: the handler reads the informer's store, so the field must be set first.
        informer.run();
        changed();
    }

    /** The ready replicas now. */
    public List<URI> replicas() {
        var uris = new ArrayList<URI>();
        for (EndpointSlice slice : informer.getStore().list()) {
            Integer port = port(slice);
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            boolean ipv6 = "IPv6".equals(slice.getAddressType());
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (endpoint.getConditions() != null
                        && Boolean.FALSE.equals(endpoint.getConditions().getReady())) {
                    continue;
                }
                if (endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
                    continue;
                }
                // Addresses of one endpoint are fungible (Kubernetes uses the first).
                String address = endpoint.getAddresses().getFirst();
                uris.add(URI.create("http://" + (ipv6 ? "[" + address + "]" : address) + ":" + port));
            }
        }
        uris.sort(Comparator.comparing(URI::toString));
        return List.copyOf(uris);
    }

    private Integer port(EndpointSlice slice) {
        if (slice.getPorts() == null) {
            return null;
        }
        for (EndpointPort port : slice.getPorts()) {
            if (portName == null ? slice.getPorts().size() == 1 : portName.equals(port.getName())) {
                return port.getPort();
            }
        }
        return null;
    }

    private synchronized void changed() {
        List<URI> now = replicas();
        if (!now.equals(last)) {
            last = now;
            LOG.info("replicas from EndpointSlices: {}", now);
            listener.accept(now);
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}
